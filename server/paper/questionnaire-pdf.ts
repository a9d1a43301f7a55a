/**
 * Prints an instrument as a paper questionnaire: A4, DejaVu Sans, the greeting and anonymity text, then the
 * questions numbered as the tablet numbers them, with real boxes to tick, rating scales and grids, writing
 * lines sized to the answer, and routing lines for the follow-ups. With form numbers it prints one copy per
 * number; every page of a copy carries the number and its QR code, so pages of two forms can never be mixed
 * up unnoticed, and "page x of y" counts within the copy.
 *
 * The layout is planned once: every block is measured, page breaks are decided (a question never leaves its
 * answer boxes behind; a heading never ends a page), and the result is a list of drawing steps per page. Every
 * copy replays the same steps and adds its own header and footer, so 300 forms cost one layout; and since a
 * copy's page count is known before its first page is drawn, "page x of y" is written at once, with no
 * second pass over buffered pages.
 */
import type { PaperLocale, PaperText } from "./paper-text.ts";
import { PAPER_TEXT } from "./paper-text.ts";
import { paperModel, type GridColumn, type PaperAnswer, type PaperItem, type PaperModel, type PaperQuestion, type ScalePoint, type ChoiceOption } from "./questionnaire-model.ts";
import {
  addBlankPage,
  BODY_BOTTOM,
  BODY_HEIGHT,
  BODY_TOP,
  BOX,
  BOX_GAP,
  choiceColumns,
  COLOR,
  CONTENT_WIDTH,
  createPaperDoc,
  drawBox,
  drawCrossedBox,
  drawDigitBoxes,
  drawFilledBox,
  drawLabel,
  drawQr,
  drawRule,
  drawText,
  drawWritingLines,
  fillRect,
  gridWidths,
  MARGIN,
  Measure,
  PAGE,
  WRITING_LINE,
  type Doc,
  type GridColumnSpec,
  type TextStyle,
} from "./layout.ts";

export interface QuestionnaireOptions {
  locale: PaperLocale;
  /** One copy per form number; null prints one unnumbered blank questionnaire. */
  forms: readonly { number: string }[] | null;
  /** Replaces the instrument's own title. */
  title?: string;
  /** Printed small in the page header. */
  studyName?: string;
  /** The day written into the PDF's metadata (defaults to today). */
  day?: Date;
}

export interface RenderedQuestionnaire {
  pdf: Buffer;
  pagesPerCopy: number;
  pages: number;
}

// ---------------------------------------------------------------------------------------------------------------
// Styles and measures

const STYLE = {
  title: { font: "bold", size: 15, lineGap: 2 },
  introFirst: { font: "bold", size: 10.5 },
  intro: { size: 9.5, lineGap: 2.5 },
  howTo: { size: 8.5, color: COLOR.muted },
  section: { font: "bold", size: 11, color: COLOR.accent },
  sectionNote: { font: "italic", size: 9, color: COLOR.muted },
  number: { font: "bold", size: 10.5, color: COLOR.accent },
  question: { font: "bold", size: 10.5, lineGap: 2 },
  sub: { font: "bold", size: 9.5, lineGap: 2, color: "#333a41" },
  description: { font: "italic", size: 9, color: COLOR.muted },
  instruction: { font: "italic", size: 8.5, color: COLOR.muted },
  route: { font: "boldItalic", size: 9, color: COLOR.accent, lineGap: 1.5 },
  choice: { size: 10, lineGap: 1.5 },
  anchor: { size: 8, lineGap: 1, align: "center", color: "#333a41" },
  legend: { size: 8, color: COLOR.muted },
  legendTitle: { font: "bold", size: 8, color: COLOR.muted },
  gridHead: { font: "bold", size: 8, lineGap: 1, color: "#333a41" },
  gridKey: { font: "bold", size: 9 },
  gridRow: { size: 9, lineGap: 1.5 },
  note: { font: "italic", size: 8, color: COLOR.muted, lineGap: 1.5 },
  thanks: { font: "bold", size: 11, align: "center" },
  header: { size: 7.5, color: COLOR.muted },
  formLabel: { size: 7, color: COLOR.muted },
  formNumber: { font: "mono", size: 15 },
  footer: { size: 8, color: COLOR.muted },
  footerNumber: { font: "mono", size: 8, color: COLOR.muted },
} as const satisfies Record<string, TextStyle>;

