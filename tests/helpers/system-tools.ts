/**
 * Browser and PDF tests need programs from the operating system (Chromium, poppler). Where they are
 * missing, those tests skip with a loud notice saying how to install them; CI sets REQUIRE_SYSTEM_TOOLS=1,
 * which turns the skip into a failure so CI always runs them.
 */
import { execFileSync } from "node:child_process";

const INSTALL: Record<string, string> = {
  pdftotext: "apt-get install -y poppler-utils",
  pdftoppm: "apt-get install -y poppler-utils",
  pdffonts: "apt-get install -y poppler-utils",
  chromium: "apt-get install -y chromium",
};

function found(command: string): boolean {
  try {
    execFileSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** True when every command is installed; otherwise warns loudly, or throws when REQUIRE_SYSTEM_TOOLS=1. */
export function hasSystemTools(...commands: string[]): boolean {
  const missing = commands.filter((c) => !found(c));
  if (missing.length === 0) return true;
  const how = [...new Set(missing.map((c) => INSTALL[c] ?? `install ${c}`))].join(" && ");
  const message = `MISSING SYSTEM TOOLS: ${missing.join(", ")}. These tests are SKIPPED. Install with: ${how}`;
  if (process.env.REQUIRE_SYSTEM_TOOLS === "1") throw new Error(`${message} (REQUIRE_SYSTEM_TOOLS=1 forbids skipping)`);
  console.warn(`\n${"!".repeat(100)}\n${message}\n${"!".repeat(100)}\n`);
  return false;
}
