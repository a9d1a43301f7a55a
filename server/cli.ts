/**
 * The command line for administrators: `npm run cli -- <command> [options]`.
 *
 *   create-user --email <e-mail> --role <admin|researcher|analyst|interviewer>
 *       Creates a staff account; the password is read from standard input (one line), so it never
 *       appears in the shell history or the process list. This is how the first admin is made.
 *   import --study <id> --file <responses.json>
 *       Imports an array of {instrumentId, answers, channel?, site?, locale?, id?} through the intake's
 *       validation and anonymisation; prints progress, then what was accepted and why the rest was not.
 *   analyse --study <id> [--instruments a,b] [--by ageGroup] [--mode published|internal] --json
 *       Prints the analysis by age group as JSON.
 *   report --study <id> [--instruments a,b] [--lang lv|ru|en] [--mode published|internal] --out <file.pdf>
 *       Writes the PDF summary.
 *
 * The command line works on the database file directly, so it is for whoever administers the server.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { renderReport } from "../analysis/report-pdf.ts";
import { loadCatalog } from "../instruments/catalog.ts";
import { loadConfig } from "./config.ts";
import { rigaDay } from "./domain/day.ts";
import { studyAnalysis } from "./services/analysis.ts";
import { importResponses } from "./services/import.ts";
import { recordInstrumentVersions } from "./store/instruments.ts";
import { Problem } from "./http/problem.ts";
import { createAccount } from "./services/accounts.ts";
import { migrate, openDatabase } from "./store/db.ts";
import { ROLES } from "./store/users.ts";

const USAGE = `usage: npm run cli -- <command> [options]
  create-user --email <e-mail> --role <${ROLES.join("|")}>   (password from standard input, 12-128 characters)
  import --study <id> --file <responses.json>
  analyse --study <id> [--instruments a,b] [--by ageGroup] [--mode published|internal] --json
  report --study <id> [--instruments a,b] [--lang lv|ru|en] [--mode published|internal] --out <file.pdf>`;

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write("Password (12-128 characters), then Enter: ");
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    if (process.stdin.isTTY && String(chunk).includes("\n")) break;
  }
  return Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
}

async function createUser(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { email: { type: "string" }, role: { type: "string" } }, strict: true });
  if (!values.email || !values.role) return usage();
  const config = loadConfig();
  const db = openDatabase(config.databasePath);
  try {
    migrate(db);
    const password = await readStdin();
    const user = await createAccount(db, { email: values.email, role: values.role, password }, () => new Date());
    console.log(`created ${user.role} ${user.email} in ${config.databasePath}`);
    return 0;
  } catch (error) {
    if (error instanceof Problem) {
      const details = (error.details as { path: string; reason: string }[] | undefined) ?? [];
      console.error([error.message, ...details.map((d) => `  ${d.path}: ${d.reason}`)].join("\n"));
      return 1;
    }
    throw error;
  } finally {
    db.close();
  }
}

/** Opens the configured database with the instruments recorded, as the server would. */
function openForCommand(): { db: ReturnType<typeof openDatabase>; catalog: ReturnType<typeof loadCatalog>; clock: () => Date } {
  const config = loadConfig();
  const db = openDatabase(config.databasePath);
  migrate(db);
  const catalog = loadCatalog();
  const clock = () => new Date();
  recordInstrumentVersions(db, catalog.map((i) => ({ instrumentId: i.descriptor.id, version: i.version, json: i.json })), rigaDay(clock()));
  return { db, catalog, clock };
}

const ANALYSIS_OPTIONS = {
  study: { type: "string" },
  instruments: { type: "string" },
  by: { type: "string", default: "ageGroup" },
  mode: { type: "string", default: "published" },
  lang: { type: "string", default: "lv" },
  json: { type: "boolean", default: false },
  out: { type: "string" },
} as const;

function analysisOptions(values: { instruments?: string; by?: string; mode?: string }): { instruments: string[]; mode: "published" | "internal" } {
  if (values.by !== "ageGroup") throw new Error(`--by ${values.by}: only ageGroup is supported`);
  if (values.mode !== "published" && values.mode !== "internal") throw new Error(`--mode ${values.mode}: use published or internal`);
  return { instruments: values.instruments ? values.instruments.split(",").map((s) => s.trim()) : [], mode: values.mode };
}

async function importCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { study: { type: "string" }, file: { type: "string" } }, strict: true });
  if (!values.study || !values.file) return usage();
  const entries = JSON.parse(readFileSync(values.file, "utf8")) as unknown;
  const deps = openForCommand();
  try {
    const report = importResponses(deps, values.study, entries, (done, total) => process.stderr.write(`\rimporting ${done}/${total}`));
    process.stderr.write("\n");
    console.log(`${report.total} entries: ${report.accepted} accepted, ${report.duplicates} already stored, ${report.rejected.length} rejected`);
    for (const r of report.rejected.slice(0, 50)) console.log(`  entry ${r.index}: ${r.reasons.map((x) => `${x.path || "(entry)"} ${x.reason}`).join("; ")}`);
    if (report.rejected.length > 50) console.log(`  ... and ${report.rejected.length - 50} more`);
    return report.rejected.length > 0 ? 1 : 0;
  } finally {
    deps.db.close();
  }
}

async function analyseCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: ANALYSIS_OPTIONS, strict: true });
  if (!values.study || !values.json) return usage();
  const deps = openForCommand();
  try {
    console.log(JSON.stringify(studyAnalysis(deps, values.study, analysisOptions(values)), null, 2));
    return 0;
  } finally {
    deps.db.close();
  }
}

async function reportCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: ANALYSIS_OPTIONS, strict: true });
  if (!values.study || !values.out) return usage();
  if (values.lang !== "lv" && values.lang !== "ru" && values.lang !== "en") throw new Error(`--lang ${values.lang}: use lv, ru or en`);
  const deps = openForCommand();
  try {
    const result = studyAnalysis(deps, values.study, analysisOptions(values));
    writeFileSync(values.out, await renderReport(result, { lang: values.lang }));
    console.log(`wrote ${values.out}: ${result.items.length} items, ${result.totalResponses} responses, ${result.mode}`);
    return 0;
  } finally {
    deps.db.close();
  }
}

function usage(): number {
  console.error(USAGE);
  return 2;
}

const COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  "create-user": createUser,
  import: importCommand,
  analyse: analyseCommand,
  report: reportCommand,
};

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    const run = command ? COMMANDS[command] : undefined;
    if (run) return await run(rest);
  } catch (error) {
    if (error instanceof Problem) {
      const details = Array.isArray(error.details) ? (error.details as { path: string; reason: string }[]) : [];
      console.error([error.message, ...details.map((d) => `  ${d.path}: ${d.reason}`)].join("\n"));
    } else {
      console.error((error as Error).message);
    }
    return 1;
  }
  return usage();
}

process.exitCode = await main(process.argv.slice(2));