/** Width of the question-number gutter; questions start right of it. */
const GUTTER = 28;
/** Sub-parts (follow-ups, "please explain") are indented and marked with a bar. */
const SUB_INDENT = 14;
const GRID_LINE = 17;
const GRID_PAD = 5;
const GAP = { question: 15, sub: 11, section: 11, choice: 5 };

// ---------------------------------------------------------------------------------------------------------------
// Plan: parts, groups and pages

type Op = (doc: Doc) => void;

/** Something measured that draws itself at a given top. `repeat` is drawn first when a page break falls before it. */
interface Part {
  height: number;
  after: number;
  draw(ops: Op[], y: number): void;
  repeat?: Part;
}

/** Parts that belong together: all on one page when they fit; else the first `together` stay together. */
interface Group {
  parts: Part[];
  together: number;
  /** Never end a page with this group: it moves with (the start of) the next one. */
  keepWithNext: boolean;
  /** May start low on a page and continue on the next (a grid, between rows) rather than leave a page half empty. */
  splittable?: boolean;
  /** Drawn above the group when it starts a new page: "(question 6, continued)" above a follow-up. */
  continued?: Part;
}

/** A splittable group starts on the current page only if at least this much of the page is left. */
const SPLIT_MIN_SPACE = 0.25 * BODY_HEIGHT;

function fullHeight(g: Group): number {
  return g.parts.reduce((s, p, i) => s + p.height + (i < g.parts.length - 1 ? p.after : 0), 0);
}

function leadHeight(g: Group): number {
  const lead = g.parts.slice(0, Math.max(1, g.together));
  return lead.reduce((s, p, i) => s + p.height + (i < lead.length - 1 ? p.after : 0), 0);
}

function lastAfter(g: Group): number {
  return g.parts[g.parts.length - 1]?.after ?? 0;
}

/**
 * Height that must fit before group `i` starts: itself, plus whatever it must not be parted from. With `split`,
 * splittable groups count only their lead (the part that must stay together).
 */
function neededHeight(groups: readonly Group[], i: number, split = false): number {
  const size = (g: Group) => (fullHeight(g) <= BODY_HEIGHT && !(split && g.splittable) ? fullHeight(g) : leadHeight(g));
  // A run of kept-together groups, as long as it fits on one page; a group that splits ends the run.
  let need = size(groups[i]!);
  let k = i;
  while (groups[k]!.keepWithNext && groups[k + 1] && size(groups[k]!) === fullHeight(groups[k]!)) {
    const more = need + lastAfter(groups[k]!) + size(groups[k + 1]!);
    if (more > BODY_HEIGHT) break;
    need = more;
    k += 1;
  }
  return need;
}

/** Whether group `i` (with what it keeps with) starts on a page that has `remaining` points left. */
function startsHere(groups: readonly Group[], i: number, remaining: number): boolean {
  if (neededHeight(groups, i) <= remaining) return true;
  return remaining >= SPLIT_MIN_SPACE && neededHeight(groups, i, true) <= remaining;
}

/** Decides the page breaks; returns the drawing steps of each page. */
function paginate(groups: readonly Group[]): Op[][] {
  const pages: Op[][] = [[]];
  let y = BODY_TOP;
  const newPage = () => {
    pages.push([]);
    y = BODY_TOP;
  };
  groups.forEach((group, i) => {
    if (y > BODY_TOP && !startsHere(groups, i, BODY_BOTTOM - y)) {
      newPage();
      if (group.continued) {
        group.continued.draw(pages[pages.length - 1]!, y);
        y += group.continued.height + group.continued.after;
      }
    }
    group.parts.forEach((part, k) => {
      if (k > 0 && y + part.height > BODY_BOTTOM) {
        newPage();
        if (part.repeat) {
          part.repeat.draw(pages[pages.length - 1]!, y);
          y += part.repeat.height;
        }
      }
      part.draw(pages[pages.length - 1]!, y);
      y += part.height + part.after;
    });
  });
  return pages;
}

// ---------------------------------------------------------------------------------------------------------------
// Building the parts

/** An answer area measured for a width, drawn at (x, y); `pieces` are its rows when it may be split. */
interface AnswerArea {
  height: number;
  draw(ops: Op[], x: number, y: number): void;
  pieces?: AnswerArea[];
}

class FormPlanner {
  private readonly t: PaperText;
  /** The number of the last numbered question, named above its follow-ups continued on a new page. */
  private parentNumber: string | null = null;

  constructor(
    private readonly m: Measure,
    private readonly model: PaperModel,
    locale: PaperLocale,
  ) {
    this.t = PAPER_TEXT[locale];
  }

