/**
 * Qualitative coding benchmark: `npm run bench:coding -- [--sizes 50,500,2000]`.
 *
 * For each size N, a separate process (so its peak RSS is that size's alone) fills a fresh SQLite file through
 * the services, as the console would: a study with the six interview guides, a codebook of 40 codes in two
 * levels, N interviews spread over the guides with Latvian notes for every question (and a transcript for every
 * fourth), coder A coding every session and coder B every second one (two spans per block each). It then times
 * what the console and the report read: agreement of the pair, the code matrix by question (internal) and by
 * target group (published), the excerpts file (internal), the findings (published), one session's codings, an
 * edit at the start of a coded note (which re-anchors that block's codings; median of 20 edits on 20 notes),
 * and the published PDF report with its qualitative section. Reads are the median of three calls. The child
 * prints one JSON line; the parent prints a Markdown table and the scaling from one size to the next.
 */
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { QualCode } from "../analysis/qualitative/types.ts";
import { renderReport } from "../analysis/report-pdf.ts";
import { loadCatalog } from "../instruments/catalog.ts";
import { createAccount } from "../server/services/accounts.ts";
import { studyAnalysis } from "../server/services/analysis.ts";
import { codingAgreement, codingMatrix, createCoding, excerptsFile, qualitativeFindings, saveCodebook, sessionCodings } from "../server/services/coding.ts";
import { requireSession, saveNote, saveTranscript, sessionShape, setConsent, startSession, type InterviewDeps } from "../server/services/interviews.ts";
import { createStudy } from "../server/services/studies.ts";
import { migrate, openDatabase } from "../server/store/db.ts";
import { recordInstrumentVersions } from "../server/store/instruments.ts";
import { STAFF_PASSWORD } from "../tests/fixtures/01-staff.ts";
import { seededRandom } from "./generate.ts";

const { values } = parseArgs({ options: { sizes: { type: "string", default: "50,500,2000" }, size: { type: "string" } } });

interface Line {
  sessions: number;
  notes: number;
  codings: number;
  setupMs: number;
  notesMs: number;
  codingsMs: number;
  agreementMs: number;
  agreementUnits: number;
  matrixQuestionMs: number;
  matrixTargetGroupMs: number;
  excerptsMs: number;
  excerptRows: number;
  findingsMs: number;
  sessionCodingsMs: number;
  noteEditMs: number;
  analysisMs: number;
  pdfMs: number;
  pdfBytes: number;
  peakRssMb: number;
  dbMb: number;
}

const WORDS = [
  "ģimene", "saziņa", "tikšanās", "vēstules", "zvani", "bērni", "māte", "psihologs", "sociālais", "darbinieks",
  "nodarbības", "mācības", "darbs", "sports", "atbalsts", "veselība", "ārsts", "medikamenti", "režīms", "ieslodzījums",
  "jaunieši", "seniori", "personāls", "uzticēšanās", "drošība", "konflikts", "sarunas", "nākotne", "atbrīvošana", "dzīvesvieta",
  "ļoti", "reti", "bieži", "vajadzīgs", "trūkst", "grūti", "svarīgi", "noderīgi", "kopīgi", "individuāli",
  "pašvaldība", "kopiena", "izglītība", "prasmes", "emocijas", "stress", "miegs", "ēdiens", "brīvdienas", "svētki",
  "ķermenis", "čaklums", "ņemot", "vērā", "šobrīd", "žēl", "ūdens", "ģērbšanās", "īslaicīgs", "ilgstošs",
];

/** Latvian-looking prose of 500..800 characters, in sentences. */
function paragraph(random: () => number): string {
  const pick = () => WORDS[Math.floor(random() * WORDS.length)]!;
  const target = 500 + Math.floor(random() * 300);
  let text = "";
  while (text.length < target) {
    const words = Array.from({ length: 6 + Math.floor(random() * 10) }, pick);
    const sentence = `${words[0]!.charAt(0).toUpperCase()}${words[0]!.slice(1)} ${words.slice(1).join(" ")}.`;
    if (text.length + sentence.length + 1 > 800 && text.length >= 500) break;
    text += (text ? " " : "") + sentence;
  }
  return text;
}

/** 8 themes, each with 4 sub-codes: 40 codes, the first four themes only group their children. */
function codebook(): QualCode[] {
  const themes = ["Ģimene", "Veselība", "Darbs un mācības", "Nodarbības", "Personāls", "Drošība", "Atbrīvošanās", "Bērni"];
  const subs = ["Saziņa", "Vajadzības", "Šķēršļi", "Ieteikumi"];
  return themes.flatMap((theme, t) => {
    const parent: QualCode = { id: randomUUID(), name: theme, parentId: null, isCodable: t >= 4, description: `${theme}: tēma.` };
    return [parent, ...subs.map((sub) => ({ id: randomUUID(), name: `${sub} (${theme.toLowerCase()})`, parentId: parent.id, isCodable: true }))];
  });
}

