/**
 * Coded excerpts as a CSV, one row per excerpt and code, for researchers who read, sort and quote them in
 * a spreadsheet. It is an internal file (it holds interview text): the excerpts were scrubbed of names and
 * places by the caller, and the file carries no session id, coder or position that would let a reader
 * string one person's excerpts together beyond the guide and target group.
 *
 * Columns: code_path, guide (instrument id, or "focus-group"), target_group, question_key, excerpt. A
 * segment that belongs to no guide question has an empty question_key, and so does a focus group's excerpt:
 * its topics are typed per group, so a topic key means nothing without the session, which the file omits. Rows follow the codebook's display order, then guide,
 * target group and the excerpt's place in its transcript. Written as export/csv.ts writes CSV (UTF-8 with
 * a byte order mark, RFC 4180, CRLF); every text cell passes the formula guard, and line breaks inside an
 * excerpt are kept (quoted), since nothing here is read by SPSS.
 */
import { BOM, csvLine } from "../export/csv.ts";
import { flattenCodebook } from "./codebook.ts";
import { guardFormula } from "./csv.ts";
import { distinctExcerpts, isSegmentBlock } from "./excerpts.ts";
import { FOCUS_GROUP_COLUMN } from "./matrix.ts";
import type { Coding, QualCode } from "./types.ts";

/** "segment:2" before "segment:10"; one collator for the whole sort (a locale per call is slow). */
const BLOCK_ORDER = new Intl.Collator("en", { numeric: true });

export const EXCERPTS_CSV_COLUMNS = ["code_path", "guide", "target_group", "question_key", "excerpt"] as const;

export interface ExcerptsCsvOptions {
  codes: readonly QualCode[];
  /** One coder's excerpts only; otherwise the distinct excerpts of all coders. */
  coderId?: number;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The excerpts file. Codings of codes the codebook does not have are left out. Throws
 * InvalidCodebookError for an invalid codebook.
 *
 * @example excerptsCsv(codings, { codes })
 * // "\uFEFFcode_path,guide,target_group,question_key,excerpt\r\nĢimene / Saziņa,mothers-interview,mothers,main_challenges,\"Zvanīt var …\"\r\n"
 */
export function excerptsCsv(codings: readonly Coding[], options: ExcerptsCsvOptions): string {
  const order = new Map(flattenCodebook(options.codes).map((f, i) => [f.code.id, { i, path: f.path }]));
  const rows = distinctExcerpts(codings, options.coderId)
    .filter((c) => order.has(c.codeId))
    .sort(
      (x, y) =>
        order.get(x.codeId)!.i - order.get(y.codeId)!.i ||
        compare(x.instrumentId ?? "", y.instrumentId ?? "") ||
        compare(x.targetGroup ?? "", y.targetGroup ?? "") ||
        compare(x.sessionId, y.sessionId) ||
        BLOCK_ORDER.compare(x.blockKey, y.blockKey) ||
        x.start - y.start,
    );
  let out = BOM + csvLine([...EXCERPTS_CSV_COLUMNS]);
  for (const c of rows) {
    out += csvLine([
      guardFormula(order.get(c.codeId)!.path),
      c.instrumentId ?? FOCUS_GROUP_COLUMN,
      c.targetGroup ?? "",
      isSegmentBlock(c.blockKey) || c.instrumentId === null ? "" : guardFormula(c.blockKey),
      guardFormula(c.text),
    ]);
  }
  return out;
}