  plan(): Op[][] {
    const groups: Group[] = [this.titleGroup(), ...this.introGroups(), this.howToGroup()];
    const items = this.model.items;
    items.forEach((item, i) => groups.push(this.itemGroup(item, items[i + 1])));
    groups.push(this.thanksGroup());
    return paginate(groups);
  }

  // -- text parts -----------------------------------------------------------------------------------------------

  /** A wrapped paragraph as a part. */
  private textPart(text: string, x: number, width: number, style: TextStyle, after: number): Part {
    const height = this.m.height(text, width, style);
    return { height, after, draw: (ops, y) => ops.push((doc) => drawText(doc, text, x, y, width, style)) };
  }

  /** Parts stacked into one, drawn top to bottom with their `after` gaps. */
  private stack(parts: readonly Part[], after: number): Part {
    const height = parts.reduce((s, p, i) => s + p.height + (i < parts.length - 1 ? p.after : 0), 0);
    return {
      height,
      after,
      draw: (ops, y) => {
        let at = y;
        for (const p of parts) {
          p.draw(ops, at);
          at += p.height + p.after;
        }
      },
    };
  }

  // -- first page -----------------------------------------------------------------------------------------------

  private titleGroup(): Group {
    return { parts: [this.textPart(this.model.title, MARGIN.left, CONTENT_WIDTH, STYLE.title, 12)], together: 1, keepWithNext: true };
  }

  /** The greeting, purpose and anonymity paragraphs on a light panel that may continue over a page. */
  private introGroups(): Group[] {
    const pad = 14;
    const width = CONTENT_WIDTH - 2 * pad;
    const paragraphs = this.model.intro;
    return paragraphs.map((text, i) => {
      const style = i === 0 && paragraphs.length > 1 && text.length < 40 ? STYLE.introFirst : STYLE.intro;
      const top = i === 0 ? pad : 0;
      const bottom = i === paragraphs.length - 1 ? pad : 7;
      const textHeight = this.m.height(text, width, style);
      const height = top + textHeight + bottom;
      const part: Part = {
        height,
        after: i === paragraphs.length - 1 ? 12 : 0,
        draw: (ops, y) =>
          ops.push((doc) => {
            fillRect(doc, MARGIN.left, y, CONTENT_WIDTH, height, COLOR.intro);
            drawText(doc, text, MARGIN.left + pad, y + top, width, style);
          }),
      };
      return { parts: [part], together: 1, keepWithNext: false };
    });
  }

  /** How to mark an answer and how to correct one: the conventions data entry relies on. */
  private howToGroup(): Group {
    const x = MARGIN.left;
    const textX = x + BOX + BOX_GAP;
    const width = CONTENT_WIDTH - BOX - BOX_GAP;
    const h1 = this.m.height(this.t.howToMark, width, STYLE.howTo);
    const h2 = this.m.height(this.t.howToCorrect, width, STYLE.howTo);
    const height = Math.max(BOX, h1) + 6 + Math.max(BOX, h2);
    const part: Part = {
      height,
      after: 20,
      draw: (ops, y) =>
        ops.push((doc) => {
          drawCrossedBox(doc, x, y);
          drawText(doc, this.t.howToMark, textX, y + 0.5, width, STYLE.howTo);
          const y2 = y + Math.max(BOX, h1) + 6;
          drawFilledBox(doc, x, y2);
          drawText(doc, this.t.howToCorrect, textX, y2 + 0.5, width, STYLE.howTo);
        }),
    };
    return { parts: [part], together: 1, keepWithNext: true };
  }

  private thanksGroup(): Group {
    const part = this.textPart(this.t.thanks, MARGIN.left, CONTENT_WIDTH, STYLE.thanks, 0);
    return { parts: [{ ...part, height: part.height + 6, draw: (ops, y) => part.draw(ops, y + 6) }], together: 1, keepWithNext: false };
  }

  // -- items ----------------------------------------------------------------------------------------------------

  private itemGroup(item: PaperItem, next: PaperItem | undefined): Group {
    if (item.kind === "question" && item.number !== null) this.parentNumber = item.number;
    if (item.kind === "section") return this.sectionGroup(item.title, item.description);
    if (item.kind === "note") {
      const parts = item.paragraphs.map((p, i) => this.textPart(p, MARGIN.left, CONTENT_WIDTH, STYLE.note, i === item.paragraphs.length - 1 ? 16 : 4));
      return { parts: [this.stack(parts, 16)], together: 1, keepWithNext: false };
    }
    // A question stays with its first follow-up; a later follow-up that starts a page names its question.
    const subFollows = next?.kind === "question" && next.sub;
    const group = this.questionGroup(item, subFollows && !item.sub, subFollows);
    if (item.sub && this.parentNumber) group.continued = this.textPart(this.t.continued(this.parentNumber), MARGIN.left + GUTTER, CONTENT_WIDTH - GUTTER, STYLE.instruction, 8);
    return group;
  }

