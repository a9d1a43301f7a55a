/**
 * The data of a report's qualitative section: for each target group, the codes that came up in the most
 * sessions, each with the number of sessions behind it and one or two short excerpts to quote, so that the
 * text reads "Saziņa ar ģimeni (12 sarunas): «…»" rather than a bare table.
 *
 * Ranking is by sessions, because a theme raised in nine interviews matters more than one repeated nine
 * times in a single interview; ties go to the code with more excerpts, then by path. Quotes come from
 * different sessions where there are enough, in transcript order, each cut to about 300 characters at a
 * word boundary with "…". In published mode a code raised in fewer sessions than the threshold is left
 * out, quotes included (a rare theme with a quote can point to one person), and the section says how many
 * were left out. Counts are of distinct excerpts (see excerpts.ts).
 */
import { cell, protectCells } from "../disclosure.ts";
import type { Cell, LocalizedText, Mode } from "../types.ts";
import { flattenCodebook } from "./codebook.ts";
import { distinctExcerpts } from "./excerpts.ts";
import type { Coding, QualCode } from "./types.ts";

/** "segment:2" before "segment:10"; one collator for the whole sort (a locale per call is slow). */
const BLOCK_ORDER = new Intl.Collator("en", { numeric: true });

export const UNKNOWN_TARGET_GROUP = "unknown";

export interface FindingsOptions {
  codes: readonly QualCode[];
  mode: Mode;
  threshold: number;
  /** Codes per target group (default 5). */
  limit?: number;
  /** Quotes per code (default 2). */
  quotesPerCode?: number;
  /** Longest quote in characters, "…" included (default 300). */
  maxQuoteLength?: number;
  /** Target groups in report order; groups without codings are still listed. Default: those found, sorted. */
  targetGroups?: readonly string[];
  /** One coder's codings only. */
  coderId?: number;
}

export interface FindingCode {
  codeId: string;
  path: string;
  /** Sessions in which the code was applied. */
  sessions: number;
  excerpts: number;
  quotes: string[];
}

export interface TargetGroupFindings {
  targetGroup: string;
  /** Sessions of the group with at least one coded excerpt (hidden in published mode below the threshold). */
  sessions: Cell;
  codes: FindingCode[];
  /** In published mode, the codes left out for resting on too few sessions; null when none were. */
  notShown: { count: number; text: LocalizedText } | null;
}

/**
 * A quote cut to at most `max` characters: whitespace runs become one space, and a longer text is cut at
 * the last space that keeps at least 60% of it (or hard, when there is none), with "…" added.
 *
 * @example trimExcerpt("Mums ļoti pietrūkst iespēju zvanīt bērniem", 25) // "Mums ļoti pietrūkst…"
 */
export function trimExcerpt(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, " ").trim();
  const chars = [...flat];
  if (chars.length <= max) return flat;
  const head = chars.slice(0, max - 1).join("");
  const space = head.lastIndexOf(" ");
  const cut = space >= Math.floor(0.6 * (max - 1)) ? head.slice(0, space) : head;
  return `${cut.replace(/[\s,;:–—-]+$/u, "")}…`;
}

function notShownText(count: number, threshold: number): LocalizedText {
  const lvOne = count % 10 === 1 && count % 100 !== 11;
  const ruOne = count % 10 === 1 && count % 100 !== 11;
  const ruFew = [2, 3, 4].includes(count % 10) && ![12, 13, 14].includes(count % 100);
  return {
    lv: `${count} ${lvOne ? "kods nav parādīts" : "kodi nav parādīti"} (mazāk nekā ${threshold} sarunās)`,
    ru: `${count} ${ruOne ? "код не показан" : ruFew ? "кода не показаны" : "кодов не показаны"} (менее чем в ${threshold} беседах)`,
    en: `${count} ${count === 1 ? "code" : "codes"} not shown (fewer than ${threshold} sessions)`,
  };
}