/** A span of 2..6 whole words of the text, as a browser selection gives it. */
function wordSpan(text: string, random: () => number): { start: number; end: number } {
  const words = [...text.matchAll(/\S+/gu)];
  const first = Math.floor(random() * (words.length - 6));
  const last = first + 1 + Math.floor(random() * 5);
  const a = words[first]!;
  const b = words[last]!;
  return { start: a.index, end: b.index + b[0].length };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Median of three calls, and what the last one returned. */
function timed<T>(fn: () => T): { ms: number; value: T } {
  const times: number[] = [];
  let value!: T;
  for (let i = 0; i < 3; i += 1) {
    const t0 = performance.now();
    value = fn();
    times.push(performance.now() - t0);
  }
  return { ms: median(times), value };
}

async function runOne(size: number): Promise<Line> {
  const dir = mkdtempSync(join(tmpdir(), "bench-coding-"));
  const path = join(dir, "coding.db");
  try {
    const db = openDatabase(path);
    migrate(db);
    const catalog = loadCatalog();
    const now = new Date("2026-04-20T09:00:00Z");
    const clock = () => now;
    recordInstrumentVersions(db, catalog.map((c) => ({ instrumentId: c.descriptor.id, version: c.version, json: c.json })), "2026-04-01");
    const deps: InterviewDeps = { db, clock, catalog, recordingsDir: join(dir, "recordings") };
    const researcher = await createAccount(db, { email: "petniece@example.lv", role: "researcher", password: STAFF_PASSWORD }, clock);
    const coderA = await createAccount(db, { email: "koderis.a@example.lv", role: "interviewer", password: STAFF_PASSWORD }, clock);
    const coderB = await createAccount(db, { email: "koderis.b@example.lv", role: "interviewer", password: STAFF_PASSWORD }, clock);
    const guides = catalog.filter((c) => c.descriptor.kind === "interview").map((c) => c.descriptor.id as string);
    const sites = ["cesis-youth", "ilguciems", "jelgava", "olaine", "riga-central"];
    const study = createStudy(db, { name: "Darbinieku un māšu intervijas", instruments: guides, sites, channels: ["interview"] }, clock);
    const codes = codebook();
    saveCodebook(db, study, codes);
    const codable = codes.filter((c) => c.isCodable).map((c) => c.id);

    const random = seededRandom(size);
    const pickCode = () => codable[Math.floor(random() * codable.length)]!;
    let notes = 0;
    let codings = 0;
    let notesMs = 0;
    let codingsMs = 0;
    const sessionIds: string[] = [];
    const t0 = performance.now();
    for (let i = 0; i < size; i += 1) {
      const tNotes = performance.now();
      const started = startSession(deps, study, coderA.id, { kind: "interview", instrumentId: guides[i % guides.length]!, siteId: sites[i % sites.length] });
      setConsent(deps, started, { participation: true, recording: false }, { userId: coderA.id, actor: coderA.email });
      const session = requireSession(db, started.id);
      sessionIds.push(session.id);
      const questions = sessionShape(deps, session).questions;
      const stored = questions.map((q) => {
        notes += 1;
        return { key: q.key, text: saveNote(deps, session, q.key, { notes: paragraph(random), skipped: false }).notes };
      });
      if (i % 4 === 0) saveTranscript(deps, session, { segments: questions.map((q) => ({ questionKey: q.key, text: paragraph(random) })) });
      const tCodings = performance.now();
      notesMs += tCodings - tNotes;
      for (const block of stored) {
        const codesA = [pickCode(), pickCode()];
        for (const codeId of codesA) {
          if (createCoding(db, session, coderA, { codeId, blockKey: block.key, source: "note", ...wordSpan(block.text, random) }).created) codings += 1;
        }
        if (i % 2 !== 0) continue;
        // Coder B often sees the same theme in the block, not always on the same words.
        for (const codeId of [random() < 0.6 ? codesA[0]! : pickCode(), pickCode()]) {
          if (createCoding(db, session, coderB, { codeId, blockKey: block.key, source: "note", ...wordSpan(block.text, random) }).created) codings += 1;
        }
      }
      codingsMs += performance.now() - tCodings;
      if ((i + 1) % 500 === 0) console.error(`  ${size}: ${i + 1} sessions, ${codings} codings, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    const setupMs = performance.now() - t0;

    const agreement = timed(() => codingAgreement(db, study, { coderA: coderA.id, coderB: coderB.id }, true));
    const matrixQuestion = timed(() => codingMatrix({ db, catalog }, study, { by: "question", mode: "internal" }));
    const matrixTargetGroup = timed(() => codingMatrix({ db, catalog }, study, { by: "target-group", mode: "published" }));
    const excerpts = timed(() => excerptsFile(db, study, "internal"));
    const findings = timed(() => qualitativeFindings(db, study, { mode: "published" }));
    const oneSession = requireSession(db, sessionIds[0]!);
    const forSession = timed(() => sessionCodings(db, oneSession, researcher, "all"));
    if (forSession.value.length === 0 || !findings.value || matrixQuestion.value.rows.length === 0) throw new Error("nothing was coded");

    // 20 notes coded by both coders, spread over the study: a word typed at the start moves every coding of the block.
    const edits: number[] = [];
    const even = sessionIds.filter((_, i) => i % 2 === 0);
    for (let k = 0; k < 20; k += 1) {
      const session = requireSession(db, even[Math.floor((k * even.length) / 20)]!);
      const key = sessionShape(deps, session).questions[k % 3]!.key;
      const current = db.prepare("SELECT notes FROM interview_notes WHERE session_id = ? AND question_key = ?").get(session.id, key) as { notes: string };
      const t = performance.now();
      saveNote(deps, session, key, { notes: `Turklāt ${current.notes}`, skipped: false });
      edits.push(performance.now() - t);
    }

    const tAnalysis = performance.now();
    const result = studyAnalysis({ db, catalog, clock }, study.id, { mode: "published" });
    const tPdf = performance.now();
    const pdf = await renderReport(result, { lang: "lv" });
    const tDone = performance.now();
    if (!result.qualitative) throw new Error("the report has no qualitative section");

    db.close();
    return {
      sessions: size,
      notes,
      codings,
      setupMs,
      notesMs,
      codingsMs,
      agreementMs: agreement.ms,
      agreementUnits: agreement.value.agreement?.units ?? 0,
      matrixQuestionMs: matrixQuestion.ms,
      matrixTargetGroupMs: matrixTargetGroup.ms,
      excerptsMs: excerpts.ms,
      excerptRows: excerpts.value.rows,
      findingsMs: findings.ms,
      sessionCodingsMs: forSession.ms,
      noteEditMs: median(edits),
      analysisMs: tPdf - tAnalysis,
      pdfMs: tDone - tPdf,
      pdfBytes: pdf.length,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      dbMb: statSync(path).size / 2 ** 20,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const COLUMNS: [string, (r: Line) => string][] = [
  ["sessions", (r) => String(r.sessions)],
  ["notes", (r) => String(r.notes)],
  ["codings", (r) => String(r.codings)],
  ["setup s (notes / codings)", (r) => `${(r.setupMs / 1000).toFixed(1)} (${(r.notesMs / 1000).toFixed(1)} / ${(r.codingsMs / 1000).toFixed(1)})`],
  ["agreement ms", (r) => r.agreementMs.toFixed(1)],
  ["matrix by question ms", (r) => r.matrixQuestionMs.toFixed(1)],
  ["matrix by group ms", (r) => r.matrixTargetGroupMs.toFixed(1)],
  ["excerpts file ms", (r) => r.excerptsMs.toFixed(1)],
  ["findings ms", (r) => r.findingsMs.toFixed(1)],
  ["session codings ms", (r) => r.sessionCodingsMs.toFixed(2)],
  ["note edit ms", (r) => r.noteEditMs.toFixed(2)],
  ["analysis ms", (r) => r.analysisMs.toFixed(1)],
  ["PDF ms", (r) => r.pdfMs.toFixed(0)],
  ["peak RSS MB", (r) => r.peakRssMb.toFixed(0)],
  ["DB MB", (r) => r.dbMb.toFixed(1)],
];

const SCALED: [string, keyof Line][] = [
  ["agreement", "agreementMs"],
  ["matrix by question", "matrixQuestionMs"],
  ["matrix by group", "matrixTargetGroupMs"],
  ["excerpts file", "excerptsMs"],
  ["findings", "findingsMs"],
  ["session codings", "sessionCodingsMs"],
  ["note edit", "noteEditMs"],
  ["analysis", "analysisMs"],
  ["PDF", "pdfMs"],
  ["setup per coding", "codingsMs"],
];

if (values.size) {
  console.log(JSON.stringify(await runOne(Number(values.size))));
} else {
  const self = fileURLToPath(import.meta.url);
  const rows = values.sizes.split(",").map((s) => {
    const out = execFileSync(process.execPath, ["--import", "tsx", self, "--size", s], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
    return JSON.parse(out.trim().split("\n").at(-1)!) as Line;
  });
  console.log(`| ${COLUMNS.map(([h]) => h).join(" | ")} |`);
  console.log(`|${COLUMNS.map(() => "---:").join("|")}|`);
  for (const r of rows) console.log(`| ${COLUMNS.map(([, f]) => f(r)).join(" | ")} |`);
  for (let i = 1; i < rows.length; i += 1) {
    const [a, b] = [rows[i - 1]!, rows[i]!];
    const factors = SCALED.map(([name, key]) => {
      // Setup is compared per coding written, so a constant cost per coding reads 1.0x.
      const x = key === "codingsMs" ? b.codingsMs / b.codings / (a.codingsMs / a.codings) : (b[key] as number) / (a[key] as number);
      return `${name} ${x.toFixed(1)}x`;
    });
    console.log(`\n${a.sessions} -> ${b.sessions} sessions (${(b.sessions / a.sessions).toFixed(0)}x, codings ${(b.codings / a.codings).toFixed(1)}x): ${factors.join(", ")}`);
  }
  console.log("\n(reads: median of 3 calls; note edit: median of 20 edits; each size runs in its own process)");
}
