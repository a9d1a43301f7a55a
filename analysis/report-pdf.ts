/**
 * The PDF report analysts hand to ministries: a cover, the sample, how to read the numbers, one section per item
 * with a vector chart, a table and the group comparison, and the free-text comments as an appendix. It draws an
 * `AnalysisResult` exactly as the analysis left it: suppressed cells stay hidden (printed "<k"), nothing is
 * recomputed from hidden numbers, and the internal version says it is confidential on every page.
 *
 * Layout is measured before it is drawn: every block knows its height, so a heading never ends a page, an item
 * moves to a fresh page rather than breaking awkwardly, and no text runs into the footer. Page numbers and running
 * headers are added in a last pass over the buffered pages, once the page count is known. pdfkit's built-in fonts
 * have no Latvian or Cyrillic letters, so the DejaVu fonts shipped by `dejavu-fonts-ttf` are embedded (subset).
 *
 * When the study's interviews are coded (`result.qualitative`), a last section lists per target group the codes
 * raised in most sessions with their counts and short quotes; without codings the report is exactly as before.
 */
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import PDFDocument from "pdfkit";
import { REPORT_TEXT, SITE_NAMES, type ReportText } from "./report-text.ts";
import type {
  AnalysisResult,
  Cell,
  ChoiceResult,
  ItemResult,
  LikertGroupStats,
  LikertResult,
  Locale,
  TestResult,
  TextGroup,
  TextResult,
} from "./types.ts";

export interface ReportOptions {
  lang: Locale;
}

type Doc = PDFKit.PDFDocument;
type Align = "left" | "right" | "center";

// ---------------------------------------------------------------------------------------------------------------
// Fonts, page geometry, colours

/** Comments printed per question and group; the JSON results have them all. */
const MAX_COMMENTS = 30;

/** Up to `max` entries spread evenly over the list, in their order. */
function spread<T>(list: readonly T[], max: number): T[] {
  if (list.length <= max) return [...list];
  return Array.from({ length: max }, (_, i) => list[Math.floor((i * list.length) / max)]!);
}

const FONT_FILES = {
  regular: "DejaVuSans.ttf",
  bold: "DejaVuSans-Bold.ttf",
  italic: "DejaVuSans-Oblique.ttf",
  cond: "DejaVuSansCondensed.ttf",
  condBold: "DejaVuSansCondensed-Bold.ttf",
} as const;
type FontName = keyof typeof FONT_FILES;

const requireFromHere = createRequire(import.meta.url);
const fontPath = (file: string): string => requireFromHere.resolve(`dejavu-fonts-ttf/ttf/${file}`);
const REGULAR_PATH = fontPath(FONT_FILES.regular);
let fontData: Record<FontName, Buffer> | null = null;

/** Font files are read once per process: a report server renders many reports. */
function loadFonts(): Record<FontName, Buffer> {
  if (!fontData) {
    const entries = Object.entries(FONT_FILES).map(([name, file]) => [name, readFileSync(fontPath(file))]);
    fontData = Object.fromEntries(entries) as Record<FontName, Buffer>;
  }
  return fontData;
}

const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = { top: 68, bottom: 64, left: 56, right: 56 };
const CONTENT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
const BOTTOM = PAGE.height - MARGIN.bottom;
const CONTENT_HEIGHT = BOTTOM - MARGIN.top;

const COLOR = {
  ink: "#1f2933",
  muted: "#5f6b7a",
  faint: "#8a96a3",
  rule: "#cdd4dc",
  grid: "#e4e8ed",
  accent: "#1d4e89",
  headerFill: "#e8eef5",
  zebra: "#f5f7fa",
  boxFill: "#f2f5f9",
  hatchFill: "#e9ecef",
  hatchLine: "#9aa5b1",
  bar: "#3a6ea5",
  internal: "#b3261e",
  internalFill: "#fbeceb",
  published: "#2e6b3f",
  publishedFill: "#e9f3ec",
};

/** Diverging scale for levels 1..5: warm (low) to cool (high) around a neutral grey; red-blue is colour-blind safe. */
const LIKERT_COLORS = ["#b2182b", "#ef8a62", "#c9cdd2", "#67a9cf", "#2166ac"];
const LIKERT_TEXT = ["#ffffff", COLOR.ink, COLOR.ink, COLOR.ink, "#ffffff"];
/** Categorical colours for groups (Tableau 10, muted); "all" is always dark grey so it reads as the total. */
const GROUP_COLORS = ["#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2", "#edc948", "#9c755f", "#ff9da7", "#bab0ac"];
const ALL_COLOR = "#4a5561";
const ALL = "all";

// ---------------------------------------------------------------------------------------------------------------
// Layout primitives

/** Something measured before it is drawn. `keep` is the least height that must fit before drawing starts. */
interface Block {
  height: number;
  keep?: number;
  draw(): void;
}

interface Column {
  header: string;
  width: number;
  align: Align;
}

interface Row {
  cells: string[];
  bold?: boolean;
  /** A rule above the row, to set a total apart. */
  rule?: boolean;
}

interface TextStyle {
  font?: FontName;
  size?: number;
  color?: string;
  width?: number;
  x?: number;
  lineGap?: number;
  align?: "left" | "right" | "center" | "justify";
}

interface TocEntry {
  number: string;
  title: string;
  page: number;
  level: 1 | 2;
}

/** A sum over sample cells: what is known exactly and how many hidden cells it also holds. */
interface Sum {
  known: number;
  hidden: number;
}

class Report {
  readonly doc: Doc;
  readonly t: ReportText;
  readonly k: number;
  /** The drawing cursor; always passed explicitly so pdfkit's own cursor never decides a page break. */
  y = MARGIN.top;
  private readonly toc: TocEntry[] = [];
  private readonly groupLabels = new Map<string, string>();
  private readonly groupColors = new Map<string, string>();
  private readonly heights = new Map<string, number>();
  /** The current section's bookmark, so items nest under it. */
  private outline: PDFKit.PDFOutline | null = null;

  constructor(
    readonly result: AnalysisResult,
    readonly lang: Locale,
  ) {
    this.t = REPORT_TEXT[lang];
    this.k = result.threshold;
    const fonts = loadFonts();
    this.doc = new PDFDocument({
      size: "A4",
      margins: MARGIN,
      bufferPages: true,
      autoFirstPage: true,
      lang,
      displayTitle: true,
      // A registered TTF as the default keeps pdfkit from loading (and listing) Helvetica.
      font: REGULAR_PATH,
      info: {
        Title: `${result.study.name} — ${this.t.reportTitle}`,
        Subject: this.t.reportSubtitle,
        Creator: "analysis/report-pdf",
        Producer: "pdfkit",
        CreationDate: parseDay(result.generatedOn),
        ModDate: parseDay(result.generatedOn),
      },
    });
    // "regular" is the default font, already open under its path; registering it again under another name would
    // make pdfkit re-open (and re-parse) it on every switch, which costs seconds on a long report.
    for (const [name, data] of Object.entries(fonts)) if (name !== "regular") this.doc.registerFont(name, data);
    // The overall row is not a group of the plan; it reads as the total ("Kopā").
    this.groupLabels.set(ALL, this.t.sample.total);
    let colour = 0;
    for (const g of result.plan.groups) {
      this.groupLabels.set(g.key, g.label[lang]);
      if (g.key !== ALL) this.groupColors.set(g.key, GROUP_COLORS[colour++ % GROUP_COLORS.length]!);
    }
  }

  // -- text helpers ---------------------------------------------------------------------------------------------

  font(name: FontName, size: number, color: string = COLOR.ink): Doc {
    return this.doc.font(name === "regular" ? REGULAR_PATH : name).fontSize(size).fillColor(color);
  }

  measure(text: string, style: TextStyle = {}): number {
    // Every block is measured to place it and again to draw it, and labels repeat across items: remember heights.
    const key = `${style.font ?? "regular"}|${style.size ?? 9.5}|${style.width ?? CONTENT_WIDTH}|${style.lineGap ?? 1.5}|${text}`;
    const known = this.heights.get(key);
    if (known !== undefined) return known;
    this.doc.font(style.font === undefined || style.font === "regular" ? REGULAR_PATH : style.font).fontSize(style.size ?? 9.5);
    const h = this.doc.heightOfString(text, { width: style.width ?? CONTENT_WIDTH, lineGap: style.lineGap ?? 1.5 });
    this.heights.set(key, h);
    return h;
  }

  widthOf(text: string, font: FontName, size: number): number {
    return this.font(font, size).widthOfString(text);
  }

