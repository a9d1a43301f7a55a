/**
 * The rules for letting respondents in without identifying them: short single-use enrolment codes for
 * tablets, long device tokens, family links and whether a link can still be used. Routes parse requests
 * and call these; only hashes of codes and tokens are ever stored.
 */
import { randomUUID } from "node:crypto";
import type { LoadedInstrument } from "../../instruments/catalog.ts";
import { rigaDay } from "../domain/day.ts";
import { hashSecret, newEnrolmentCode, newToken, normaliseEnrolmentCode } from "../domain/tokens.ts";
import { Problem } from "../http/problem.ts";
import { findEnrolment, findLinkByToken, insertDevice, insertEnrolment, insertLink, useEnrolment } from "../store/access.ts";
import type { Db } from "../store/db.ts";
import { findSite, type Study } from "../store/studies.ts";
import { requireChannel, requireInstrument, requireStudy } from "./studies.ts";

export const ENROLMENT_CODE_TTL_MS = 24 * 60 * 60 * 1000;

export interface AccessServiceDeps {
  db: Db;
  clock: () => Date;
  catalog: readonly LoadedInstrument[];
  publicUrl: string;
}

/** A code staff type on a new tablet at one of the study's prisons; valid 24 hours, once. */
export function createEnrolment(deps: AccessServiceDeps, study: Study, siteId: string): { code: string; expiresAt: string } {
  requireChannel(study, "tablet");
  if (study.closed) throw new Problem("study.closed", "The study is closed; reopen it before enrolling tablets.");
  if (!study.sites.includes(siteId)) {
    throw new Problem("study.site_not_included", `The study does not run at the site "${siteId}".`, [{ path: "siteId", reason: "is not one of the study's sites" }]);
  }
  const code = newEnrolmentCode();
  const expiresAt = deps.clock().getTime() + ENROLMENT_CODE_TTL_MS;
  insertEnrolment(deps.db, { codeHash: hashSecret(code), studyId: study.id, siteId, expiresAt });
  return { code, expiresAt: new Date(expiresAt).toISOString() };
}

/** Turns a typed code into a device token, once; the tablet learns its study, prison and instruments. */
export function enrolDevice(deps: AccessServiceDeps, typedCode: string) {
  const { db } = deps;
  const codeHash = hashSecret(normaliseEnrolmentCode(typedCode));
  const enrolment = findEnrolment(db, codeHash);
  if (!enrolment || enrolment.used) throw new Problem("enrolment.invalid_code", "This enrolment code is unknown or was used already.");
  if (enrolment.expiresAt < deps.clock().getTime()) throw new Problem("enrolment.invalid_code", "This enrolment code has expired; ask for a new one.");
  const study = requireStudy(db, enrolment.studyId);
  const token = newToken();
  const enrolled = db.transaction(() => {
    if (!useEnrolment(db, codeHash)) return false;
    insertDevice(db, { id: randomUUID(), tokenHash: hashSecret(token), studyId: study.id, siteId: enrolment.siteId, enrolledOn: rigaDay(deps.clock()) });
    return true;
  })();
  if (!enrolled) throw new Problem("enrolment.invalid_code", "This enrolment code is unknown or was used already.");
  const instruments = deps.catalog
    .filter((item) => study.instruments.includes(item.descriptor.id) && item.descriptor.channels.includes("tablet"))
    .map((item) => ({ id: item.descriptor.id, version: item.version, title: item.descriptor.title }));
  return { token, study: { id: study.id, name: study.name }, site: findSite(db, enrolment.siteId), instruments };
}

/** A link for a family member to one of the study's instruments. */
export function createLink(deps: AccessServiceDeps, study: Study, instrumentId: string, maxUses: number | undefined) {
  requireChannel(study, "online");
  requireInstrument(study, instrumentId);
  if (study.closed) throw new Problem("study.closed", "The study is closed; reopen it before sending links.");
  const token = newToken();
  const id = randomUUID();
  insertLink(deps.db, { id, tokenHash: hashSecret(token), studyId: study.id, instrumentId, maxUses: maxUses ?? null, createdOn: rigaDay(deps.clock()) });
  return { id, token, url: `${deps.publicUrl}/f/${token}`, instrumentId, maxUses: maxUses ?? null };
}

/** Whether a family link can still be used, and for which instrument version. */
export function linkStatus(deps: AccessServiceDeps, token: string) {
  const link = findLinkByToken(deps.db, hashSecret(token));
  if (!link) throw new Problem("credential.invalid", "This link is not valid.");
  if (link.revoked) throw new Problem("link.gone", "This link has been closed by the research team.", { reason: "revoked" });
  if (link.maxUses !== null && link.uses >= link.maxUses) throw new Problem("link.gone", "This link has been used as many times as it allows.", { reason: "used-up" });
  const study = requireStudy(deps.db, link.studyId);
  if (study.closed) throw new Problem("link.gone", "The study is closed.", { reason: "study-closed" });
  const loaded = deps.catalog.find((i) => i.descriptor.id === link.instrumentId);
  if (!loaded) throw new Problem("instrument.not_found", `There is no instrument "${link.instrumentId}".`);
  return { instrumentId: link.instrumentId, version: loaded.version, title: loaded.descriptor.title };
}
