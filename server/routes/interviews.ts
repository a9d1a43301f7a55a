/**
 * Interviews and focus groups (interviewers, researchers and admins; analysts see none of this):
 *
 *   POST /api/studies/:id/interviews          start an interview with a guide, or a focus group on topics
 *   GET  /api/studies/:id/interviews          the study's sessions (no notes)
 *   GET  /api/interviews/:id                  one session: its questions, notes, recordings, transcript
 *   PUT  /api/interviews/:id/consent          {participation, recording}
 *   PUT  /api/interviews/:id/interviewee      the guide's interviewee bands
 *   PUT  /api/interviews/:id/notes/:key       autosave of one question's notes
 *   POST /api/interviews/:id/finish | /summarise
 *   POST /api/interviews/:id/recordings       raw audio body, streamed to disk; X-Take-Id names a browser take
 *   GET  /api/recordings/:id                  the audio, with Range support; DELETE (researchers): delete now
 *   PUT  /api/interviews/:id/transcript       JSON segments or text with markers, text/plain or .docx
 *   GET/PUT /api/studies/:id/redactions       the study's names to redact (researchers)
 *
 * The audit log records who started, finished and summarised sessions, added and deleted recordings, saved
 * transcripts and changed the names to redact; it never holds the text of notes, transcripts or names, nor
 * the ids of the browser's takes.
 */
import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { z } from "zod";
import type { LoadedInstrument } from "../../instruments/catalog.ts";
import { requireRole, type SessionCookieOptions } from "../http/auth.ts";
import { audit } from "../http/audit.ts";
import { parseParam, readJson } from "../http/body.ts";
import type { AppEnv } from "../http/env.ts";
import { Problem } from "../http/problem.ts";
import {
  addRecording,
  baseMediaType,
  docxText,
  finishSession,
  listStudySessions,
  parseRange,
  recordingFile,
  redactionTerms,
  requireRecording,
  requireSession,
  saveNote,
  saveTranscript,
  sessionView,
  setConsent,
  setInterviewee,
  setRedactionTerms,
  startSession,
  summariseSession,
  type InterviewDeps,
  type StartInput,
} from "../services/interviews.ts";
import { deleteRecording } from "../services/retention.ts";
import { requireStudy } from "../services/studies.ts";
import { ORGANISATION_KINDS, TARGET_GROUPS } from "../store/interviews.ts";

const unique = <T>(list: T[]) => new Set(list).size === list.length;

const ZSiteId = z.string().min(1).max(64);

const ZStart = z.preprocess(
  // An interview is the usual case: `kind` may be left out.
  (v) => (v !== null && typeof v === "object" && !Array.isArray(v) && !("kind" in v) ? { ...v, kind: "interview" } : v),
  z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("interview"), instrumentId: z.string().min(1).max(100), siteId: ZSiteId.optional() }).strict(),
    z
      .object({
        kind: z.literal("focus-group"),
        topics: z.array(z.string().trim().min(1).max(2000)).min(1).max(50),
        participantCount: z.number().int().min(1).max(100),
        organisationKinds: z.array(z.enum(ORGANISATION_KINDS)).min(1).refine(unique, "must not repeat a kind"),
        siteId: ZSiteId.optional(),
        targetGroup: z.enum(TARGET_GROUPS).optional(),
      })
      .strict(),
  ]),
);

const ZConsent = z.object({ participation: z.boolean(), recording: z.boolean() }).strict();

const ZInterviewee = z.record(z.string().min(1).max(100), z.string().min(1).max(100));

/** The browser's random id of one take it recorded (take-store.ts), as sent in `X-Take-Id` and `offsetTake`. */
const ZTakeId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "must be 1 to 64 letters, digits, _ or -");

const ZNote = z
  .object({
    notes: z.string().max(200_000),
    skipped: z.boolean().default(false),
    offsetSeconds: z.number().int().min(0).max(24 * 60 * 60).nullable().optional(),
    offsetTake: ZTakeId.nullable().optional(),
    baseRevision: z.number().int().min(0).optional(),
  })
  .strict()
  .superRefine((note, ctx) => {
    if (note.offsetTake === undefined || note.offsetTake === null) return;
    if (note.offsetSeconds === undefined) ctx.addIssue({ code: "custom", path: ["offsetTake"], message: "is sent together with offsetSeconds" });
    else if (note.offsetSeconds === null) ctx.addIssue({ code: "custom", path: ["offsetTake"], message: "must be null when offsetSeconds is null" });
  });

