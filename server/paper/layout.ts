/**
 * The drawing vocabulary of paper forms: the page geometry, the embedded fonts, text measured before it is
 * drawn, check boxes, writing lines, digit boxes and QR codes, plus the small pure rules that decide how a
 * list of choices or a grid is split into columns. The questionnaire renderer composes these; keeping them
 * here keeps that file about what goes where rather than how a box is stroked.
 *
 * pdfkit's built-in fonts have no Latvian or Cyrillic letters, so the DejaVu fonts shipped by the
 * `dejavu-fonts-ttf` npm package are embedded (pdfkit subsets them). The path lookup repeats the three lines
 * of analysis/report-pdf.ts on purpose: analysis/ never imports server/, and a shared module for three lines
 * would be a dependency for its own sake.
 */
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import PDFDocument from "pdfkit";
import { encode } from "uqr";

export type Doc = PDFKit.PDFDocument;

// ---------------------------------------------------------------------------------------------------------------
// Page geometry (points; A4)

export const PAGE = { width: 595.28, height: 841.89 };
export const MARGIN = { left: 54, right: 54 };
export const CONTENT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
/** Where the body starts and must end: the header band is above, the footer below. */
export const BODY_TOP = 82;
export const BODY_BOTTOM = PAGE.height - 62;
export const BODY_HEIGHT = BODY_BOTTOM - BODY_TOP;

export const COLOR = {
  ink: "#1a1f24",
  muted: "#55606b",
  faint: "#8c96a0",
  rule: "#b9c1c9",
  writing: "#8d98a3",
  accent: "#1d4e89",
  band: "#e6edf5",
  subBar: "#c3d1e2",
  intro: "#f3f5f8",
  zebra: "#f5f7f9",
  box: "#1a1f24",
};

/** Check box side and the gap to its label. */
export const BOX = 11;
export const BOX_GAP = 7;
/** Distance between handwriting lines: about 7 mm. */
export const WRITING_LINE = 20;

// ---------------------------------------------------------------------------------------------------------------
// Fonts

const FONT_FILES = {
  regular: "DejaVuSans.ttf",
  bold: "DejaVuSans-Bold.ttf",
  italic: "DejaVuSans-Oblique.ttf",
  boldItalic: "DejaVuSans-BoldOblique.ttf",
  mono: "DejaVuSansMono-Bold.ttf",
} as const;
export type FontName = keyof typeof FONT_FILES;

const requireFromHere = createRequire(import.meta.url);
const fontPath = (file: string): string => requireFromHere.resolve(`dejavu-fonts-ttf/ttf/${file}`);
const REGULAR_PATH = fontPath(FONT_FILES.regular);
let fontData: Record<FontName, Buffer> | null = null;

/** Font files are read once per process: a print run renders hundreds of forms. */
function loadFonts(): Record<FontName, Buffer> {
  if (!fontData) {
    const entries = Object.entries(FONT_FILES).map(([name, file]) => [name, readFileSync(fontPath(file))]);
    fontData = Object.fromEntries(entries) as Record<FontName, Buffer>;
  }
  return fontData;
}

/** A document with the DejaVu fonts registered and no page yet; pages are added by the caller. */
export function createPaperDoc(info: { title: string; lang: string; day: Date }): Doc {
  const doc = new PDFDocument({
    size: "A4",
    autoFirstPage: false,
    lang: info.lang,
    displayTitle: true,
    // A registered TTF as the default keeps pdfkit from loading (and listing) Helvetica.
    font: REGULAR_PATH,
    info: { Title: info.title, Creator: "server/paper", Producer: "pdfkit", CreationDate: info.day, ModDate: info.day },
  });
  for (const [name, data] of Object.entries(loadFonts())) if (name !== "regular") doc.registerFont(name, data);
  return doc;
}

/** Adds a page with no pdfkit margins: the layout places everything itself, so pdfkit never breaks a page. */
export function addBlankPage(doc: Doc): void {
  doc.addPage({ size: "A4", margins: { top: 0, bottom: 0, left: 0, right: 0 } });
}

// ---------------------------------------------------------------------------------------------------------------
// Text

export interface TextStyle {
  font?: FontName;
  size?: number;
  color?: string;
  lineGap?: number;
  align?: "left" | "right" | "center";
}

const DEFAULT_SIZE = 10;
const DEFAULT_GAP = 2;

