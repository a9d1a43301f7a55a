/**
 * Accepting a response: the one path by which respondents' answers enter the database.
 *
 * The order of the checks is part of the promise. The credential (a tablet's token or a family link) is
 * checked first; a response id that is already stored gets its original receipt back when the payload is
 * the same (a retry after a lost acknowledgement) and a conflict otherwise; only then do the study's rules,
 * the instrument version and the answers themselves decide. Free text is scrubbed of personal codes, phone
 * numbers and e-mail addresses before anything is written, and the row records the day, never the time,
 * and never the device or link that sent it.
 */
import type { LoadedInstrument } from "../../instruments/catalog.ts";
import { canonicalJson } from "../../instruments/catalog.ts";
import { ageGroupOf } from "../../instruments/index.ts";
import { validateAnswers, type AnswerProblem } from "../domain/answers.ts";
import { rigaDay } from "../domain/day.ts";
import { scrubValue } from "../domain/scrub.ts";
import { hashSecret } from "../domain/tokens.ts";
import { Problem } from "../http/problem.ts";
import { findDeviceByToken, findLinkByToken, markDeviceSynced, useLink, type DeviceRow, type LinkRow } from "../store/access.ts";
import type { Db } from "../store/db.ts";
import { findInstrumentVersionJson } from "../store/instruments.ts";
import { findResponse, insertResponse, type ResponseRow } from "../store/responses.ts";
import { findStudy, type Study } from "../store/studies.ts";
import { requireChannel, requireInstrument } from "./studies.ts";

export type Credential = { kind: "device"; token: string } | { kind: "link"; token: string };

export interface ResponseSubmission {
  id: string;
  instrumentId: string;
  instrumentVersion: string;
  locale: "lv" | "ru" | "en";
  answers: Record<string, unknown>;
}

export interface Receipt {
  id: string;
  receivedOn: string;
}

export interface IntakeDeps {
  db: Db;
  clock: () => Date;
  catalog: readonly LoadedInstrument[];
}

type Sender = { channel: "tablet"; device: DeviceRow } | { channel: "online"; link: LinkRow };

function identifySender(db: Db, credential: Credential): Sender {
  const tokenHash = hashSecret(credential.token);
  if (credential.kind === "device") {
    const device = findDeviceByToken(db, tokenHash);
    if (!device) throw new Problem("credential.invalid", "This tablet is not enrolled. Ask the research team for a new enrolment code.");
    if (device.revoked) throw new Problem("credential.revoked", "This tablet's enrolment was withdrawn by the research team.");
    return { channel: "tablet", device };
  }
  const link = findLinkByToken(db, tokenHash);
  if (!link) throw new Problem("credential.invalid", "This link is not valid.");
  if (link.revoked) throw new Problem("link.gone", "This link has been closed by the research team.", { reason: "revoked" });
  return { channel: "online", link };
}

/** What decides whether a retry is the same response: everything the respondent sent, as stored. */
function sameSubmission(row: ResponseRow, studyId: string, submission: ResponseSubmission, scrubbedAnswers: unknown): boolean {
  return (
    row.studyId === studyId &&
    row.instrumentId === submission.instrumentId &&
    row.instrumentVersion === submission.instrumentVersion &&
    row.locale === submission.locale &&
    canonicalJson(JSON.parse(row.answers)) === canonicalJson(scrubbedAnswers)
  );
}

function replay(row: ResponseRow, studyId: string, submission: ResponseSubmission, scrubbedAnswers: unknown): Receipt {
  if (!sameSubmission(row, studyId, submission, scrubbedAnswers)) {
    throw new Problem("response.duplicate_conflict", "A different response with this id was stored already. Make a new id for a new response.", {
      id: submission.id,
    });
  }
  return { id: row.id, receivedOn: row.receivedOn };
}

function checkStudyOpen(study: Study, today: string): void {
  if (study.closed) throw new Problem("study.closed", "The study is closed and takes no more responses.");
  if (study.opensOn && today < study.opensOn) throw new Problem("study.not_open", `The study opens on ${study.opensOn}.`, { opensOn: study.opensOn });
  if (study.closesOn && today > study.closesOn) throw new Problem("study.closed", `The study closed on ${study.closesOn}.`, { closesOn: study.closesOn });
}

/** The instrument JSON the respondent answered: the current version, or an older one the server served. */
export function instrumentJsonFor(
  deps: IntakeDeps,
  submission: Pick<ResponseSubmission, "instrumentId" | "instrumentVersion">,
): { loaded: LoadedInstrument; json: unknown } {
  const loaded = deps.catalog.find((i) => i.descriptor.id === submission.instrumentId);
  if (!loaded) throw new Error(`instrument ${submission.instrumentId} vanished from the catalog`);
  if (submission.instrumentVersion === loaded.version) return { loaded, json: loaded.json };
  const older = findInstrumentVersionJson(deps.db, submission.instrumentId, submission.instrumentVersion);
  if (older === undefined) {
    throw new Problem(
      "response.unknown_instrument_version",
      `Version ${submission.instrumentVersion} of "${submission.instrumentId}" was never served; the current version is ${loaded.version}.`,
      { currentVersion: loaded.version },
    );
  }
  return { loaded, json: older };
}