  private sectionGroup(title: string, description: string | null): Group {
    const padX = 8;
    const padY = 5;
    const width = CONTENT_WIDTH - 2 * padX;
    const textHeight = this.m.height(title, width, STYLE.section);
    const bandHeight = textHeight + 2 * padY;
    const parts: Part[] = [
      {
        height: bandHeight,
        after: description ? 6 : GAP.section,
        draw: (ops, y) =>
          ops.push((doc) => {
            fillRect(doc, MARGIN.left, y, CONTENT_WIDTH, bandHeight, COLOR.band);
            fillRect(doc, MARGIN.left, y, 3, bandHeight, COLOR.accent);
            drawText(doc, title, MARGIN.left + padX + 2, y + padY, width, STYLE.section);
          }),
      },
    ];
    if (description) parts.push(this.textPart(description, MARGIN.left + padX + 2, width, STYLE.sectionNote, GAP.section));
    return { parts: [this.stack(parts, GAP.section)], together: 1, keepWithNext: true };
  }

  /**
   * A question: its routing head, number and title, description, instruction, answer area and routing lines.
   * It is one part (never split), except a grid or a very long list of options, which may continue on the next
   * page between rows, under a line naming the question (and the grid's header again).
   */
  private questionGroup(q: PaperQuestion, keepWithNext: boolean, subFollows: boolean): Group {
    const x = MARGIN.left + GUTTER + (q.sub ? SUB_INDENT : 0);
    const width = MARGIN.left + CONTENT_WIDTH - x;
    const after = subFollows ? GAP.sub : GAP.question;
    const head: Part[] = [];
    if (q.head) head.push(this.textPart(q.head, x, width, STYLE.route, 5));
    const titleStyle = q.sub ? STYLE.sub : STYLE.question;
    const title = this.textPart(q.title, x, width, titleStyle, q.description || q.instruction ? 3 : 8);
    if (q.number !== null) {
      const label = `${q.number}.`;
      head.push({ ...title, draw: (ops, y) => (ops.push((doc) => drawLabel(doc, label, MARGIN.left, y, STYLE.number)), title.draw(ops, y)) });
    } else head.push(title);
    if (q.description) head.push(this.textPart(q.description, x, width, STYLE.description, q.instruction ? 2 : 8));
    if (q.instruction) head.push(this.textPart(q.instruction, x, width, STYLE.instruction, 8));
    const routes = q.routes.map((r, i) => this.textPart(r, x, width, STYLE.route, i === q.routes.length - 1 ? 0 : 3));

    let parts: Part[];
    let together = 1;
    let splittable = false;
    if (q.answer.kind === "grid") {
      const rows = this.gridParts(q.answer.rows, q.answer.columns, x, width);
      const legend = this.legendParts(q.answer.columns, x, width);
      // Rows continued on a new page repeat the header, under a line naming the question.
      const repeat = this.parentNumber ? this.stack([this.textPart(this.t.continued(this.parentNumber), x, width, STYLE.instruction, 6), rows.header], 0) : rows.header;
      parts = [this.stack([...head, ...legend, rows.header, rows.rows[0]!], 0), ...rows.rows.slice(1).map((row) => ({ ...row, repeat }))];
      if (routes.length > 0) parts.push(this.stack(routes, 0));
      together = Math.min(2, parts.length);
      splittable = true;
    } else {
      const area = this.answerArea(q.answer, x, width);
      if (area.pieces && area.height > BODY_HEIGHT / 2) {
        // A list too long to keep whole (dozens of options) continues between rows, as a grid does.
        const repeat = this.parentNumber ? this.textPart(this.t.continued(this.parentNumber), x, width, STYLE.instruction, 6) : undefined;
        const pieces = area.pieces.map((p): Part => ({ height: p.height, after: GAP.choice, draw: (ops, y) => p.draw(ops, x, y), ...(repeat ? { repeat } : {}) }));
        parts = [this.stack([...head, pieces[0]!], GAP.choice), ...pieces.slice(1)];
        if (routes.length > 0) parts.push(this.stack(routes, 0));
        together = Math.min(2, parts.length);
        splittable = true;
      } else {
        const answerPart: Part = { height: area.height, after: routes.length > 0 ? 8 : 0, draw: (ops, y) => area.draw(ops, x, y) };
        parts = [this.stack([...head, answerPart, ...routes], after)];
      }
    }
    parts[parts.length - 1] = { ...parts[parts.length - 1]!, after };
    if (q.sub) parts = parts.map((p) => this.withSubBar(p));
    return { parts, together, keepWithNext, splittable };
  }

