/**
 * Writing the audit log from routes: who (the signed-in account), what, on what. Entries name studies,
 * devices and links by id and never carry answers, tokens or codes.
 */
import type { Context } from "hono";
import type { Db } from "../store/db.ts";
import { insertAudit } from "../store/audit.ts";
import type { AppEnv } from "./env.ts";

export type AuditAction =
  | "auth.sign_in"
  | "auth.sign_in_failed"
  | "auth.sign_out"
  | "auth.password_change"
  | "user.create"
  | "user.update"
  | "user.password_reset"
  | "site.create"
  | "study.create"
  | "study.update"
  | "enrolment.create"
  | "device.enrol"
  | "device.revoke"
  | "link.create"
  | "link.revoke"
  | "analysis.view"
  | "report.download"
  | "export.download"
  | "paper.print"
  | "paper.reprint"
  | "paper.entry"
  | "paper.resolve"
  | "interview.start"
  | "interview.finish"
  | "interview.summarise"
  | "recording.add"
  | "recording.delete"
  | "transcript.save"
  | "redactions.update"
  | "codebook.update"
  | "codebook.import"
  | "coding.export";

/** Records an action by the signed-in staff member of this request (or by `actor` when none is). */
export function audit(
  deps: { db: Db; clock: () => Date },
  c: Context<AppEnv>,
  action: AuditAction,
  target: string | null,
  detail: Record<string, unknown> | null = null,
  actor?: string,
): void {
  const user = c.get("user") as AppEnv["Variables"]["user"] | undefined;
  insertAudit(deps.db, {
    at: deps.clock().toISOString(),
    userId: user?.id ?? null,
    actor: user?.email ?? actor ?? "anonymous",
    action,
    target,
    detail,
  });
}
