/**
 * Reads the process environment once, at start-up, and fails fast with a readable message: a server that
 * starts with a mistyped port or database path loses responses later, when nobody is watching.
 */
import { z } from "zod";

const ZConfig = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(8787),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATABASE_PATH: z.string().min(1).default("./data/platform.db"),
  RECORDINGS_DIR: z.string().min(1).default("./data/recordings"),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  LOG_REQUESTS: z
    .enum(["0", "1"])
    .default("1")
    .transform((v) => v === "1"),
});

export type TConfig = {
  port: number;
  host: string;
  databasePath: string;
  /** Interview recordings, one folder per session; deleted by the retention job as the guides promise. */
  recordingsDir: string;
  /** The address people use to reach the server; family links are built on it. */
  publicUrl: string;
  /** Served over https: session cookies get the Secure flag and the __Host- prefix. */
  secureCookies: boolean;
  logRequests: boolean;
};

/** Parses the environment; throws an Error listing every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): TConfig {
  const parsed = ZConfig.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`invalid configuration:\n${lines.join("\n")}`);
  }
  const c = parsed.data;
  const publicUrl = (c.PUBLIC_URL ?? `http://localhost:${c.PORT}`).replace(/\/+$/, "");
  return {
    port: c.PORT,
    host: c.HOST,
    databasePath: c.DATABASE_PATH,
    recordingsDir: c.RECORDINGS_DIR,
    publicUrl,
    secureCookies: publicUrl.startsWith("https://"),
    logRequests: c.LOG_REQUESTS,
  };
}