  /** Draws wrapped text at the cursor (or at an explicit x) and moves the cursor below it. */
  paragraph(text: string, style: TextStyle = {}, after = 0): void {
    const h = this.measure(text, style);
    this.font(style.font ?? "regular", style.size ?? 9.5, style.color);
    this.doc.text(text, style.x ?? MARGIN.left, this.y, {
      width: style.width ?? CONTENT_WIDTH,
      lineGap: style.lineGap ?? 1.5,
      align: style.align ?? "left",
    });
    // Text longer than a page (a very long comment) is flowed over pages by pdfkit: follow its cursor then.
    this.y = h > CONTENT_HEIGHT ? this.doc.y + after : this.y + h + after;
  }

  /** One line, never wrapped and never breaking the page; truncated with an ellipsis when too wide. */
  line(text: string, x: number, y: number, width: number, align: Align, font: FontName, size: number, color: string = COLOR.ink): void {
    this.font(font, size, color);
    let s = text;
    let w = this.doc.widthOfString(s);
    if (w > width) {
      s = this.fit(text, width);
      w = this.doc.widthOfString(s);
    }
    const dx = align === "right" ? width - w : align === "center" ? (width - w) / 2 : 0;
    this.doc.text(s, x + dx, y, { lineBreak: false });
  }