function useFont(doc: Doc, style: TextStyle): Doc {
  const font = style.font ?? "regular";
  return doc.font(font === "regular" ? REGULAR_PATH : font).fontSize(style.size ?? DEFAULT_SIZE);
}

/**
 * Measures text once and remembers it: a form's layout is planned once and then drawn for every copy, and the
 * same anchors and captions repeat across questions.
 */
export class Measure {
  private readonly heights = new Map<string, number>();
  private readonly widths = new Map<string, number>();

  constructor(readonly doc: Doc) {}

  height(text: string, width: number, style: TextStyle = {}): number {
    const key = `${style.font ?? "regular"}|${style.size ?? DEFAULT_SIZE}|${style.lineGap ?? DEFAULT_GAP}|${width}|${text}`;
    let h = this.heights.get(key);
    if (h === undefined) {
      h = useFont(this.doc, style).heightOfString(text, { width, lineGap: style.lineGap ?? DEFAULT_GAP });
      this.heights.set(key, h);
    }
    return h;
  }

  width(text: string, style: TextStyle = {}): number {
    const key = `${style.font ?? "regular"}|${style.size ?? DEFAULT_SIZE}|${text}`;
    let w = this.widths.get(key);
    if (w === undefined) {
      w = useFont(this.doc, style).widthOfString(text);
      this.widths.set(key, w);
    }
    return w;
  }

  /** The widest single word: the narrowest column that wraps `text` without breaking a word. */
  longestWord(text: string, style: TextStyle = {}): number {
    return Math.max(0, ...text.split(/\s+/).filter(Boolean).map((w) => this.width(w, style)));
  }

  /** `text` shortened with "…" to fit `width` on one line. */
  fit(text: string, width: number, style: TextStyle = {}): string {
    if (this.width(text, style) <= width) return text;
    let lo = 0;
    let hi = text.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (this.width(`${text.slice(0, mid).trimEnd()}…`, style) <= width) lo = mid;
      else hi = mid - 1;
    }
    return `${text.slice(0, lo).trimEnd()}…`;
  }
}

/** Draws wrapped text with its top at `y`. */
export function drawText(doc: Doc, text: string, x: number, y: number, width: number, style: TextStyle = {}): void {
  useFont(doc, style)
    .fillColor(style.color ?? COLOR.ink)
    .text(text, x, y, { width, lineGap: style.lineGap ?? DEFAULT_GAP, align: style.align ?? "left" });
}

/** Draws one line of text that never wraps (labels, headers, numbers). */
export function drawLabel(doc: Doc, text: string, x: number, y: number, style: TextStyle = {}): void {
  useFont(doc, style).fillColor(style.color ?? COLOR.ink).text(text, x, y, { lineBreak: false });
}

// ---------------------------------------------------------------------------------------------------------------
// Marks

/** An empty check box with its top-left corner at (x, y). */
export function drawBox(doc: Doc, x: number, y: number, size: number = BOX): void {
  doc.lineWidth(0.9).rect(x, y, size, size).fillAndStroke("#ffffff", COLOR.box);
}

/** The "how to mark" examples: a box with a cross, and a filled (cancelled) box. */
export function drawCrossedBox(doc: Doc, x: number, y: number, size: number = BOX): void {
  drawBox(doc, x, y, size);
  const p = 2.2;
  doc.lineWidth(1.3).moveTo(x + p, y + p).lineTo(x + size - p, y + size - p).moveTo(x + size - p, y + p).lineTo(x + p, y + size - p).stroke(COLOR.box);
}

export function drawFilledBox(doc: Doc, x: number, y: number, size: number = BOX): void {
  doc.lineWidth(0.9).rect(x, y, size, size).fillAndStroke(COLOR.box, COLOR.box);
}

/** `count` handwriting lines of `width`, the first one `spacing` below `y`. */
export function drawWritingLines(doc: Doc, x: number, y: number, width: number, count: number, spacing: number = WRITING_LINE): void {
  doc.lineWidth(0.6);
  for (let i = 1; i <= count; i += 1) doc.moveTo(x, y + i * spacing).lineTo(x + width, y + i * spacing);
  doc.stroke(COLOR.writing);
}

/** A row of boxes for one digit each (a number typed back exactly as written). */
export function drawDigitBoxes(doc: Doc, x: number, y: number, count: number, size = 18): void {
  doc.lineWidth(0.9);
  for (let i = 0; i < count; i += 1) doc.rect(x + i * size, y, size, size);
  doc.fillAndStroke("#ffffff", COLOR.box);
}