/**
 * Drops the "is required" problems of questions in `excused`: on a returned paper form a question the typist
 * marked blank or unreadable was left out by the respondent, and paper cannot insist on an answer.
 */
export function excuseRequired(problems: AnswerProblem[], excused: ReadonlySet<string>): AnswerProblem[] {
  return excused.size === 0 ? problems : problems.filter((p) => !(p.reason === "is required" && excused.has(p.path)));
}

/**
 * Validates a submission against the instrument version it answered and builds the row to store: answers
 * scrubbed, age group derived, nothing about the sender. Throws a Problem when the answers are not valid.
 * `excused` names questions a paper entry marked blank or unreadable (see {@link excuseRequired}).
 */
export function prepareRow(
  deps: IntakeDeps,
  submission: ResponseSubmission,
  origin: { studyId: string; channel: string; siteId: string | null; receivedOn: string },
  excused: ReadonlySet<string> = new Set(),
): ResponseRow {
  const { loaded, json } = instrumentJsonFor(deps, submission);
  const problems = excuseRequired(validateAnswers(json, submission.answers), excused);
  if (problems.length > 0) throw new Problem("response.invalid_answers", `${problems.length} answer(s) cannot be accepted.`, problems);
  const scrubbed = scrubValue(submission.answers);
  return {
    id: submission.id,
    studyId: origin.studyId,
    instrumentId: submission.instrumentId,
    instrumentVersion: submission.instrumentVersion,
    locale: submission.locale,
    channel: origin.channel,
    siteId: origin.siteId,
    ageGroup: ageGroupOf(loaded.descriptor, scrubbed.value),
    receivedOn: origin.receivedOn,
    answers: JSON.stringify(scrubbed.value),
    redactions: scrubbed.redactions,
  };
}

/**
 * Checks, anonymises and stores one response. Returns the receipt and whether it was stored now (201) or
 * had been stored before (200). Throws a Problem for everything a client can get wrong.
 */
export function acceptResponse(deps: IntakeDeps, credential: Credential, submission: ResponseSubmission): { created: boolean; receipt: Receipt } {
  const { db } = deps;
  const sender = identifySender(db, credential);
  const studyId = sender.channel === "tablet" ? sender.device.studyId : sender.link.studyId;

  if (sender.channel === "tablet") markDeviceSynced(db, sender.device.id, rigaDay(deps.clock()));

  const existing = findResponse(db, submission.id);
  if (existing) return { created: false, receipt: replay(existing, studyId, submission, scrubValue(submission.answers).value) };

  if (!deps.catalog.some((i) => i.descriptor.id === submission.instrumentId)) {
    throw new Problem("instrument.not_found", `There is no instrument "${submission.instrumentId}".`, { id: submission.instrumentId });
  }
  const study = findStudy(db, studyId);
  if (!study) throw new Problem("credential.invalid", "The study of this credential no longer exists.");
  const today = rigaDay(deps.clock());
  checkStudyOpen(study, today);
  requireChannel(study, sender.channel);
  requireInstrument(study, submission.instrumentId);
  if (sender.channel === "online" && sender.link.instrumentId !== submission.instrumentId) {
    throw new Problem("link.instrument_mismatch", `This link is for the instrument "${sender.link.instrumentId}".`, { instrumentId: sender.link.instrumentId });
  }
  if (sender.channel === "online" && sender.link.maxUses !== null && sender.link.uses >= sender.link.maxUses) {
    throw new Problem("link.gone", "This link has been used as many times as it allows.", { reason: "used-up" });
  }

  const row = prepareRow(deps, submission, {
    studyId,
    channel: sender.channel,
    siteId: sender.channel === "tablet" ? sender.device.siteId : null,
    receivedOn: today,
  });
  return db.transaction(() => {
    if (!insertResponse(db, row)) {
      // Stored by another request since the look-up above: answer as a retry would be answered.
      const stored = findResponse(db, row.id);
      if (!stored) throw new Error(`response ${row.id} neither inserted nor found`);
      return { created: false, receipt: replay(stored, studyId, submission, JSON.parse(row.answers)) };
    }
    // Counting the use after the insert means a used-up link rolls the insert back with it.
    if (sender.channel === "online" && !useLink(db, sender.link.id)) {
      throw new Problem("link.gone", "This link has been used as many times as it allows.", { reason: "used-up" });
    }
    return { created: true, receipt: { id: row.id, receivedOn: row.receivedOn } };
  })();
}