const ZTranscript = z.union([
  z
    .object({
      segments: z
        .array(z.object({ questionKey: z.string().min(1).max(100).nullable().optional(), text: z.string().max(1_000_000) }).strict())
        .max(5000),
    })
    .strict(),
  z.object({ text: z.string().max(5_000_000) }).strict(),
]);

const ZRedactions = z.object({ terms: z.array(z.string().trim().min(1).max(200)).max(2000) }).strict();

const DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
export const MAX_TRANSCRIPT_BYTES = 20 * 1024 * 1024;

/** What a transcript upload holds, whichever way it came: JSON, plain text, .docx, or a form with a file. */
async function readTranscript(c: Context<AppEnv>): Promise<{ input: { segments: { questionKey?: string | null | undefined; text: string }[] } | { text: string }; source: string }> {
  const type = baseMediaType(c.req.header("Content-Type"));
  if (type === "application/json") return { input: await readJson(c, ZTranscript), source: "json" };
  if (type === "text/plain") return { input: { text: await c.req.text() }, source: "text" };
  if (type === DOCX_TYPE) return { input: { text: docxText(new Uint8Array(await c.req.arrayBuffer())) }, source: "docx" };
  if (type === "multipart/form-data") {
    const file = (await c.req.parseBody())["file"];
    if (!(file instanceof File)) throw new Problem("request.invalid", "Send the transcript as the form field \"file\".", [{ path: "file", reason: "is missing" }]);
    if (file.type === DOCX_TYPE || /\.docx$/i.test(file.name)) return { input: { text: docxText(new Uint8Array(await file.arrayBuffer())) }, source: "docx" };
    if (file.type === "text/plain" || /\.txt$/i.test(file.name)) return { input: { text: await file.text() }, source: "text" };
    throw new Problem("request.unsupported_media_type", "A transcript file must be plain text (.txt) or a Word document (.docx).", { contentType: file.type || null });
  }
  throw new Problem("request.unsupported_media_type", `Send the transcript as application/json, text/plain, ${DOCX_TYPE} or multipart/form-data.`, {
    contentType: c.req.header("Content-Type") ?? null,
  });
}