  /** `text` shortened with "…" to fit `width` in the current font. */
  fit(text: string, width: number): string {
    if (this.doc.widthOfString(text) <= width) return text;
    let lo = 0;
    let hi = text.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (this.doc.widthOfString(`${text.slice(0, mid).trimEnd()}…`) <= width) lo = mid;
      else hi = mid - 1;
    }
    return `${text.slice(0, lo).trimEnd()}…`;
  }

  // -- pages ----------------------------------------------------------------------------------------------------

  newPage(): void {
    this.doc.addPage();
    this.y = MARGIN.top;
  }

  get pageNumber(): number {
    const range = this.doc.bufferedPageRange();
    return range.start + range.count;
  }

  /** Starts a new page unless `height` still fits below the cursor. */
  ensure(height: number): void {
    if (this.y + height > BOTTOM) this.newPage();
  }

  /**
   * Places a run of blocks: all on this page if they fit, else all on a fresh page if they fit there, else starting
   * on whichever page holds the first `together` blocks, breaking later only between (or inside) blocks.
   */
  place(blocks: Block[], together: number): void {
    const total = blocks.reduce((s, b) => s + b.height, 0);
    const head = blocks.slice(0, together).reduce((s, b) => s + b.height, 0) + (blocks[together]?.keep ?? blocks[together]?.height ?? 0);
    if (this.y + total > BOTTOM) {
      if (total <= CONTENT_HEIGHT || this.y + Math.min(head, CONTENT_HEIGHT) > BOTTOM) {
        if (this.y > MARGIN.top) this.newPage();
      }
    }
    blocks.forEach((b, i) => {
      if (i >= together) this.ensure(Math.min(b.keep ?? b.height, CONTENT_HEIGHT));
      b.draw();
    });
  }

  // -- numbers --------------------------------------------------------------------------------------------------

  num(value: number, digits = 0): string {
    const fixed = Math.abs(value).toFixed(digits);
    const [int = "0", frac] = fixed.split(".");
    const grouped =
      Math.abs(value) >= this.t.number.groupFrom ? int.replace(/\B(?=(\d{3})+(?!\d))/g, this.t.number.group) : int;
    const sign = value < 0 && Number(fixed) !== 0 ? "−" : "";
    return sign + grouped + (frac ? this.t.number.decimal + frac : "");
  }

  /** "< 0,001" or "= 0,042": the relation is part of the value, so it reads "p < 0,001". */
  pValue(p: number): string {
    return p < 0.001 ? `< ${this.num(0.001, 3)}` : `= ${this.num(p, 3)}`;
  }

  pBare(p: number): string {
    return p < 0.001 ? `< ${this.num(0.001, 3)}` : this.num(p, 3);
  }

  /** A cell as printed: its value, or "<k" when the analysis hid it. */
  cell(c: Cell | undefined, format: (v: number) => string): string {
    if (!c) return "–";
    if (c.value === null) return c.suppressed ? `<${this.k}` : "–";
    return format(c.value);
  }

  pct = (v: number): string => this.num(Math.round(v));
  count = (v: number): string => this.num(v);
  decimal1 = (v: number): string => this.num(v, 1);
  median = (v: number): string => (Number.isInteger(v) ? this.num(v) : this.num(v, 1));

  groupLabel(key: string): string {
    return this.groupLabels.get(key) ?? key;
  }

  // -- tables ---------------------------------------------------------------------------------------------------

  /** A table with a shaded header repeated on every page it runs over, zebra rows and numbers aligned right. */
  table(columns: Column[], rows: Row[], size = 8, marks: (string | undefined)[] = []): Block {
    const pad = { x: 4, y: 3 };
    const headerHeights = columns.map((c) => this.measure(c.header, { font: "condBold", size, width: c.width - 2 * pad.x, lineGap: 0.5 }));
    const headerH = Math.max(...headerHeights) + 2 * pad.y + (marks.length ? 3 : 0);
    const heights = rows.map(
      (r) =>
        Math.max(
          ...r.cells.map((text, i) =>
            this.measure(text, { font: r.bold ? "condBold" : "cond", size, width: (columns[i]?.width ?? 40) - 2 * pad.x, lineGap: 0.5 }),
          ),
        ) +
        2 * pad.y,
    );
    const total = headerH + heights.reduce((s, h) => s + h, 0) + 4;
    const width = columns.reduce((s, c) => s + c.width, 0);
    const x0 = MARGIN.left;
    const drawHeader = (): void => {
      this.doc.rect(x0, this.y, width, headerH).fill(COLOR.headerFill);
      let x = x0;
      columns.forEach((c, i) => {
        // Headers sit on the rule, as in printed statistical tables, however many lines each takes.
        const ty = this.y + headerH - pad.y - headerHeights[i]! - (marks.length ? 3 : 0);
        this.font("condBold", size, COLOR.ink);
        this.doc.text(c.header, x + pad.x, ty, { width: c.width - 2 * pad.x, align: c.align, lineGap: 0.5 });
        const mark = marks[i];
        if (mark) this.doc.rect(x + c.width - pad.x - 10, this.y + headerH - 4, 10, 2.5).fill(mark);
        x += c.width;
      });
      this.y += headerH;
      this.doc.moveTo(x0, this.y).lineTo(x0 + width, this.y).lineWidth(0.8).strokeColor(COLOR.ink).stroke();
    };
    return {
      height: total,
      keep: headerH + (heights[0] ?? 0) + (heights[1] ?? 0) + 4,
      draw: () => {
        drawHeader();
        rows.forEach((r, ri) => {
          const h = heights[ri]!;
          if (this.y + h > BOTTOM) {
            this.newPage();
            drawHeader();
          }
          if (ri % 2 === 1 && !r.rule) this.doc.rect(x0, this.y, width, h).fill(COLOR.zebra);
          if (r.rule) this.doc.moveTo(x0, this.y).lineTo(x0 + width, this.y).lineWidth(0.6).strokeColor(COLOR.muted).stroke();
          let x = x0;
          r.cells.forEach((text, i) => {
            const c = columns[i]!;
            const font: FontName = r.bold ? "condBold" : "cond";
            const inner = c.width - 2 * pad.x;
            // Most cells are short numbers: placing them directly skips pdfkit's line wrapper, which dominates render time.
            if (this.widthOf(text, font, size) <= inner) this.line(text, x + pad.x, this.y + pad.y, inner, c.align, font, size, COLOR.ink);
            else {
              this.font(font, size, COLOR.ink);
              this.doc.text(text, x + pad.x, this.y + pad.y, { width: inner, align: c.align, lineGap: 0.5 });
            }
            x += c.width;
          });
          this.y += h;
        });
        this.doc.moveTo(x0, this.y).lineTo(x0 + width, this.y).lineWidth(0.6).strokeColor(COLOR.rule).stroke();
        this.y += 4;
      },
    };
  }

  /** Columns: a first text column, then `n` equal numeric columns filling the width. */
  columns(first: string, firstWidth: number, headers: string[]): Column[] {
    const w = (CONTENT_WIDTH - firstWidth) / Math.max(1, headers.length);
    return [{ header: first, width: firstWidth, align: "left" }, ...headers.map((h) => ({ header: h, width: w, align: "right" as Align }))];
  }

  /**
   * Blocks that move as one (a caption, its table and its note). Up to a third of a page they are never split;
   * a longer run may break inside its table but keeps the caption with the table's first rows.
   */
  together(blocks: Block[]): Block {
    const height = blocks.reduce((s, b) => s + b.height, 0);
    const keep = height <= CONTENT_HEIGHT / 3 ? height : (blocks[0]?.height ?? 0) + (blocks[1]?.keep ?? blocks[1]?.height ?? 0);
    return { height, keep, draw: () => blocks.forEach((b) => b.draw()) };
  }

  textBlock(text: string, style: TextStyle, after = 0): Block {
    const h = this.measure(text, style);
    return { height: h + after, draw: () => this.paragraph(text, style, after) };
  }

  spacer(h: number): Block {
    return { height: h, draw: () => (this.y += h) };
  }

  // -- headings -------------------------------------------------------------------------------------------------

  /** Records an item for the table of contents and the PDF's bookmarks, on the page where it starts. */
  bookmark(number: string, title: string): void {
    this.toc.push({ number, title, page: this.pageNumber, level: 2 });
    (this.outline ?? this.doc.outline).addItem(`${number} ${title.length > 90 ? `${title.slice(0, 89)}…` : title}`);
  }

  /** A numbered top-level section; it starts a page unless most of the page is still free. */
  section(number: string, title: string, forceNewPage: boolean): void {
    if (forceNewPage || this.y + CONTENT_HEIGHT * 0.3 > BOTTOM) {
      if (this.y > MARGIN.top) this.newPage();
    } else if (this.y > MARGIN.top) {
      this.y += 14;
    }
    this.sectionHeading(number, title).draw();
  }

  /** The heading alone, as a block, so it can travel with the first item of its section. */
  sectionHeading(number: string, title: string): Block {
    return {
      height: 34,
      draw: () => {
        this.toc.push({ number, title, page: this.pageNumber, level: 1 });
        this.outline = this.doc.outline.addItem(`${number}. ${title}`);
        this.line(number, MARGIN.left, this.y, 30, "left", "bold", 15, COLOR.accent);
        this.line(title, MARGIN.left + 30, this.y, CONTENT_WIDTH - 30, "left", "bold", 15, COLOR.accent);
        this.y += 22;
        this.doc.moveTo(MARGIN.left, this.y).lineTo(MARGIN.left + CONTENT_WIDTH, this.y).lineWidth(1.2).strokeColor(COLOR.accent).stroke();
        this.y += 12;
      },
    };
  }

  subheading(text: string): Block {
    const style: TextStyle = { font: "bold", size: 10, color: COLOR.accent };
    const h = this.measure(text, style);
    return { height: h + 5, draw: () => this.paragraph(text, style, 5) };
  }

  caption(text: string): Block {
    return this.textBlock(text, { font: "italic", size: 7.8, color: COLOR.muted }, 4);
  }

  /** An item's heading: number, the question as worded, the rated row, and a grey line of facts about it. */
  itemHeading(number: string, r: ItemResult): Block {
    const L = this.lang;
    const q = r.item.question[L];
    // The number badge grows for "3.100" and beyond; the question keeps a clear gap after it.
    const badge = Math.max(26, this.widthOf(number, "bold", 8.5) + 8);
    const indent = badge + 8;
    const qStyle: TextStyle = { font: "bold", size: 10.5, x: MARGIN.left + indent, width: CONTENT_WIDTH - indent, lineGap: 1.5 };
    const row = r.item.row?.[L];
    const rowText = row ? `${this.t.rowLabel}: ${row}` : null;
    const rowStyle: TextStyle = { font: "bold", size: 9.5, color: COLOR.accent, x: MARGIN.left + indent, width: CONTENT_WIDTH - indent };
    const titles = r.item.instruments.map((id) => this.result.instruments.find((i) => i.id === id)?.title[L] ?? id);
    const meta = `${r.item.key}  ·  ${this.t.kinds[r.item.kind]}  ·  ${this.t.askedIn}: ${titles.join("; ")}`;
    const metaStyle: TextStyle = { font: "regular", size: 7.5, color: COLOR.muted, x: MARGIN.left + indent, width: CONTENT_WIDTH - indent };
    const h = this.measure(q, qStyle) + 3 + (rowText ? this.measure(rowText, rowStyle) + 3 : 0) + this.measure(meta, metaStyle) + 12;
    return {
      height: h,
      draw: () => {
        this.doc.rect(MARGIN.left, this.y + 1, badge, 14).fill(COLOR.accent);
        this.line(number, MARGIN.left, this.y + 3.5, badge, "center", "bold", 8.5, "#ffffff");
        this.paragraph(q, qStyle, 3);
        if (rowText) this.paragraph(rowText, rowStyle, 3);
        this.paragraph(meta, metaStyle, 12);
      },
    };
  }

  // -- chart helpers --------------------------------------------------------------------------------------------

  hatch(x: number, y: number, w: number, h: number): void {
    const doc = this.doc;
    doc.save();
    doc.rect(x, y, w, h).fill(COLOR.hatchFill);
    doc.rect(x, y, w, h).clip();
    for (let d = -h; d < w; d += 3.2) doc.moveTo(x + d, y + h).lineTo(x + d + h, y);
    doc.lineWidth(0.5).strokeColor(COLOR.hatchLine).stroke();
    doc.restore();
  }

  /** A flowing legend of colour swatches; `hatched` entries use the suppressed pattern. */
  legend(entries: { label: string; color?: string; hatched?: boolean }[], x0: number, width: number): Block {
    const size = 7.5;
    const sw = 9;
    const gap = 12;
    const maxLabel = width / 2 - sw - 6;
    type Placed = { x: number; y: number; w: number; h: number; e: (typeof entries)[number] };
    const placed: Placed[] = [];
    let x = x0;
    let y = 0;
    let lineH = 0;
    for (const e of entries) {
      this.font("regular", size);
      const textW = Math.min(this.doc.widthOfString(e.label), maxLabel);
      const h = this.doc.heightOfString(e.label, { width: textW + 0.5 });
      const w = sw + 4 + textW;
      if (x > x0 && x + w > x0 + width) {
        x = x0;
        y += lineH + 4;
        lineH = 0;
      }
      placed.push({ x, y, w: textW, h, e });
      x += w + gap;
      lineH = Math.max(lineH, h);
    }
    const height = y + lineH + 8;
    return {
      height,
      draw: () => {
        const top = this.y;
        for (const p of placed) {
          if (p.e.hatched) this.hatch(p.x, top + p.y + 1, sw, sw);
          else this.doc.rect(p.x, top + p.y + 1, sw, sw).fill(p.e.color ?? COLOR.bar);
          this.font("regular", size, COLOR.ink);
          this.doc.text(p.e.label, p.x + sw + 4, top + p.y + 1.5, { width: p.w + 0.5, lineGap: 0 });
        }
        this.y = top + height;
      },
    };
  }

  /** Gridlines with % labels for a horizontal axis from `from` to `to` (percent), drawn at `labelY`. */
  axis(xOf: (v: number) => number, ticks: number[], top: number, bottom: number, labelY: number): void {
    for (const v of ticks) {
      const x = xOf(v);
      this.doc.moveTo(x, top).lineTo(x, bottom).lineWidth(0.5).strokeColor(COLOR.grid).stroke();
      const label = v === 0 ? "0" : this.t.percent(this.num(Math.abs(v)));
      this.line(label, x - 20, labelY, 40, "center", "regular", 6.8, COLOR.faint);
    }
  }

  // -- sections -------------------------------------------------------------------------------------------------

  cover(): void {
    const { t, result, lang } = this;
    const doc = this.doc;
    doc.rect(0, 0, PAGE.width, 14).fill(COLOR.accent);
    this.y = 120;
    this.font("bold", 9.5, COLOR.accent);
    doc.text(t.reportTitle.toUpperCase(), MARGIN.left, this.y, { characterSpacing: 1.2, lineBreak: false });
    this.y += 22;
    this.paragraph(result.study.name, { font: "bold", size: 24, lineGap: 2 }, 8);
    this.paragraph(t.reportSubtitle, { font: "regular", size: 12, color: COLOR.muted }, 16);
    doc.rect(MARGIN.left, this.y, 56, 3).fill(COLOR.accent);
    this.y += 24;

    const period =
      result.period.from && result.period.to
        ? `${t.date(result.period.from)} – ${t.date(result.period.to)}`
        : result.period.from || result.period.to
          ? t.date((result.period.from ?? result.period.to)!)
          : t.cover.periodUnknown;
    const facts: [string, string][] = [
      [t.cover.instruments, result.instruments.map((i) => i.title[lang]).join("\n")],
      [t.cover.period, period],
      [t.cover.generated, t.date(result.generatedOn)],
      [t.cover.responses, this.num(result.totalResponses)],
      [t.cover.threshold, String(result.threshold)],
    ];
    const labelW = 150;
    for (const [label, value] of facts) {
      this.line(label, MARGIN.left, this.y + 1, labelW - 10, "left", "regular", 9, COLOR.muted);
      this.paragraph(value, { size: 10, x: MARGIN.left + labelW, width: CONTENT_WIDTH - labelW }, 7);
    }
    this.y += 14;

    const internal = result.mode === "internal";
    const title = internal ? t.modeInternal : t.modePublished;
    const detail = internal ? t.modeInternalDetail(this.k) : t.modePublishedDetail(this.k);
    const colour = internal ? COLOR.internal : COLOR.published;
    const boxW = CONTENT_WIDTH;
    const inner = boxW - 28;
    const h = this.measure(title, { font: "bold", size: 11.5, width: inner }) + 4 + this.measure(detail, { size: 9, width: inner }) + 20;
    doc.rect(MARGIN.left, this.y, boxW, h).fill(internal ? COLOR.internalFill : COLOR.publishedFill);
    doc.rect(MARGIN.left, this.y, 4, h).fill(colour);
    const top = this.y;
    this.y += 10;
    this.paragraph(title, { font: "bold", size: 11.5, color: colour, x: MARGIN.left + 16, width: inner }, 4);
    this.paragraph(detail, { size: 9, x: MARGIN.left + 16, width: inner });
    this.y = top + h + 28;
  }

  /** Reserves room for the table of contents (on the cover when it fits) and returns where to draw it. */
  reserveToc(entries: number): { page: number; y: number; pages: number } {
    const lineH = 15;
    const headH = 26;
    if (this.y + headH + entries * lineH <= BOTTOM) return { page: this.pageNumber, y: this.y, pages: 1 };
    const perPage = Math.floor((CONTENT_HEIGHT - headH) / lineH);
    // Two spare lines: the estimate counts entries before the sections are laid out.
    const pages = Math.ceil((entries + 2) / perPage);
    const first = this.pageNumber + 1;
    for (let i = 0; i < pages; i++) this.newPage();
    // The reserved pages belong to the contents alone: what follows starts on a page of its own.
    this.newPage();
    return { page: first, y: MARGIN.top, pages };
  }

  drawToc(at: { page: number; y: number }): void {
    const doc = this.doc;
    const lineH = 15;
    doc.switchToPage(at.page - 1);
    let y = at.y;
    this.line(this.t.contents, MARGIN.left, y, CONTENT_WIDTH, "left", "bold", 12, COLOR.accent);
    y += 26;
    let page = at.page;
    for (const e of this.toc) {
      if (y + lineH > BOTTOM) {
        page += 1;
        doc.switchToPage(page - 1);
        y = MARGIN.top;
      }
      const bold = e.level === 1;
      const indent = bold ? 0 : 30;
      const numW = bold ? 30 : 32;
      const font: FontName = bold ? "bold" : "regular";
      const size = bold ? 9.5 : 8.8;
      const pageW = 28;
      this.line(e.number, MARGIN.left + indent, y, numW, "left", font, size, bold ? COLOR.accent : COLOR.muted);
      const titleX = MARGIN.left + indent + numW;
      const titleW = CONTENT_WIDTH - indent - numW - pageW - 10;
      this.font(font, size);
      const title = this.fit(e.title, titleW);
      const tw = doc.widthOfString(title);
      this.line(title, titleX, y, titleW, "left", font, size, COLOR.ink);
      const pageX = MARGIN.left + CONTENT_WIDTH - pageW;
      const leaderFrom = titleX + tw + 4;
      const leaderTo = pageX + pageW - this.widthOf(String(e.page), font, size) - 4;
      if (leaderTo > leaderFrom) {
        doc.save();
        doc.moveTo(leaderFrom, y + size * 0.9).lineTo(leaderTo, y + size * 0.9).lineWidth(0.6).dash(0.6, { space: 2.4 }).strokeColor(COLOR.faint).stroke();
        doc.undash();
        doc.restore();
      }
      this.line(String(e.page), pageX, y, pageW, "right", font, size, COLOR.ink);
      y += lineH;
    }
  }

  sample(): void {
    const { t, result, lang } = this;
    this.section("1", t.sections.sample, true);
    this.paragraph(t.sample.intro(this.num(result.totalResponses)), { size: 9.5 }, 10);

    const instruments = result.instruments.map((i) => i.id);
    for (const c of result.sample) if (!instruments.includes(c.instrument)) instruments.push(c.instrument);
    const instrumentTitle = (id: string): string => result.instruments.find((i) => i.id === id)?.title[lang] ?? id;
    let approximate = false;
    const fmt = (s: Sum): string => {
      if (s.hidden === 0) return this.num(s.known);
      if (s.known === 0 && s.hidden === 1) return `<${this.k}`;
      approximate = true;
      // Each hidden cell holds at least one respondent, so this lower bound rests only on published numbers.
      return `${this.num(s.known + s.hidden)}+`;
    };
    const sumOf = (cells: typeof result.sample): Sum =>
      cells.reduce<Sum>(
        (s, c) => (c.count.value === null ? { known: s.known, hidden: s.hidden + 1 } : { known: s.known + c.count.value, hidden: s.hidden }),
        { known: 0, hidden: 0 },
      );
    const add = (a: Sum, b: Sum): Sum => ({ known: a.known + b.known, hidden: a.hidden + b.hidden });

    // By group x instrument. A group answered in one instrument only is exactly its published n.
    const groupKeys = result.plan.groups.map((g) => g.key).filter((k) => k !== ALL);
    for (const c of result.sample) if (!groupKeys.includes(c.group)) groupKeys.push(c.group);
    const perInstrument = new Map<string, Sum>(instruments.map((i) => [i, { known: 0, hidden: 0 }]));
    const groupRows: Row[] = groupKeys.map((g) => {
      const mine = result.sample.filter((c) => c.group === g);
      const info = result.plan.groups.find((x) => x.key === g);
      const only = new Set(mine.map((c) => c.instrument));
      const cells = instruments.map((i) => {
        const s: Sum = only.size === 1 && only.has(i) && info ? { known: info.n, hidden: 0 } : sumOf(mine.filter((c) => c.instrument === i));
        perInstrument.set(i, add(perInstrument.get(i)!, s));
        return s;
      });
      const total: Sum = info ? { known: info.n, hidden: 0 } : cells.reduce(add, { known: 0, hidden: 0 });
      return { cells: [this.groupLabel(g), ...cells.map((s) => (s.known + s.hidden === 0 ? "–" : fmt(s))), fmt(total)] };
    });
    const totalRow = (label: string): Row => ({
      cells: [label, ...instruments.map((i) => fmt(perInstrument.get(i)!)), this.num(result.totalResponses)],
      bold: true,
      rule: true,
    });
    // Instrument titles are long and wrap; the total needs only room for a number.
    const firstW = 150;
    const totalW = 64;
    const instrumentW = (CONTENT_WIDTH - firstW - totalW) / Math.max(1, instruments.length);
    const cols = (first: string): Column[] => [
      { header: first, width: firstW, align: "left" },
      ...instruments.map((id) => ({ header: instrumentTitle(id), width: instrumentW, align: "right" as Align })),
      { header: t.sample.total, width: totalW, align: "right" },
    ];

    const tables: [string, string, Row[]][] = [[t.sample.byGroup, t.sample.ageGroup, [...groupRows, totalRow(t.sample.total)]]];
    const breakdown = (keyOf: (c: (typeof result.sample)[number]) => string, order: string[], labelOf: (k: string) => string): Row[] => {
      const keys = [...new Set(result.sample.map(keyOf))].sort((a, b) => {
        const ia = order.indexOf(a);
        const ib = order.indexOf(b);
        return (ia < 0 ? 1e9 : ia) - (ib < 0 ? 1e9 : ib) || labelOf(a).localeCompare(labelOf(b), lang);
      });
      const rows: Row[] = keys.map((key) => {
        const mine = result.sample.filter((c) => keyOf(c) === key);
        const cells = instruments.map((i) => sumOf(mine.filter((c) => c.instrument === i)));
        return { cells: [labelOf(key), ...cells.map((s) => (s.known + s.hidden === 0 ? "–" : fmt(s))), fmt(sumOf(mine))] };
      });
      return [...rows, totalRow(t.sample.total)];
    };
    tables.push([
      t.sample.byChannel,
      t.sample.channel,
      breakdown((c) => c.channel, ["tablet", "online", "paper", "interview"], (k) => t.channels[k] ?? k),
    ]);
    tables.push([
      t.sample.bySite,
      t.sample.site,
      breakdown((c) => c.site, [], (k) => (k === "" || k === "-" || k === "none" ? t.sample.noSite : (SITE_NAMES[k] ?? k))),
    ]);

    for (const [title, first, rows] of tables) {
      const tableBlock = this.table(cols(first), rows);
      this.place([this.subheading(title), tableBlock, this.spacer(10)], 1);
    }
    const notes: string[] = [];
    if (approximate) notes.push(t.sample.rangeNote(this.k));
    if (notes.length) this.place([this.caption(notes.join(" ")), this.spacer(6)], 1);

    const planBlocks: Block[] = [this.subheading(t.sample.planTitle)];
    const bullets = (list: string[], none: string): Block[] =>
      list.length === 0 ? [this.textBlock(none, { size: 9, color: COLOR.muted }, 4)] : list.map((s) => this.bullet(s, 9));
    planBlocks.push(...bullets(result.plan.notes.map((n) => n[lang]), t.sample.notesNone));
    planBlocks.push(this.spacer(6), this.subheading(t.sample.omittedTitle));
    planBlocks.push(
      ...bullets(
        result.plan.omitted.map((o) => `${o.members.map((m) => this.groupLabel(m)).join(", ")}: ${o.reason[lang]}`),
        t.sample.omittedNone,
      ),
    );
    this.place(planBlocks, 2);
  }

  bullet(text: string, size: number, color: string = COLOR.ink): Block {
    const indent = 12;
    const style: TextStyle = { size, x: MARGIN.left + indent, width: CONTENT_WIDTH - indent, color, lineGap: 1.2 };
    const h = this.measure(text, style);
    return {
      height: h + 4,
      keep: Math.min(h + 4, 40),
      draw: () => {
        this.font("regular", size, COLOR.accent);
        this.doc.text("•", MARGIN.left + 2, this.y, { lineBreak: false });
        this.paragraph(text, style, 4);
      },
    };
  }

  howToRead(): void {
    const { t, result } = this;
    this.section("2", t.sections.howToRead, false);
    for (const e of t.howToRead(this.k, result.mode)) {
      const title = this.textBlock(e.title, { font: "bold", size: 9.5, color: COLOR.accent }, 2);
      const body = this.textBlock(e.body, { size: 9, lineGap: 1.8 }, 10);
      this.place([title, body], 2);
    }
  }

  // -- items ----------------------------------------------------------------------------------------------------

  results(): void {
    const items = this.result.items.filter((r) => r.kind !== "text");
    if (items.length === 0) return;
    if (this.y > MARGIN.top) this.newPage();
    items.forEach((r, i) => {
      const number = `3.${i + 1}`;
      const blocks = [this.itemHeading(number, r), ...this.itemBody(r)];
      // The heading, caption and chart stay together: a question is never separated from its picture.
      let together = r.kind === "multiple" ? 3 : 4;
      if (i === 0) {
        // The section's heading goes wherever its first item goes, never alone at the top of a page.
        blocks.unshift(this.sectionHeading("3", this.t.sections.results));
        together += 1;
      }
      const startPage = (): void => this.bookmark(number, this.tocTitle(r));
      const at = i === 0 ? 1 : 0;
      const first = blocks[at]!;
      blocks[at] = {
        ...first,
        draw: () => {
          startPage();
          first.draw();
        },
      };
      this.place(blocks, together);
      this.y += 18;
    });
  }

  tocTitle(r: ItemResult): string {
    const row = r.item.row?.[this.lang];
    return row ? `${row} — ${r.item.question[this.lang]}` : r.item.question[this.lang];
  }

  itemBody(r: ItemResult): Block[] {
    switch (r.kind) {
      case "likert":
        return this.likert(r);
      case "multiple":
        return this.multiple(r);
      case "single":
        return this.single(r);
      case "text":
        return [];
    }
  }

  likert(r: LikertResult): Block[] {
    const { t, lang } = this;
    const stats = this.ordered(r.byGroup);
    const anyHidden = stats.some((s) => s.percents.some((p) => p.value === null));
    const legend = this.legend(
      [
        ...r.item.levels.map((l, i) => ({ label: l.label[lang], color: LIKERT_COLORS[i] ?? COLOR.bar })),
        ...(anyHidden ? [{ label: t.likert.legendHidden(this.k), hatched: true }] : []),
      ],
      MARGIN.left,
      CONTENT_WIDTH,
    );
    const hasNa = Boolean(r.item.notApplicable);
    const headers = [t.table.n, "1", "2", "3", "4", "5", t.table.mean, t.table.median, t.table.top2, ...(hasNa ? [t.table.notApplicable] : [])];
    const rows: Row[] = stats.map((s) => ({
      cells: [
        this.groupLabel(s.group),
        this.cell(s.base, this.count),
        ...[0, 1, 2, 3, 4].map((i) => this.cell(s.percents[i], this.pct)),
        this.cell(s.mean, this.decimal1),
        this.cell(s.median, this.median),
        this.cell(s.top2, this.pct),
        ...(hasNa ? [this.cell(s.notApplicable, this.count)] : []),
      ],
      bold: s.group === ALL,
      rule: s.group === ALL,
    }));
    const notes = [t.likert.tableNote, ...(r.item.notApplicable ? [t.likert.naNote(r.item.notApplicable.label[lang])] : [])].join(" ");
    return [
      this.caption(t.likert.chartNote),
      this.divergingChart(stats),
      legend,
      this.table(this.columns(t.table.group, 96, headers), rows, 8, [undefined, undefined, ...LIKERT_COLORS]),
      this.caption(notes),
      ...this.testBlocks(r.test, r.testSkipped),
    ];
  }

  /** Shown groups in plan order, "all" last. */
  ordered<T extends { group: string }>(list: T[]): T[] {
    const order = this.result.plan.groups.map((g) => g.key);
    const pos = (g: string): number => (g === ALL ? 1e9 : order.indexOf(g) < 0 ? 1e8 : order.indexOf(g));
    return [...list].sort((a, b) => pos(a.group) - pos(b.group));
  }

  /**
   * One bar per group, centred on the middle of level 3. Hidden levels share what the shown ones leave of 100 %,
   * drawn hatched with no number: their place in the bar is known, their exact size is not.
   */
  divergingChart(stats: LikertGroupStats[]): Block {
    const { t } = this;
    const labelSize = 8.5;
    const labelW = Math.min(120, Math.max(60, ...stats.map((s) => this.widthOf(this.groupLabel(s.group), "bold", labelSize) + 8)));
    const nW = Math.max(30, ...stats.map((s) => this.widthOf(`n = ${this.cell(s.base, this.count)}`, "regular", 7.5))) + 10;
    const x0 = MARGIN.left + labelW + nW;
    const w = CONTENT_WIDTH - labelW - nW - 6;
    const cx = x0 + w / 2;
    const barH = 15;
    const rowH = 22;
    const axisH = 14;
    const sep = stats.some((s) => s.group === ALL) && stats.length > 1 ? 6 : 0;
    const widths = stats.map((s) => this.levelWidths(s));
    const extent = Math.max(
      25,
      ...widths.filter((x): x is number[] => x !== null).map((ws) => Math.max(ws[0]! + ws[1]! + ws[2]! / 2, ws[2]! / 2 + ws[3]! + ws[4]!)),
    );
    const axisMax = Math.min(100, Math.ceil((extent - 0.001) / 25) * 25);
    const scale = w / 2 / axisMax;
    const ticks: number[] = [];
    for (let v = -axisMax; v <= axisMax; v += 25) ticks.push(v);
    const height = axisH + stats.length * rowH + sep + 6;
    return {
      height,
      draw: () => {
        const top = this.y;
        const barsTop = top + axisH;
        const barsBottom = barsTop + stats.length * rowH + sep;
        this.axis((v) => cx + v * scale, ticks, barsTop - 3, barsBottom - 2, top);
        // Behind the bars: it shows between them without crossing the numbers printed on the neutral segment.
        this.doc.moveTo(cx, barsTop - 3).lineTo(cx, barsBottom - 2).lineWidth(0.9).strokeColor(COLOR.ink).stroke();
        let y = barsTop;
        stats.forEach((s, i) => {
          if (s.group === ALL && sep) {
            this.doc.moveTo(MARGIN.left, y + sep / 2 - 1).lineTo(MARGIN.left + CONTENT_WIDTH, y + sep / 2 - 1).lineWidth(0.5).strokeColor(COLOR.rule).stroke();
            y += sep;
          }
          const by = y + (rowH - barH) / 2;
          const bold = s.group === ALL;
          this.line(this.groupLabel(s.group), MARGIN.left, by + 3, labelW - 6, "left", bold ? "bold" : "regular", labelSize, COLOR.ink);
          this.line(`n = ${this.cell(s.base, this.count)}`, MARGIN.left + labelW, by + 4, nW - 6, "left", "regular", 7.5, COLOR.muted);
          const ws = widths[i];
          if (!ws) {
            const note = s.base.value === 0 ? t.likert.noAnswers : t.likert.hidden(this.k);
            const nw = this.widthOf(note, "italic", 7.5) + 12;
            this.doc.rect(cx - nw / 2, by + 1, nw, barH - 2).fill("#ffffff");
            this.line(note, x0, by + 4, w, "center", "italic", 7.5, COLOR.muted);
          } else {
            let x = cx - (ws[0]! + ws[1]! + ws[2]! / 2) * scale;
            ws.forEach((pct, level) => {
              const segW = pct * scale;
              const shownPct = s.percents[level]?.value;
              if (segW > 0) {
                if (shownPct === null || shownPct === undefined) this.hatch(x, by, segW, barH);
                else this.doc.rect(x, by, segW, barH).fill(LIKERT_COLORS[level]!);
                this.doc.moveTo(x, by).lineTo(x, by + barH).lineWidth(0.6).strokeColor("#ffffff").stroke();
                if (shownPct !== null && shownPct !== undefined && segW >= 16) {
                  this.line(this.pct(shownPct), x, by + 4, segW, "center", "bold", 7, LIKERT_TEXT[level]!);
                }
              }
              x += segW;
            });
          }
          y += rowH;
        });
        this.y = top + height;
      },
    };
  }

  /** Percent widths of levels 1..5 for the bar, or null when there is nothing that may be drawn. */
  levelWidths(s: LikertGroupStats): number[] | null {
    if (s.base.value === null || s.base.value === 0) return null;
    const values = [0, 1, 2, 3, 4].map((i) => s.percents[i]?.value ?? null);
    const hiddenCount = values.filter((v) => v === null).length;
    if (hiddenCount === 5) return null;
    const known = values.reduce<number>((sum, v) => sum + (v ?? 0), 0);
    const share = hiddenCount ? Math.max(0, 100 - known) / hiddenCount : 0;
    return values.map((v) => v ?? share);
  }

  /** Options in item order, then "other" when the item has one; index matches `counts` and `percents`. */
  options(r: ChoiceResult): string[] {
    const labels = r.item.levels.map((l) => l.label[this.lang]);
    if (r.item.other) labels.push(cleanLabel(r.item.other[this.lang]));
    return labels;
  }

  multiple(r: ChoiceResult): Block[] {
    const { t } = this;
    const labels = this.options(r);
    const stats = this.ordered(r.byGroup);
    const overall = stats.find((s) => s.group === ALL) ?? stats[stats.length - 1];
    const order = labels
      .map((_, i) => i)
      .sort((a, b) => (overall?.percents[b]?.value ?? -1) - (overall?.percents[a]?.value ?? -1) || a - b);
    const blocks: Block[] = [this.caption(t.multiple.overall(overall ? this.cell(overall.base, this.count) : "–"))];
    blocks.push(this.hbarChart(order.map((i) => ({ label: labels[i]!, cell: overall?.percents[i] }))));
    blocks.push(this.spacer(8), this.subheading(t.multiple.byGroup));
    blocks.push(this.choiceTable(stats, labels, order));
    blocks.push(...this.testBlocks(r.test, r.testSkipped));
    return blocks;
  }

  /** Horizontal bars for one group (the overall one), values at the bar ends. */
  hbarChart(rows: { label: string; cell: Cell | undefined }[]): Block {
    const labelW = 205;
    const size = 8;
    const x0 = MARGIN.left + labelW + 10;
    const w = CONTENT_WIDTH - labelW - 10 - 38;
    const barH = 12;
    const heights = rows.map((r) => Math.max(barH, this.measure(r.label, { size, width: labelW, lineGap: 0.8 })) + 8);
    const max = Math.max(1, ...rows.map((r) => r.cell?.value ?? 0));
    const axisMax = Math.min(100, Math.ceil(max / 25) * 25);
    const scale = w / axisMax;
    const ticks: number[] = [];
    for (let v = 0; v <= axisMax; v += 25) ticks.push(v);
    const axisH = 14;
    const height = heights.reduce((s, h) => s + h, 0) + axisH + 6;
    return {
      height,
      draw: () => {
        const top = this.y;
        const bottom = top + axisH + heights.reduce((s, h) => s + h, 0);
        this.axis((v) => x0 + v * scale, ticks, top + axisH - 3, bottom, top);
        let y = top + axisH;
        rows.forEach((r, i) => {
          const h = heights[i]!;
          const labelH = this.measure(r.label, { size, width: labelW, lineGap: 0.8 });
          this.font("regular", size, COLOR.ink);
          this.doc.text(r.label, MARGIN.left, y + (h - labelH) / 2, { width: labelW, lineGap: 0.8 });
          const by = y + (h - barH) / 2;
          const v = r.cell?.value;
          if (v === null || v === undefined) {
            this.line(`<${this.k}`, x0 + 3, by + 2, 40, "left", "regular", 7.5, COLOR.muted);
          } else {
            const bw = Math.max(0.8, v * scale);
            this.doc.rect(x0, by, bw, barH).fill(COLOR.bar);
            this.line(this.t.percent(this.pct(v)), x0 + bw + 4, by + 2.5, 40, "left", "bold", 7.5, COLOR.ink);
          }
          y += h;
        });
        this.doc.moveTo(x0, top + axisH - 3).lineTo(x0, bottom).lineWidth(0.8).strokeColor(COLOR.ink).stroke();
        this.y = top + height;
      },
    };
  }

  /** Options x groups, % of each group's base, with the bases as the first row. */
  choiceTable(stats: ChoiceResult["byGroup"], labels: string[], order: number[]): Block {
    const { t } = this;
    const firstW = Math.max(150, CONTENT_WIDTH - stats.length * 52);
    const cols = this.columns(t.table.option, firstW, stats.map((s) => this.groupLabel(s.group)));
    const rows: Row[] = [
      { cells: [t.table.base, ...stats.map((s) => this.cell(s.base, this.count))], bold: true },
      ...order.map((i) => ({ cells: [labels[i]!, ...stats.map((s) => this.cell(s.percents[i], this.pct))] })),
    ];
    return this.table(cols, rows, 7.8);
  }

  single(r: ChoiceResult): Block[] {
    const { t } = this;
    const labels = this.options(r);
    const stats = this.ordered(r.byGroup);
    const order = labels.map((_, i) => i);
    const legend = this.legend(
      stats.map((s) => ({ label: `${this.groupLabel(s.group)} (n = ${this.cell(s.base, this.count)})`, color: this.colorOf(s.group) })),
      MARGIN.left,
      CONTENT_WIDTH,
    );
    return [
      this.caption(t.single.caption),
      legend,
      this.groupedChart(stats, labels),
      this.spacer(6),
      this.choiceTable(stats, labels, order),
      ...this.testBlocks(r.test, r.testSkipped),
    ];
  }

  colorOf(group: string): string {
    return group === ALL ? ALL_COLOR : (this.groupColors.get(group) ?? GROUP_COLORS[GROUP_COLORS.length - 1]!);
  }

  /** One cluster per option, one thin bar per group (plan order, "all" last). */
  groupedChart(stats: ChoiceResult["byGroup"], labels: string[]): Block {
    const labelW = 150;
    const size = 8;
    const x0 = MARGIN.left + labelW + 10;
    const w = CONTENT_WIDTH - labelW - 10 - 30;
    const barH = 6.5;
    const step = barH + 1.8;
    const clusterH = labels.map((l) => Math.max(stats.length * step, this.measure(l, { size, width: labelW, lineGap: 0.8 })) + 10);
    const max = Math.max(1, ...stats.flatMap((s) => s.percents.map((p) => p.value ?? 0)));
    const axisMax = Math.min(100, Math.ceil(max / 25) * 25);
    const scale = w / axisMax;
    const ticks: number[] = [];
    for (let v = 0; v <= axisMax; v += 25) ticks.push(v);
    const axisH = 14;
    const height = axisH + clusterH.reduce((s, h) => s + h, 0) + 6;
    return {
      height,
      draw: () => {
        const top = this.y;
        const bottom = top + axisH + clusterH.reduce((s, h) => s + h, 0);
        this.axis((v) => x0 + v * scale, ticks, top + axisH - 3, bottom - 4, top);
        let y = top + axisH;
        labels.forEach((label, li) => {
          const h = clusterH[li]!;
          const barsH = stats.length * step;
          const labelH = this.measure(label, { size, width: labelW, lineGap: 0.8 });
          this.font("regular", size, COLOR.ink);
          this.doc.text(label, MARGIN.left, y + 5 + (h - 10 - labelH) / 2, { width: labelW, lineGap: 0.8 });
          let by = y + 5 + (h - 10 - barsH) / 2;
          for (const s of stats) {
            const v = s.percents[li]?.value;
            if (v === null || v === undefined) {
              this.line(`<${this.k}`, x0 + 3, by - 0.5, 30, "left", "regular", 6, COLOR.muted);
            } else {
              const bw = Math.max(0.6, v * scale);
              this.doc.rect(x0, by, bw, barH).fill(this.colorOf(s.group));
              this.line(this.pct(v), x0 + bw + 3, by - 0.3, 30, "left", "regular", 6, COLOR.muted);
            }
            by += step;
          }
          if (li < labels.length - 1) {
            this.doc.moveTo(MARGIN.left, y + h).lineTo(MARGIN.left + CONTENT_WIDTH, y + h).lineWidth(0.4).strokeColor(COLOR.grid).stroke();
          }
          y += h;
        });
        this.doc.moveTo(x0, top + axisH - 3).lineTo(x0, bottom - 4).lineWidth(0.8).strokeColor(COLOR.ink).stroke();
        this.y = top + height;
      },
    };
  }

  // -- tests ----------------------------------------------------------------------------------------------------

  testLine(test: TestResult): string {
    const { t } = this;
    const parts: string[] = [];
    const symbol = test.test === "kruskal-wallis" ? "H" : test.test === "chi-square" ? "χ²" : null;
    if (symbol && test.statistic !== null) parts.push(`${symbol} = ${this.num(test.statistic, 2)}`);
    if (test.df !== null) parts.push(`df = ${this.num(test.df)}`);
    parts.push(`p ${this.pValue(test.p)}`);
    if (test.effect) parts.push(`${t.test.effects[test.effect.name]} = ${this.num(test.effect.value, 2)}`);
    parts.push(test.simulation ? t.test.monteCarlo(String(test.simulation.seed), this.num(test.simulation.samples)) : t.test.methods[test.method]);
    return parts.join("; ");
  }

  /** The comparison of groups in a shaded box, then the pairwise table when there is one. */
  testBlocks(test: TestResult | null, skipped: ItemResult["testSkipped"]): Block[] {
    const { t, lang } = this;
    if (!test && !skipped) return [];
    const inner = CONTENT_WIDTH - 24;
    const x = MARGIN.left + 14;
    const head = test ? `${t.test.label}: ${t.test.names[test.test]}` : `${t.test.label}: ${t.test.skipped}`;
    const stat = test ? this.testLine(test) : null;
    const reading = test ? test.reading[lang] : (skipped?.[lang] ?? "");
    const headStyle: TextStyle = { font: "bold", size: 8.8, x, width: inner };
    const statStyle: TextStyle = { font: "regular", size: 8.5, x, width: inner };
    const readStyle: TextStyle = { font: "italic", size: 8.5, x, width: inner, color: COLOR.ink };
    const h =
      10 +
      this.measure(head, headStyle) +
      2 +
      (stat ? this.measure(stat, statStyle) + 3 : 0) +
      (reading ? this.measure(reading, readStyle) : 0) +
      9;
    const blocks: Block[] = [
      this.spacer(4),
      {
        height: h + 8,
        draw: () => {
          const top = this.y;
          this.doc.rect(MARGIN.left, top, CONTENT_WIDTH, h).fill(COLOR.boxFill);
          this.doc.rect(MARGIN.left, top, 3, h).fill(COLOR.accent);
          this.y = top + 10;
          this.paragraph(head, { ...headStyle, color: COLOR.accent }, 2);
          if (stat) this.paragraph(stat, statStyle, 3);
          if (reading) this.paragraph(reading, readStyle);
          this.y = top + h + 8;
        },
      },
    ];
    if (test && test.pairwise.length > 0) {
      const cols: Column[] = [
        { header: t.test.pair, width: CONTENT_WIDTH - 4 * 70, align: "left" },
        { header: "U", width: 70, align: "right" },
        { header: "p", width: 70, align: "right" },
        { header: t.test.pAdjusted, width: 70, align: "right" },
        { header: t.test.rankBiserial, width: 70, align: "right" },
      ];
      const rows: Row[] = test.pairwise.map((pw) => ({
        cells: [
          `${this.groupLabel(pw.a)} — ${this.groupLabel(pw.b)}`,
          this.num(pw.u, Number.isInteger(pw.u) ? 0 : 1),
          this.pBare(pw.p),
          this.pBare(pw.pAdjusted),
          this.num(pw.rankBiserial, 2),
        ],
        bold: pw.pAdjusted < 0.05,
      }));
      blocks.push(this.together([this.caption(t.test.pairwiseCaption), this.table(cols, rows, 7.8), this.caption(t.test.significantNote)]));
    }
    return blocks;
  }

  // -- comments appendix ----------------------------------------------------------------------------------------

  comments(): void {
    const { t, lang } = this;
    const texts = this.result.items.filter((r): r is TextResult => r.kind === "text");
    const others = this.result.items.filter(
      (r): r is ChoiceResult => (r.kind === "single" || r.kind === "multiple") && r.otherTexts.some((g) => g.texts.length > 0),
    );
    if (texts.length === 0 && others.length === 0) return;
    // The appendix follows the results; without any non-text item there is no results section to follow.
    const section = this.result.items.some((r) => r.kind !== "text") ? "4" : "3";
    this.section(section, t.sections.comments, true);
    this.paragraph(t.comments.intro, { size: 8.8, color: COLOR.muted, lineGap: 1.6 }, 14);
    let n = 0;
    const entries: { r: ItemResult; groups: TextGroup[]; other?: string }[] = [
      ...texts.map((r) => ({ r, groups: r.byGroup })),
      ...others.map((r) => ({ r, groups: r.otherTexts, other: cleanLabel(r.item.other?.[lang] ?? "") })),
    ];
    for (const e of entries) {
      const number = `${section}.${++n}`;
      const heading = this.itemHeading(number, e.r);
      const blocks: Block[] = [heading];
      if (e.other) blocks.push(this.subheading(t.comments.other(e.other)));
      blocks.push(...this.commentGroups(e.groups));
      const first = blocks[0]!;
      const title = e.other ? `${this.tocTitle(e.r)} — ${e.other}` : this.tocTitle(e.r);
      blocks[0] = {
        ...first,
        draw: () => {
          this.bookmark(number, title);
          first.draw();
        },
      };
      this.place(blocks, Math.min(blocks.length, e.other ? 3 : 2));
      this.y += 14;
    }
  }

  /**
   * Answers listed per shown group. The overall entry repeats them, so only what it holds beyond the groups
   * (answers from respondents whose group is not shown) is listed, under its own heading.
   */
  /**
   * A printed summary cannot list every comment of a large study (100,000 responses gave a 9 MB PDF), so
   * each group shows at most MAX_COMMENTS, spread evenly over its sorted list, then how many more there are.
   */
  commentGroups(groups: TextGroup[]): Block[] {
    const { t } = this;
    const list = this.ordered(groups);
    const perGroup = list.filter((g) => g.group !== ALL);
    const all = list.find((g) => g.group === ALL);
    const rest = [...(all?.texts ?? [])];
    for (const g of perGroup) {
      for (const text of g.texts) {
        const i = rest.indexOf(text);
        if (i >= 0) rest.splice(i, 1);
      }
    }
    const shown: { label: string; texts: string[] }[] =
      perGroup.length > 0 ? perGroup.map((g) => ({ label: this.groupLabel(g.group), texts: g.texts })) : [];
    if (perGroup.length === 0 && all) shown.push({ label: this.groupLabel(ALL), texts: all.texts });
    else if (rest.length > 0) shown.push({ label: t.comments.ungrouped, texts: rest });
    const blocks: Block[] = [];
    for (const g of shown) {
      const head = `${g.label} (${this.num(g.texts.length)})`;
      const headBlock = this.textBlock(head, { font: "bold", size: 9, color: COLOR.ink }, 3);
      const muted = { size: 8.8, color: COLOR.muted, x: MARGIN.left + 12, width: CONTENT_WIDTH - 12 };
      const sample = spread(g.texts, MAX_COMMENTS);
      const items =
        g.texts.length === 0
          ? [this.textBlock(t.comments.none, muted, 4)]
          : [
              ...sample.map((s) => this.bullet(s, 8.8)),
              ...(g.texts.length > sample.length ? [this.textBlock(t.comments.more(this.num(g.texts.length - sample.length)), muted, 4)] : []),
            ];
      const firstItem = items[0]!;
      // A group's heading travels with its first answer.
      blocks.push({
        height: headBlock.height + firstItem.height,
        keep: headBlock.height + Math.min(firstItem.height, 40),
        draw: () => {
          this.ensure(headBlock.height + Math.min(firstItem.height, 40));
          headBlock.draw();
          firstItem.draw();
        },
      });
      blocks.push(...items.slice(1), this.spacer(6));
    }
    return blocks;
  }

  // -- qualitative findings -------------------------------------------------------------------------------------

  /**
   * The coded interviews, when there are any: per target group, the codes raised in most sessions, each with its
   * counts and one or two quotes. Everything printed comes from `result.qualitative` as the analysis left it: in
   * published mode the rare codes are already gone, and each group says how many were left out.
   */
  qualitative(section: string): void {
    const q = this.result.qualitative;
    if (!q) return;
    const { t, lang } = this;
    const qt = t.qualitative;
    this.section(section, qt.title, true);
    this.paragraph(qt.intro(this.k, this.result.mode), { size: 8.8, color: COLOR.muted, lineGap: 1.6 }, 6);
    this.paragraph(`${t.sample.total}: ${this.sessionsText(q.sessions)}`, { font: "bold", size: 9, color: COLOR.ink }, 14);
    q.groups.forEach((g, i) => {
      const number = `${section}.${i + 1}`;
      const title = qt.groups[g.targetGroup] ?? g.targetGroup;
      const heading = this.groupHeading(number, title, this.sessionsText(g.sessions));
      const blocks: Block[] = [
        {
          ...heading,
          draw: () => {
            this.bookmark(number, title);
            heading.draw();
          },
        },
      ];
      if (g.codes.length === 0) blocks.push(this.textBlock(qt.noCodes, { size: 9, color: COLOR.muted }, 6));
      for (const code of g.codes) blocks.push(this.findingBlock(code.path, qt.codeCounts(this.num(code.sessions), code.sessions, this.num(code.excerpts), code.excerpts), code.quotes));
      if (g.notShown) blocks.push(this.caption(g.notShown.text[lang]));
      this.place(blocks, Math.min(blocks.length, 2));
      this.y += 14;
    });
  }

  sessionsText(c: Cell): string {
    const qt = this.t.qualitative;
    return c.value === null ? qt.sessionsHidden(this.k) : qt.sessions(this.num(c.value), c.value);
  }

  /** A target group's heading: number badge, the group, and a grey line with its coded sessions. */
  groupHeading(number: string, title: string, meta: string): Block {
    const badge = Math.max(26, this.widthOf(number, "bold", 8.5) + 8);
    const indent = badge + 8;
    const titleStyle: TextStyle = { font: "bold", size: 11, x: MARGIN.left + indent, width: CONTENT_WIDTH - indent };
    const metaStyle: TextStyle = { font: "regular", size: 8, color: COLOR.muted, x: MARGIN.left + indent, width: CONTENT_WIDTH - indent };
    const h = this.measure(title, titleStyle) + 2 + this.measure(meta, metaStyle) + 10;
    return {
      height: h,
      draw: () => {
        this.doc.rect(MARGIN.left, this.y + 1, badge, 14).fill(COLOR.accent);
        this.line(number, MARGIN.left, this.y + 3.5, badge, "center", "bold", 8.5, "#ffffff");
        this.paragraph(title, titleStyle, 2);
        this.paragraph(meta, metaStyle, 10);
      },
    };
  }

  /** One code: its path and counts, then its quotes set off by a bar; the code never ends a page without its first quote. */
  findingBlock(path: string, counts: string, quotes: readonly string[]): Block {
    const countsW = 150;
    const pathStyle: TextStyle = { font: "bold", size: 9.5, color: COLOR.accent, width: CONTENT_WIDTH - countsW - 8 };
    const pathH = this.measure(path, pathStyle);
    const head: Block = {
      height: pathH + 4,
      draw: () => {
        const top = this.y;
        this.line(counts, MARGIN.left + CONTENT_WIDTH - countsW, top + 1, countsW, "right", "regular", 8, COLOR.muted);
        this.paragraph(path, pathStyle, 4);
      },
    };
    const indent = 14;
    const quoteStyle: TextStyle = { font: "italic", size: 8.8, color: COLOR.ink, x: MARGIN.left + indent, width: CONTENT_WIDTH - indent, lineGap: 1.4 };
    const quoteBlocks: Block[] = quotes.map((text) => {
      const quoted = this.t.qualitative.quote(text);
      const h = this.measure(quoted, quoteStyle);
      return {
        height: h + 5,
        draw: () => {
          this.doc.rect(MARGIN.left + 4, this.y + 1, 2, h - 1).fill(COLOR.rule);
          this.paragraph(quoted, quoteStyle, 5);
        },
      };
    });
    return this.together([head, ...quoteBlocks, this.spacer(6)]);
  }

  // -- page furniture -------------------------------------------------------------------------------------------

  /** Running header (from page 2), footer with the mode marker and "i / n" on every page. */
  furniture(): void {
    const doc = this.doc;
    const { t, result } = this;
    const range = doc.bufferedPageRange();
    const count = range.count;
    const internal = result.mode === "internal";
    for (let i = 0; i < count; i++) {
      doc.switchToPage(range.start + i);
      // Writing in the margins must not make pdfkit start a new page.
      const margins = { ...doc.page.margins };
      doc.page.margins = { top: 0, bottom: 0, left: 0, right: 0 };
      if (i > 0) {
        const y = 34;
        const half = CONTENT_WIDTH / 2 - 8;
        this.line(result.study.name, MARGIN.left, y, half, "left", "regular", 7.5, COLOR.muted);
        this.line(t.reportTitle, MARGIN.left + CONTENT_WIDTH - half, y, half, "right", "regular", 7.5, COLOR.muted);
        doc.moveTo(MARGIN.left, y + 13).lineTo(MARGIN.left + CONTENT_WIDTH, y + 13).lineWidth(0.5).strokeColor(COLOR.rule).stroke();
      }
      const fy = PAGE.height - 44;
      doc.moveTo(MARGIN.left, fy).lineTo(MARGIN.left + CONTENT_WIDTH, fy).lineWidth(0.5).strokeColor(COLOR.rule).stroke();
      const marker = internal ? t.modeInternal : t.modePublished;
      this.line(marker, MARGIN.left, fy + 8, CONTENT_WIDTH - 80, "left", internal ? "bold" : "regular", 7.5, internal ? COLOR.internal : COLOR.muted);
      this.line(t.page(i + 1, count), MARGIN.left + CONTENT_WIDTH - 80, fy + 8, 80, "right", "regular", 7.5, COLOR.ink);
      doc.page.margins = margins;
    }
  }

  render(): void {
    this.cover();
    const textEntries = this.result.items.filter((r) => r.kind === "text").length;
    const otherEntries = this.result.items.filter(
      (r) => (r.kind === "single" || r.kind === "multiple") && r.otherTexts.some((g) => g.texts.length > 0),
    ).length;
    const itemEntries = this.result.items.length - textEntries;
    const qualitativeEntries = this.result.qualitative ? 1 + this.result.qualitative.groups.length : 0;
    const tocLines =
      2 + (itemEntries > 0 ? 1 + itemEntries : 0) + (textEntries + otherEntries > 0 ? 1 + textEntries + otherEntries : 0) + qualitativeEntries;
    const tocAt = this.reserveToc(tocLines);
    this.sample();
    this.howToRead();
    this.results();
    this.comments();
    // After whichever of results and comments were printed.
    this.qualitative(String(3 + (itemEntries > 0 ? 1 : 0) + (textEntries + otherEntries > 0 ? 1 : 0)));
    this.drawToc(tocAt);
    this.furniture();
  }
}

/** "Cits," -> "Cits": SurveyJS "other" captions end in the punctuation that leads into the text box. */
function cleanLabel(label: string): string {
  return label.replace(/[\s,:;.]+$/u, "");
}

function parseDay(iso: string): Date {
  const d = new Date(`${iso.slice(0, 10)}T12:00:00Z`);
  return Number.isNaN(d.getTime()) ? new Date(0) : d;
}

/**
 * Renders the analysis as a PDF; resolves with the file's bytes.
 *
 * The text follows `options.lang` (fixed wording from report-text.ts, item wording from the result's
 * LocalizedText). Published results print suppressed cells as "<k"; internal results carry a confidentiality
 * marker on every page.
 *
 * @example
 * const pdf = await renderReport(result, { lang: "lv" });
 * await writeFile("parskats.pdf", pdf);
 */
export function renderReport(result: AnalysisResult, options: ReportOptions): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    try {
      const report = new Report(result, options.lang);
      const chunks: Buffer[] = [];
      report.doc.on("data", (chunk: Buffer) => chunks.push(chunk));
      report.doc.on("end", () => resolve(Buffer.concat(chunks)));
      report.doc.on("error", reject);
      report.render();
      report.doc.end();
    } catch (error) {
      reject(error);
    }
  });
}