  /** A sub-part carries a thin bar in the margin, tying it visually to the question above. */
  private withSubBar(part: Part): Part {
    const barX = MARGIN.left + GUTTER + 2;
    return {
      ...part,
      draw: (ops, y) => {
        ops.push((doc) => fillRect(doc, barX, y - 2, 2, part.height + 4, COLOR.subBar));
        part.draw(ops, y);
      },
    };
  }

  // -- answer areas ---------------------------------------------------------------------------------------------

  private answerArea(answer: PaperAnswer, x: number, width: number): AnswerArea {
    switch (answer.kind) {
      case "choices":
        return this.choiceList(answer.options, width);
      case "scale":
        return this.scaleRow(answer.points, answer.extra, width);
      case "lines":
        return this.writingLines(answer.lines, width);
      case "digits":
        return { height: 18, draw: (ops, ax, y) => ops.push((doc) => drawDigitBoxes(doc, ax, y, answer.count)) };
      case "short": {
        const w = Math.min(width, Math.max(80, answer.chars * 8));
        return { height: WRITING_LINE, draw: (ops, ax, y) => ops.push((doc) => drawWritingLines(doc, ax, y - 4, w, 1)) };
      }
      case "fields":
        return this.fieldList(answer.labels, width);
      case "grid":
        // questionGroup lays grids out row by row; this is never reached for a question of its own.
        return this.writingLines(2, width);
    }
  }

  /** A writing area of `lines` ruled lines. */
  private writingLines(lines: number, width: number): AnswerArea {
    return { height: lines * WRITING_LINE + 2, draw: (ops, x, y) => ops.push((doc) => drawWritingLines(doc, x, y - 2, width, lines)) };
  }

  /**
   * One box per option, in as many columns as the labels allow; "other" gets a writing line. The area is a
   * stack of pieces (rows of options), so a very long list can continue on the next page between rows.
   */
  private choiceList(options: readonly ChoiceOption[], width: number): AnswerArea {
    const plain = options.filter((o) => !o.other);
    const labelSpace = BOX + BOX_GAP;
    const widths = plain.map((o) => this.m.width(o.text, STYLE.choice));
    const cols = choiceColumns(widths, width);
    const gap = 16;
    // Side by side, short answers ("Jā", "Nē") sit close together rather than spread over the line.
    const colWidth = cols === 1 ? width : Math.min((width - gap * (cols - 1)) / cols, Math.max(110, Math.max(...widths) + labelSpace + 40));
    const textWidth = colWidth - labelSpace;
    const pieces: AnswerArea[] = [];
    for (let i = 0; i < plain.length; i += cols) {
      const row = plain.slice(i, i + cols);
      pieces.push({
        height: Math.max(BOX + 1, ...row.map((o) => this.m.height(o.text, textWidth, STYLE.choice))),
        draw: (ops, x, y) =>
          ops.push((doc) =>
            row.forEach((o, c) => {
              const cx = x + c * (colWidth + gap);
              drawBox(doc, cx, y + 0.5);
              drawText(doc, o.text, cx + labelSpace, y, textWidth, STYLE.choice);
            }),
          ),
      });
    }
    for (const o of options) if (o.other) pieces.push(this.otherOption(o.text, width));
    return { ...this.column(pieces, GAP.choice), pieces };
  }

  /** Areas one under the other, `gap` apart. */
  private column(areas: readonly AnswerArea[], gap: number): AnswerArea {
    return {
      height: areas.reduce((s, a) => s + a.height, 0) + gap * Math.max(0, areas.length - 1),
      draw: (ops, x, y) => {
        let at = y;
        for (const a of areas) {
          a.draw(ops, x, at);
          at += a.height + gap;
        }
      },
    };
  }