export function drawRule(doc: Doc, x: number, y: number, width: number, color: string = COLOR.rule, lineWidth = 0.6): void {
  doc.lineWidth(lineWidth).moveTo(x, y).lineTo(x + width, y).stroke(color);
}

export function fillRect(doc: Doc, x: number, y: number, width: number, height: number, color: string): void {
  doc.rect(x, y, width, height).fill(color);
}

// ---------------------------------------------------------------------------------------------------------------
// QR codes

/** A run of dark modules in one row of a QR code: `row`, first column `col`, `length` modules. */
export interface QrRun {
  row: number;
  col: number;
  length: number;
}

/**
 * The dark modules of a QR code as horizontal runs, so a code is a few dozen rectangles rather than hundreds.
 *
 * @example qrRuns([[true, true, false], [false, true, true]]) // [{row:0,col:0,length:2},{row:1,col:1,length:2}]
 */
export function qrRuns(modules: readonly (readonly boolean[])[]): QrRun[] {
  const runs: QrRun[] = [];
  modules.forEach((row, r) => {
    let start = -1;
    for (let c = 0; c <= row.length; c += 1) {
      const dark = c < row.length && row[c] === true;
      if (dark && start < 0) start = c;
      if (!dark && start >= 0) {
        runs.push({ row: r, col: start, length: c - start });
        start = -1;
      }
    }
  });
  return runs;
}

const qrCache = new Map<string, { size: number; runs: QrRun[] }>();

/** The module matrix of `text` (error correction M, no quiet zone: the caller leaves white space around it). */
export function qrCode(text: string): { size: number; runs: QrRun[] } {
  let code = qrCache.get(text);
  if (!code) {
    const qr = encode(text, { ecc: "M", border: 0 });
    code = { size: qr.size, runs: qrRuns(qr.data) };
    if (qrCache.size > 2000) qrCache.clear();
    qrCache.set(text, code);
  }
  return code;
}

/** Draws the QR code of `text` as a `side`-point square with its top-left corner at (x, y). */
export function drawQr(doc: Doc, text: string, x: number, y: number, side: number): void {
  const { size, runs } = qrCode(text);
  const m = side / size;
  // A hair of overlap keeps viewers from showing seams between adjacent rectangles.
  for (const run of runs) doc.rect(x + run.col * m, y + run.row * m, run.length * m + 0.05, m + 0.05);
  doc.fill("#000000");
}

// ---------------------------------------------------------------------------------------------------------------
// Column rules

/**
 * How many columns a list of choices takes: as many as fit (up to `max`) when every label fits on one line of
 * its column, so "Jā / Nē" sit side by side and long sentences stay one per line.
 *
 * @example choiceColumns([20, 22], 400) // 2
 * @example choiceColumns([300, 280], 400) // 1
 */
export function choiceColumns(labelWidths: readonly number[], available: number, max = 4, boxSpace: number = BOX + BOX_GAP, gap = 16): number {
  const n = labelWidths.length;
  if (n <= 1) return 1;
  const widest = Math.max(...labelWidths);
  for (let cols = Math.min(n, max); cols >= 2; cols -= 1) {
    const colWidth = (available - gap * (cols - 1)) / cols;
    if (boxSpace + widest <= colWidth) return cols;
  }
  return 1;
}

export interface GridColumnSpec {
  kind: "label" | "choice" | "text" | "comment";
  /** Least width, e.g. the keys of a scale or the longest word of a header. */
  min: number;
  /** Share of the width left over after every column has its least width. */
  grow: number;
}

/**
 * Widths for a grid's columns that fill `available`: each column gets its least width, the rest is shared in
 * proportion to `grow`. When even the least widths do not fit they are scaled down proportionally.
 *
 * @example gridWidths([{kind:"label",min:60,grow:1},{kind:"choice",min:110,grow:0}], 300) // [190, 110]
 */
export function gridWidths(columns: readonly GridColumnSpec[], available: number): number[] {
  const least = columns.reduce((s, c) => s + c.min, 0);
  if (least >= available) return columns.map((c) => (c.min * available) / least);
  const growth = columns.reduce((s, c) => s + c.grow, 0);
  const spare = available - least;
  return columns.map((c) => c.min + (growth > 0 ? (spare * c.grow) / growth : 0));
}
