/**
 * The command line for administrators: `npm run cli -- <command> [options]`.
 *
 *   create-user --email <e-mail> --role <admin|researcher|analyst|interviewer>
 *       Creates a staff account; the password is read from standard input (one line), so it never
 *       appears in the shell history or the process list. This is how the first admin is made.
 */
import { parseArgs } from "node:util";
import { loadConfig } from "./config.ts";
import { Problem } from "./http/problem.ts";
import { createAccount } from "./services/accounts.ts";
import { migrate, openDatabase } from "./store/db.ts";
import { ROLES } from "./store/users.ts";

const USAGE = `usage: npm run cli -- create-user --email <e-mail> --role <${ROLES.join("|")}>
  (the password, 12-128 characters, is read from standard input)`;

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
  if (!values.email || !values.role) {
    console.error(USAGE);
    return 2;
  }
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

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === "create-user") return await createUser(rest);
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  }
  console.error(USAGE);
  return 2;
}

process.exitCode = await main(process.argv.slice(2));