  /** "Other, please specify": box, label, a line to the right edge and one more line below. */
  private otherOption(label: string, width: number): AnswerArea {
    const labelSpace = BOX + BOX_GAP;
    const labelWidth = Math.min(this.m.width(label, STYLE.choice), width - labelSpace);
    const labelHeight = this.m.height(label, width - labelSpace, STYLE.choice);
    const lineStart = labelSpace + labelWidth + 6;
    const inline = width - lineStart >= 120 && labelHeight < 16;
    const height = (inline ? 12 : labelHeight + WRITING_LINE - 4) + WRITING_LINE;
    return {
      height,
      draw: (ops, x, y) =>
        ops.push((doc) => {
          drawBox(doc, x, y + 0.5);
          drawText(doc, label, x + labelSpace, y, width - labelSpace, STYLE.choice);
          if (inline) {
            drawRule(doc, x + lineStart, y + 11, width - lineStart, COLOR.writing);
            drawWritingLines(doc, x + labelSpace, y + 11, width - labelSpace, 1);
          } else drawWritingLines(doc, x + labelSpace, y + labelHeight - 4, width - labelSpace, 2);
        }),
    };
  }

  /** A 1..n scale as a row of boxes, each with its anchor text underneath; extra answers listed below. */
  private scaleRow(points: readonly ScalePoint[], extra: readonly ChoiceOption[], width: number): AnswerArea {
    const colWidth = Math.min(width / points.length, 100);
    const anchorWidth = colWidth - 6;
    const anchors = points.map((p) => this.m.height(p.text, anchorWidth, STYLE.anchor));
    const rowHeight = BOX + 5 + Math.max(...anchors);
    const extras = extra.length > 0 ? this.choiceList(extra, width) : null;
    const height = rowHeight + (extras ? 10 + extras.height : 0);
    return {
      height,
      draw: (ops, x, y) => {
        ops.push((doc) =>
          points.forEach((p, i) => {
            const cx = x + i * colWidth;
            drawBox(doc, cx + (colWidth - BOX) / 2, y);
            drawText(doc, p.text, cx + 3, y + BOX + 5, anchorWidth, STYLE.anchor);
          }),
        );
        if (extras) {
          const sepY = y + rowHeight + 5;
          ops.push((doc) => drawRule(doc, x, sepY, Math.min(width, colWidth * points.length), COLOR.rule, 0.4));
          extras.draw(ops, x, y + rowHeight + 10);
        }
      },
    };
  }

  /** Labelled writing lines (SurveyJS multipletext). */
  private fieldList(labels: readonly string[], width: number): AnswerArea {
    const labelWidth = Math.min(width * 0.4, Math.max(40, ...labels.map((l) => this.m.width(l, STYLE.choice) + 10)));
    const height = labels.length * (WRITING_LINE + 2);
    return {
      height,
      draw: (ops, x, y) =>
        ops.push((doc) =>
          labels.forEach((l, i) => {
            const top = y + i * (WRITING_LINE + 2);
            drawText(doc, this.m.fit(l, labelWidth - 8, STYLE.choice), x, top + 4, labelWidth, STYLE.choice);
            drawRule(doc, x + labelWidth, top + 16, width - labelWidth, COLOR.writing);
          }),
        ),
    };
  }

  // -- grids ----------------------------------------------------------------------------------------------------

  /** The full wording of shortened scale keys, above the grid: "Vērtējums: 1 – Nav atbilstošas  2 – ...". */
  private legendParts(columns: readonly GridColumn[], x: number, width: number): Part[] {
    const parts: Part[] = [];
    for (const column of columns) {
      if (column.kind !== "choice" || column.points.every((p) => p.key === p.text)) continue;
      const lead = column.title ? `${column.title}:` : "";
      const items = [lead, ...column.points.map((p) => p.text)].filter(Boolean);
      const gap = 14;
      // Flow the items into lines; an item never breaks unless it alone is wider than the line.
      const lines: { text: string; w: number; bold: boolean }[][] = [[]];
      let used = 0;
      items.forEach((text, i) => {
        const style = i === 0 && lead ? STYLE.legendTitle : STYLE.legend;
        const w = Math.min(this.m.width(text, style), width);
        if (used > 0 && used + gap + w > width) {
          lines.push([]);
          used = 0;
        }
        lines[lines.length - 1]!.push({ text, w, bold: i === 0 && lead !== "" });
        used += (used > 0 ? gap : 0) + w;
      });
      const lineHeight = 12;
      parts.push({
        height: lines.length * lineHeight,
        after: 6,
        draw: (ops, y) =>
          ops.push((doc) =>
            lines.forEach((line, li) => {
              let at = x;
              for (const item of line) {
                drawText(doc, item.text, at, y + li * lineHeight, item.w + 1, item.bold ? STYLE.legendTitle : STYLE.legend);
                at += item.w + gap;
              }
            }),
          ),
      });
    }
    return parts;
  }