export function interviewRoutes(
  deps: InterviewDeps & { cookies: SessionCookieOptions; catalog: readonly LoadedInstrument[] },
): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const actors = requireRole(deps, "admin", "researcher", "interviewer");
  const organisers = requireRole(deps, "admin", "researcher");
  const session = (c: Context<AppEnv>) => requireSession(deps.db, c.req.param("id")!);
  const by = (c: Context<AppEnv>) => ({ userId: c.get("user").id, actor: c.get("user").email });

  routes.post("/studies/:id/interviews", actors, async (c) => {
    const study = requireStudy(deps.db, c.req.param("id"));
    const input = (await readJson(c, ZStart)) as StartInput;
    const started = startSession(deps, study, c.get("user").id, input);
    audit(deps, c, "interview.start", started.id, { studyId: study.id, kind: started.kind, instrumentId: started.instrumentId, siteId: started.siteId });
    return c.json(sessionView(deps, started), 201);
  });

  routes.get("/studies/:id/interviews", actors, (c) => {
    const study = requireStudy(deps.db, c.req.param("id"));
    c.header("Cache-Control", "no-store");
    return c.json(listStudySessions(deps.db, study.id));
  });

  routes.get("/interviews/:id", actors, (c) => {
    c.header("Cache-Control", "no-store");
    return c.json(sessionView(deps, session(c)));
  });

  routes.put("/interviews/:id/consent", actors, async (c) => {
    const current = session(c);
    setConsent(deps, current, await readJson(c, ZConsent), by(c));
    return c.json(sessionView(deps, requireSession(deps.db, current.id)));
  });

  routes.put("/interviews/:id/interviewee", actors, async (c) => {
    const current = session(c);
    const interviewee = setInterviewee(deps, current, await readJson(c, ZInterviewee));
    return c.json({ interviewee });
  });

  routes.put("/interviews/:id/notes/:questionKey", actors, async (c) => {
    const note = saveNote(deps, session(c), c.req.param("questionKey"), await readJson(c, ZNote));
    return c.json(note);
  });

  routes.post("/interviews/:id/finish", actors, (c) => {
    const finished = finishSession(deps, session(c));
    audit(deps, c, "interview.finish", finished.id, { studyId: finished.studyId });
    return c.json(sessionView(deps, finished));
  });

  routes.post("/interviews/:id/summarise", actors, (c) => {
    const current = session(c);
    const summarised = summariseSession(deps, current, requireStudy(deps.db, current.studyId));
    const view = sessionView(deps, summarised);
    audit(deps, c, "interview.summarise", summarised.id, {
      studyId: summarised.studyId,
      recordings: view.recordings.filter((r) => r.deletedOn === null).length,
      deleteAfter: view.recordings.find((r) => r.deleteAfter !== null)?.deleteAfter ?? null,
    });
    return c.json(view);
  });

  routes.post("/interviews/:id/recordings", actors, async (c) => {
    const current = session(c);
    const takeId = parseParam("X-Take-Id", c.req.header("X-Take-Id"), ZTakeId.optional());
    const recording = await addRecording(deps, current, {
      contentType: c.req.header("Content-Type"),
      contentLength: c.req.header("Content-Length"),
      body: c.req.raw.body,
      takeId,
    });
    // Not the take id: it stays between the browser and the recording.
    audit(deps, c, "recording.add", recording.id, { sessionId: current.id, mime: recording.mime, bytes: recording.bytes });
    return c.json(recording, 201);
  });

  routes.get("/recordings/:id", actors, (c) => {
    const recording = requireRecording(deps.db, c.req.param("id"));
    const { path, stats } = recordingFile(deps, recording);
    const range = parseRange(c.req.header("Range"), stats.size);
    const { start, end } = range ?? { start: 0, end: stats.size - 1 };
    const headers: Record<string, string> = {
      "Content-Type": recording.mime,
      "Content-Length": String(Math.max(0, end - start + 1)),
      "Accept-Ranges": "bytes",
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    };
    if (range) headers["Content-Range"] = `bytes ${start}-${end}/${stats.size}`;
    const body = stats.size === 0 ? null : (Readable.toWeb(createReadStream(path, { start, end })) as unknown as ReadableStream<Uint8Array>);
    return new Response(body, { status: range ? 206 : 200, headers });
  });

  routes.delete("/recordings/:id", organisers, (c) => {
    const recording = requireRecording(deps.db, c.req.param("id"));
    deleteRecording(deps, recording, { ...by(c), reason: "researcher" });
    const { fileName: _fileName, sessionId: _sessionId, ...view } = requireRecording(deps.db, recording.id);
    return c.json(view);
  });

  routes.put(
    "/interviews/:id/transcript",
    actors,
    bodyLimit({
      maxSize: MAX_TRANSCRIPT_BYTES,
      onError: () => {
        throw new Problem("request.too_large", `A transcript may be at most ${MAX_TRANSCRIPT_BYTES / 1024 / 1024} MB.`);
      },
    }),
    async (c) => {
      const current = session(c);
      const { input, source } = await readTranscript(c);
      const saved = saveTranscript(deps, current, input);
      audit(deps, c, "transcript.save", current.id, { studyId: current.studyId, source, segments: saved.segments.length, redactions: saved.redactions });
      return c.json(saved);
    },
  );

  routes.get("/studies/:id/redactions", organisers, (c) => {
    const study = requireStudy(deps.db, c.req.param("id"));
    c.header("Cache-Control", "no-store");
    return c.json({ terms: redactionTerms(deps.db, study.id) });
  });

  routes.put("/studies/:id/redactions", organisers, async (c) => {
    const study = requireStudy(deps.db, c.req.param("id"));
    const saved = setRedactionTerms(deps.db, study.id, (await readJson(c, ZRedactions)).terms);
    audit(deps, c, "redactions.update", study.id, { terms: saved.terms.length, redactionsInStoredText: saved.redactions });
    return c.json(saved);
  });

  return routes;
}
