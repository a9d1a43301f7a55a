/**
 * From a browser selection to the span the server codes. A block's text element holds the stored text as
 * text nodes, some inside (nested) marks, so a selection boundary is a node and an offset somewhere in that
 * tree; its position in the block's text is the length of all text before it. The functions take the few
 * DOM properties they read as a structural type, so they run in tests on plain objects as well as on real
 * nodes and ranges.
 */
import { splitsPair } from "./highlight.ts";

/** The part of a DOM node these functions read. */
export interface TextTreeNode {
  nodeType: number;
  nodeValue: string | null;
  childNodes: ArrayLike<TextTreeNode>;
  parentNode: TextTreeNode | null;
}

/** The part of a DOM Range these functions read. */
export interface BoundaryRange {
  startContainer: TextTreeNode;
  startOffset: number;
  endContainer: TextTreeNode;
  endOffset: number;
}

const TEXT_NODE = 3;
const CDATA_NODE = 4;
const isText = (node: TextTreeNode) => node.nodeType === TEXT_NODE || node.nodeType === CDATA_NODE;

/** True when `node` is `container` or lies inside it. */
export function isInside(container: TextTreeNode, node: TextTreeNode | null): boolean {
  for (let n = node; n; n = n.parentNode) if (n === container) return true;
  return false;
}

/** The length of all text in `node` (its own, or its descendants'). */
export function textLength(node: TextTreeNode): number {
  if (isText(node)) return node.nodeValue?.length ?? 0;
  let sum = 0;
  for (let i = 0; i < node.childNodes.length; i++) sum += textLength(node.childNodes[i]!);
  return sum;
}

/** The length of the text before `target` inside `container`, in document order; null when it is not there. */
function textBefore(container: TextTreeNode, target: TextTreeNode): number | null {
  let sum = 0;
  const walk = (node: TextTreeNode): boolean => {
    if (node === target) return true;
    if (isText(node)) {
      sum += node.nodeValue?.length ?? 0;
      return false;
    }
    for (let i = 0; i < node.childNodes.length; i++) if (walk(node.childNodes[i]!)) return true;
    return false;
  };
  return walk(container) ? sum : null;
}

/** The position in `container`'s text of a boundary point (a node inside it and an offset in that node). */
function positionOf(container: TextTreeNode, node: TextTreeNode, offset: number): number | null {
  if (isText(node)) {
    const before = textBefore(container, node);
    return before === null ? null : before + Math.min(Math.max(offset, 0), node.nodeValue?.length ?? 0);
  }
  // An element boundary sits before its child number `offset`, or at its end.
  const child = offset < node.childNodes.length ? node.childNodes[Math.max(offset, 0)]! : null;
  if (child) return textBefore(container, child);
  const before = textBefore(container, node);
  return before === null ? null : before + textLength(node);
}

/**
 * [start, end) of a range within `container`'s text, counted over all its text nodes (marks included). A
 * boundary outside the container is taken as the container's start (for the range's start) or end (for its
 * end), so call it only for a range that intersects the container: a triple-click, which ends the range at
 * the start of the next element, then still gives the whole text. Null for a range that is empty in it.
 *
 * @example
 * // <div>ab<mark>cd</mark>ef</div>, "d" to "e" selected
 * offsetsOf(div, { startContainer: markText, startOffset: 1, endContainer: efText, endOffset: 1 }) // { start: 3, end: 5 }
 */
export function offsetsOf(container: TextTreeNode, range: BoundaryRange): { start: number; end: number } | null {
  const length = textLength(container);
  const start = isInside(container, range.startContainer) ? positionOf(container, range.startContainer, range.startOffset) : 0;
  const end = isInside(container, range.endContainer) ? positionOf(container, range.endContainer, range.endOffset) : length;
  if (start === null || end === null || start >= end) return null;
  return { start, end };
}

const isSpace = (unit: string) => /\s/.test(unit);

/**
 * The span as it is coded: white space at either edge left out (a double-click often takes the space after
 * a word), widened to whole characters where a boundary falls inside a surrogate pair. Null when nothing but
 * white space is left, which the server would refuse.
 */
export function tidySpan(text: string, span: { start: number; end: number }): { start: number; end: number } | null {
  let start = Math.max(0, Math.min(span.start, text.length));
  let end = Math.max(0, Math.min(span.end, text.length));
  if (splitsPair(text, start)) start -= 1;
  if (splitsPair(text, end)) end += 1;
  while (start < end && isSpace(text[start]!)) start++;
  while (end > start && isSpace(text[end - 1]!)) end--;
  return start < end ? { start, end } : null;
}