  /** The header row and one part per row of a grid; rows carry the header to repeat after a page break. */
  private gridParts(rowLabels: readonly string[], columns: readonly GridColumn[], x: number, width: number): { header: Part; rows: Part[] } {
    const shortRows = rowLabels.every((r) => r.length <= 4);
    const specs: GridColumnSpec[] = [
      shortRows
        ? { kind: "label", min: Math.max(20, ...rowLabels.map((r) => this.m.width(r, STYLE.gridRow) + 10)), grow: 0 }
        : { kind: "label", min: Math.max(120, ...rowLabels.map((r) => this.m.longestWord(r, STYLE.gridRow) + 12)), grow: 5 },
      ...columns.map((c): GridColumnSpec => {
        if (c.kind === "choice") {
          const keyWidth = Math.max(24, ...c.points.map((p) => (p.key === p.text ? this.m.longestWord(p.key, STYLE.gridHead) : this.m.width(p.key, STYLE.gridKey)) + 10));
          return { kind: "choice", min: keyWidth * c.points.length, grow: 0 };
        }
        if (c.kind === "text") return { kind: "text", min: 110, grow: 3 };
        return { kind: "comment", min: 130, grow: 4 };
      }),
    ];
    const widths = gridWidths(specs, width);
    const xs = widths.map((_, i) => x + widths.slice(0, i).reduce((s, w) => s + w, 0));
    const cell = (i: number) => ({ x: xs[i]! + 4, w: widths[i]! - 8 });

    // Header: column titles; a choice column has its title over its keys.
    const titleHeights = columns.map((c, i) => (c.title ? this.m.height(c.title, cell(i + 1).w, STYLE.gridHead) : 0));
    const keyHeights = columns.map((c, i) =>
      c.kind === "choice" ? Math.max(...c.points.map((p) => this.m.height(p.key, widths[i + 1]! / c.points.length - 2, p.key === p.text ? STYLE.gridHead : STYLE.gridKey))) : 0,
    );
    const headerHeight = Math.max(...columns.map((c, i) => titleHeights[i]! + (c.kind === "choice" ? (titleHeights[i]! > 0 ? 4 : 0) + keyHeights[i]! : 0))) + 2 * GRID_PAD;
    const header: Part = {
      height: headerHeight,
      after: 0,
      draw: (ops, y) =>
        ops.push((doc) => {
          fillRect(doc, x, y, width, headerHeight, COLOR.band);
          columns.forEach((c, i) => {
            const { x: cx, w } = cell(i + 1);
            if (c.title) drawText(doc, c.title, cx, y + GRID_PAD, w, { ...STYLE.gridHead, align: c.kind === "choice" ? "center" : "left" });
            if (c.kind === "choice") {
              const keyW = widths[i + 1]! / c.points.length;
              const top = y + headerHeight - GRID_PAD - keyHeights[i]!;
              c.points.forEach((p, k) =>
                drawText(doc, p.key, xs[i + 1]! + k * keyW + 1, top, keyW - 2, { ...(p.key === p.text ? STYLE.gridHead : STYLE.gridKey), align: "center" }),
              );
            }
          });
        }),
    };

    const rows = rowLabels.map((label, r): Part => {
      const labelHeight = this.m.height(label, cell(0).w, STYLE.gridRow);
      const contentHeight = Math.max(
        labelHeight,
        BOX + 2,
        ...columns.map((c) => (c.kind === "comment" ? c.lines * GRID_LINE : c.kind === "text" ? 2 * GRID_LINE : 0)),
      );
      const height = contentHeight + 2 * GRID_PAD;
      return {
        height,
        after: 0,
        repeat: header,
        draw: (ops, y) =>
          ops.push((doc) => {
            if (r % 2 === 1) fillRect(doc, x, y, width, height, COLOR.zebra);
            drawText(doc, label, cell(0).x, y + GRID_PAD, cell(0).w, STYLE.gridRow);
            columns.forEach((c, i) => {
              const { x: cx, w } = cell(i + 1);
              if (c.kind === "choice") {
                const keyW = widths[i + 1]! / c.points.length;
                c.points.forEach((_, k) => drawBox(doc, xs[i + 1]! + k * keyW + (keyW - BOX) / 2, y + GRID_PAD + 0.5));
              } else {
                const lines = c.kind === "comment" ? c.lines : 2;
                drawWritingLines(doc, cx, y + GRID_PAD - 4, w, lines, GRID_LINE);
              }
            });
            drawRule(doc, x, y + height, width, COLOR.rule, 0.5);
          }),
      };
    });
    return { header, rows };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Page furniture

interface Furniture {
  title: string;
  studyName: string | undefined;
  t: PaperText;
  m: Measure;
}

/** The header band: the questionnaire's title on the left; the form number and its QR code on the right. */
function drawHeader(doc: Doc, f: Furniture, formNumber: string | null): void {
  const qrSide = 40;
  const qrX = PAGE.width - MARGIN.right - qrSide;
  const numberRight = formNumber ? qrX - 10 : PAGE.width - MARGIN.right;
  const numberWidth = formNumber ? f.m.width(formNumber, STYLE.formNumber) : 0;
  const leftWidth = numberRight - numberWidth - 24 - MARGIN.left;
  drawLabel(doc, f.m.fit(f.title, leftWidth, STYLE.header), MARGIN.left, 32, STYLE.header);
  if (f.studyName) drawLabel(doc, f.m.fit(f.studyName, leftWidth, STYLE.header), MARGIN.left, 44, { ...STYLE.header, color: COLOR.faint });
  if (formNumber) {
    const labelWidth = f.m.width(f.t.formNumber, STYLE.formLabel);
    drawLabel(doc, f.t.formNumber, numberRight - labelWidth, 27, STYLE.formLabel);
    drawLabel(doc, formNumber, numberRight - numberWidth, 38, STYLE.formNumber);
    drawQr(doc, formNumber, qrX, 22, qrSide);
  }
  drawRule(doc, MARGIN.left, 70, CONTENT_WIDTH, COLOR.rule, 0.7);
}

/** The footer: "Lappuse x no y" on the right, the form number again on the left. */
function drawFooter(doc: Doc, f: Furniture, formNumber: string | null, page: number, pages: number): void {
  const y = PAGE.height - 44;
  drawRule(doc, MARGIN.left, y, CONTENT_WIDTH, COLOR.rule, 0.5);
  const text = f.t.page(page, pages);
  drawLabel(doc, text, PAGE.width - MARGIN.right - f.m.width(text, STYLE.footer), y + 8, STYLE.footer);
  if (formNumber) drawLabel(doc, formNumber, MARGIN.left, y + 8, STYLE.footerNumber);
}

// ---------------------------------------------------------------------------------------------------------------
// Entry points

/**
 * Renders a questionnaire, with its page counts. Between copies it lets the event loop run, so printing
 * 500 forms does not hold up tablets sending their answers to the same server meanwhile.
 *
 * @example
 * const { pdf, pagesPerCopy } = await renderQuestionnaireDetailed(youth.json, { locale: "ru", forms: [{ number: "K7QM-2XWD-R" }] });
 */
export async function renderQuestionnaireDetailed(json: Record<string, unknown>, options: QuestionnaireOptions): Promise<RenderedQuestionnaire> {
  const model = paperModel(json, options.locale);
  if (options.title) model.title = options.title;
  const doc = createPaperDoc({ title: model.title, lang: options.locale, day: options.day ?? new Date() });
  const m = new Measure(doc);
  const pages = new FormPlanner(m, model, options.locale).plan();
  const furniture: Furniture = { title: model.title, studyName: options.studyName, t: PAPER_TEXT[options.locale], m };
  const copies = options.forms === null ? [null] : options.forms.map((f) => f.number);
  const chunks: Buffer[] = [];
  const ended = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  for (const [c, number] of copies.entries()) {
    if (c > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    pages.forEach((ops, i) => {
      addBlankPage(doc);
      drawHeader(doc, furniture, number);
      for (const op of ops) op(doc);
      drawFooter(doc, furniture, number, i + 1, pages.length);
    });
  }
  doc.end();
  return { pdf: await ended, pagesPerCopy: pages.length, pages: pages.length * copies.length };
}

/**
 * Renders an instrument as a printable questionnaire: one copy per form number, or one blank copy when
 * `forms` is null. Resolves with the PDF's bytes.
 *
 * @example
 * const pdf = await renderQuestionnaire(youth.json, { locale: "lv", forms: null });
 */
export async function renderQuestionnaire(json: Record<string, unknown>, options: QuestionnaireOptions): Promise<Buffer> {
  return (await renderQuestionnaireDetailed(json, options)).pdf;
}