/** Up to `count` excerpts, one per session first (sessions and positions in order), then the rest. */
function pickQuotes(excerpts: readonly Coding[], count: number, max: number): string[] {
  const ordered = excerpts
    .filter((e) => e.text.trim() !== "")
    .sort(
      (x, y) =>
        (x.sessionId < y.sessionId ? -1 : x.sessionId > y.sessionId ? 1 : 0) ||
        BLOCK_ORDER.compare(x.blockKey, y.blockKey) ||
        x.start - y.start,
    );
  const chosen: Coding[] = [];
  const sessions = new Set<string>();
  for (const e of ordered) {
    if (chosen.length >= count) break;
    if (sessions.has(e.sessionId)) continue;
    sessions.add(e.sessionId);
    chosen.push(e);
  }
  for (const e of ordered) {
    if (chosen.length >= count) break;
    if (!chosen.includes(e)) chosen.push(e);
  }
  return chosen.map((e) => trimExcerpt(e.text, max));
}

/**
 * The findings of every target group. Throws InvalidCodebookError for an invalid codebook.
 *
 * @example buildFindings(codings, { codes, mode: "published", threshold: 5 })[0]
 * // { targetGroup: "mothers", sessions: { value: 7, … }, codes: [{ path: "Ģimene / Saziņa", sessions: 6, excerpts: 11, quotes: ["…", "…"] }, …],
 * //   notShown: { count: 3, text: { en: "3 codes not shown (fewer than 5 sessions)", … } } }
 */
export function buildFindings(codings: readonly Coding[], options: FindingsOptions): TargetGroupFindings[] {
  const { mode, threshold } = options;
  const limit = options.limit ?? 5;
  const quotesPerCode = options.quotesPerCode ?? 2;
  const maxQuoteLength = options.maxQuoteLength ?? 300;
  const paths = new Map(flattenCodebook(options.codes).map((f) => [f.code.id, f.path]));
  const excerpts = distinctExcerpts(codings, options.coderId).filter((c) => paths.has(c.codeId));

  const byGroup = new Map<string, Coding[]>();
  for (const e of excerpts) {
    const group = e.targetGroup ?? UNKNOWN_TARGET_GROUP;
    const list = byGroup.get(group) ?? [];
    list.push(e);
    byGroup.set(group, list);
  }
  const groups =
    options.targetGroups ?? [...byGroup.keys()].sort((a, b) => (a === UNKNOWN_TARGET_GROUP ? 1 : b === UNKNOWN_TARGET_GROUP ? -1 : a.localeCompare(b, "en")));

  return groups.map((targetGroup) => {
    const list = byGroup.get(targetGroup) ?? [];
    const byCode = new Map<string, Coding[]>();
    for (const e of list) {
      const codeList = byCode.get(e.codeId) ?? [];
      codeList.push(e);
      byCode.set(e.codeId, codeList);
    }
    const ranked = [...byCode.entries()]
      .map(([codeId, codeExcerpts]) => ({ codeId, codeExcerpts, sessions: new Set(codeExcerpts.map((e) => e.sessionId)).size }))
      .sort((x, y) => y.sessions - x.sessions || y.codeExcerpts.length - x.codeExcerpts.length || paths.get(x.codeId)!.localeCompare(paths.get(y.codeId)!, "lv"));
    const tooFew = mode === "published" ? ranked.filter((r) => r.sessions < threshold) : [];
    const shown = ranked.filter((r) => !tooFew.includes(r)).slice(0, limit);
    const groupSessions = new Set(list.map((e) => e.sessionId)).size;
    return {
      targetGroup,
      sessions: cell(groupSessions, protectCells([groupSessions], [], threshold)[0]!, mode),
      codes: shown.map((r) => ({
        codeId: r.codeId,
        path: paths.get(r.codeId)!,
        sessions: r.sessions,
        excerpts: r.codeExcerpts.length,
        quotes: pickQuotes(r.codeExcerpts, quotesPerCode, maxQuoteLength),
      })),
      notShown: tooFew.length > 0 ? { count: tooFew.length, text: notShownText(tooFew.length, threshold) } : null,
    };
  });
}
