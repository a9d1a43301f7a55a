/**
 * The codebook as a REFI-QDA Codebook (.qdc), the exchange format that NVivo, ATLAS.ti, MAXQDA and
 * QualCoder import and export, so that a codebook built here can be used there and the other way round.
 *
 * The rules come from the standard's schema, Codebook.xsd (targetNamespace urn:QDA-XML:codebook:1.0,
 * elementFormDefault qualified; a copy is hard-coded in QualCoder's source): the root CodeBook holds one
 * Codes and at most one Sets, in that order, and an optional origin attribute; Codes holds one or more
 * Code; a Code has the required attributes guid (GUIDType), name and isCodable (xs:boolean) and the
 * optional color (RGBType), and holds an optional Description followed by any number of nested Code;
 * Sets holds Set elements (guid, name, Description?, MemberCode*). GUIDType is 8-4-4-4-12 hex digits,
 * optionally in braces; RGBType is # and 6 or 3 hex digits. The import checks every one of these rules
 * and reports each violation with its line; it reads Sets for validity but keeps nothing from them (the
 * platform has no code sets).
 *
 * Ids are the guids: a codebook exported and imported again is the same codebook. On import, braces
 * around a guid are dropped, a 3-digit colour is widened to 6 digits and names are trimmed.
 */
import { assertValidCodebook, buildCodeTree, validateCodebook, type CodeNode } from "./codebook.ts";
import type { ImportResult, QualCode, QualProblem } from "./types.ts";
import { XmlSyntaxError, attribute, childElements, escapeAttribute, escapeText, parseXml, textOf, type XmlElement } from "./xml.ts";

export const QDC_NAMESPACE = "urn:QDA-XML:codebook:1.0";
export const XSI_NAMESPACE = "http://www.w3.org/2001/XMLSchema-instance";
export const DEFAULT_ORIGIN = "prison-research-platform";

/** Codebook.xsd GUIDType (xs:token, so surrounding whitespace is collapsed before matching). */
export const QDC_GUID_PATTERN =
  /^(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\})$/;
/** Codebook.xsd RGBType. */
export const QDC_COLOR_PATTERN = /^#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3})$/;
/** xs:boolean's lexical space. */
const BOOLEAN_VALUES: Record<string, boolean> = { true: true, false: false, "1": true, "0": false };

export interface QdcExportOptions {
  /** The origin attribute: the program that wrote the file. */
  origin?: string;
}

/**
 * Writes a codebook as a .qdc document (UTF-8 text; the caller writes it with no byte order mark).
 * Throws InvalidCodebookError for an invalid codebook, and an Error for an empty one (Codes must hold at
 * least one Code).
 *
 * @example exportQdc([{ id: "0D62985D-B147-5D01-A9B5-CAE5DCD98342", name: "Ģimene", parentId: null, isCodable: true }])
 * // '<?xml version="1.0" encoding="utf-8"?>\n<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="…">\n  <Codes>\n …'
 */
export function exportQdc(codes: readonly QualCode[], options: QdcExportOptions = {}): string {
  assertValidCodebook(codes);
  if (codes.length === 0) throw new Error("a REFI-QDA codebook needs at least one code");
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<CodeBook xmlns="${QDC_NAMESPACE}" origin="${escapeAttribute(options.origin ?? DEFAULT_ORIGIN)}">`,
    "  <Codes>",
  ];
  const write = (node: CodeNode, indent: string) => {
    const c = node.code;
    const attrs = `guid="${escapeAttribute(c.id)}" name="${escapeAttribute(c.name)}" isCodable="${c.isCodable ? "true" : "false"}"${c.color ? ` color="${escapeAttribute(c.color)}"` : ""}`;
    const hasDescription = c.description !== undefined && c.description !== "";
    if (!hasDescription && node.children.length === 0) {
      lines.push(`${indent}<Code ${attrs}/>`);
      return;
    }
    lines.push(`${indent}<Code ${attrs}>`);
    if (hasDescription) lines.push(`${indent}  <Description>${escapeText(c.description!)}</Description>`);
    for (const child of node.children) write(child, `${indent}  `);
    lines.push(`${indent}</Code>`);
  };
  for (const node of buildCodeTree(codes)) write(node, "    ");
  lines.push("  </Codes>", "</CodeBook>", "");
  return lines.join("\n");
}

function structureProblem(code: string, element: XmlElement, path: string, message: string, line: number = element.line): QualProblem {
  return { code, path, codeId: null, line, message: `line ${line}: ${message}` };
}

/**
 * Checks a parsed document against the rules of Codebook.xsd (listed in this module's header) and
 * returns every violation, each with its line and an XPath-like location. Empty means valid.
 */
export function checkQdcStructure(root: XmlElement): QualProblem[] {
  const problems: QualProblem[] = [];
  const add = (code: string, element: XmlElement, path: string, message: string, line?: number) =>
    problems.push(structureProblem(code, element, path, message, line));

  const nsOk = (element: XmlElement, path: string): boolean => {
    if (element.namespace === QDC_NAMESPACE) return true;
    add("qdc.namespace", element, path, `<${element.name}> must be in the namespace ${QDC_NAMESPACE} (found ${element.namespace ?? "no namespace"})`);
    return false;
  };
  const attributesOk = (element: XmlElement, path: string, allowed: readonly string[], required: readonly string[]) => {
    for (const a of element.attributes) {
      if (a.namespace === "http://www.w3.org/2000/xmlns/") continue;
      if (a.namespace === XSI_NAMESPACE && ["schemaLocation", "noNamespaceSchemaLocation", "type", "nil"].includes(a.local)) continue;
      if (a.namespace === null && allowed.includes(a.local)) continue;
      add("qdc.unknown_attribute", element, `${path}/@${a.name}`, `<${element.local}> has no attribute ${a.name}`, a.line);
    }
    for (const name of required) {
      if (!attribute(element, name)) add("qdc.attribute_required", element, `${path}/@${name}`, `<${element.local}> needs the attribute ${name}`);
    }
  };
  const noText = (element: XmlElement, path: string) => {
    for (const c of element.children) {
      if (c.type === "text" && c.text.trim() !== "") {
        add("qdc.unexpected_text", element, path, `<${element.local}> may hold only elements, not text ("${c.text.trim().slice(0, 40)}")`, c.line);
        return;
      }
    }
  };
  const token = (value: string) => value.replace(/[ \t\n\r]+/g, " ").trim();
  const guidOk = (element: XmlElement, path: string) => {
    const guid = attribute(element, "guid");
    if (guid && !QDC_GUID_PATTERN.test(token(guid.value))) {
      add("qdc.invalid_guid", element, `${path}/@guid`, `guid "${guid.value}" is not a GUID (8-4-4-4-12 hex digits, optionally in braces)`, guid.line);
    }
  };
  /** Children must follow `sequence`: each entry's name with its min and max count, in order. */
  const sequenceOk = (element: XmlElement, path: string, sequence: readonly [string, number, number][]): XmlElement[] => {
    const children = childElements(element);
    let i = 0;
    for (const [name, min, max] of sequence) {
      let count = 0;
      while (i < children.length && children[i]!.local === name && count < max) {
        i += 1;
        count += 1;
      }
      if (count < min) add("qdc.element_required", element, `${path}/${name}`, `<${element.local}> needs ${min === 1 ? "a" : `at least ${min}`} <${name}>`);
    }
    if (i < children.length) {
      const extra = children[i]!;
      const expected = sequence.map(([n]) => `<${n}>`).join(", ");
      add("qdc.unexpected_element", extra, `${path}/${extra.local}`, `<${extra.local}> is not allowed here: <${element.local}> holds ${expected || "no elements"} in that order`);
    }
    return children;
  };
  const indexed = (parentPath: string, children: XmlElement[], child: XmlElement) => {
    const same = children.filter((c) => c.local === child.local);
    return `${parentPath}/${child.local}${same.length > 1 ? `[${same.indexOf(child) + 1}]` : ""}`;
  };

  const checkDescription = (element: XmlElement, path: string) => {
    if (!nsOk(element, path)) return;
    attributesOk(element, path, [], []);
    const inner = childElements(element)[0];
    if (inner) add("qdc.unexpected_element", inner, `${path}/${inner.local}`, "<Description> holds text only");
  };

  // Code elements nest; an explicit stack keeps a deeply nested file from exhausting the call stack.
  const checkCodes = (codes: XmlElement[], parentPath: string, siblings: XmlElement[]) => {
    const pending = codes.map((element) => ({ element, path: indexed(parentPath, siblings, element) })).reverse();
    while (pending.length > 0) {
      const { element, path } = pending.pop()!;
      if (!nsOk(element, path)) continue;
      attributesOk(element, path, ["guid", "name", "isCodable", "color"], ["guid", "name", "isCodable"]);
      guidOk(element, path);
      const isCodable = attribute(element, "isCodable");
      if (isCodable && !(token(isCodable.value) in BOOLEAN_VALUES)) {
        add("qdc.invalid_boolean", element, `${path}/@isCodable`, `isCodable "${isCodable.value}" is not true, false, 1 or 0`, isCodable.line);
      }
      const color = attribute(element, "color");
      if (color && !QDC_COLOR_PATTERN.test(token(color.value))) {
        add("qdc.invalid_color", element, `${path}/@color`, `color "${color.value}" is not # and 6 or 3 hex digits`, color.line);
      }
      noText(element, path);
      const children = sequenceOk(element, path, [
        ["Description", 0, 1],
        ["Code", 0, Infinity],
      ]);
      for (const child of children) {
        if (child.local === "Description") checkDescription(child, indexed(path, children, child));
      }
      const nested = children.filter((c) => c.local === "Code");
      for (let i = nested.length - 1; i >= 0; i -= 1) pending.push({ element: nested[i]!, path: indexed(path, children, nested[i]!) });
    }
  };

  const rootPath = `/${root.local}`;
  if (root.local !== "CodeBook") {
    add("qdc.root", root, rootPath, `the root element must be <CodeBook>, not <${root.name}>`);
    return problems;
  }
  if (!nsOk(root, rootPath)) return problems;
  attributesOk(root, rootPath, ["origin"], []);
  noText(root, rootPath);
  const top = sequenceOk(root, rootPath, [
    ["Codes", 1, 1],
    ["Sets", 0, 1],
  ]);
  for (const section of top.filter((c) => c.local === "Codes" || c.local === "Sets")) {
    const path = `${rootPath}/${section.local}`;
    if (!nsOk(section, path)) continue;
    attributesOk(section, path, [], []);
    noText(section, path);
    if (section.local === "Codes") {
      const codes = sequenceOk(section, path, [["Code", 1, Infinity]]);
      checkCodes(codes.filter((c) => c.local === "Code"), path, codes);
    } else if (section.local === "Sets") {
      const sets = sequenceOk(section, path, [["Set", 1, Infinity]]);
      for (const set of sets.filter((c) => c.local === "Set")) {
        const setPath = indexed(path, sets, set);
        if (!nsOk(set, setPath)) continue;
        attributesOk(set, setPath, ["guid", "name"], ["guid", "name"]);
        guidOk(set, setPath);
        noText(set, setPath);
        const members = sequenceOk(set, setPath, [
          ["Description", 0, 1],
          ["MemberCode", 0, Infinity],
        ]);
        for (const m of members) {
          const memberPath = indexed(setPath, members, m);
          if (m.local === "Description") {
            checkDescription(m, memberPath);
            continue;
          }
          if (!nsOk(m, memberPath)) continue;
          attributesOk(m, memberPath, ["guid"], ["guid"]);
          guidOk(m, memberPath);
          if (m.children.some((c) => c.type === "element" || c.text.trim() !== "")) add("qdc.unexpected_content", m, memberPath, "<MemberCode> must be empty");
        }
      }
    }
  }
  return problems;
}

function decode(input: string | Uint8Array): string | QualProblem {
  if (typeof input === "string") return input;
  const utf16 = input[0] === 0xff && input[1] === 0xfe ? "utf-16le" : input[0] === 0xfe && input[1] === 0xff ? "utf-16be" : null;
  try {
    return new TextDecoder(utf16 ?? "utf-8", { fatal: true }).decode(input);
  } catch {
    return { code: "qdc.encoding", path: "file", codeId: null, line: null, message: "the file is not valid UTF-8 text" };
  }
}

/** Reads the codes of a checked document, parents before children, siblings in file order. */
function readCodes(codesElement: XmlElement): { codes: QualCode[]; lines: number[] } {
  const codes: QualCode[] = [];
  const lines: number[] = [];
  // A stack, children pushed in reverse, gives document order (parents before children).
  const pending: { element: XmlElement; parentId: string | null }[] = childElements(codesElement)
    .map((element) => ({ element, parentId: null }))
    .reverse();
  while (pending.length > 0) {
    const { element, parentId } = pending.pop()!;
    const guid = attribute(element, "guid")!.value.trim().replace(/^\{(.*)\}$/, "$1");
    const color = attribute(element, "color")?.value.trim();
    const description = childElements(element).find((c) => c.local === "Description");
    const descriptionText = description ? textOf(description) : "";
    codes.push({
      id: guid,
      name: attribute(element, "name")!.value.trim(),
      ...(descriptionText !== "" ? { description: descriptionText } : {}),
      ...(color ? { color: color.length === 4 ? `#${[...color.slice(1)].map((d) => d + d).join("")}` : color } : {}),
      parentId,
      isCodable: BOOLEAN_VALUES[attribute(element, "isCodable")!.value.trim()]!,
    });
    lines.push(element.line);
    const nested = childElements(element).filter((c) => c.local === "Code");
    for (let i = nested.length - 1; i >= 0; i -= 1) pending.push({ element: nested[i]!, parentId: guid });
  }
  return { codes, lines };
}

/**
 * Reads a .qdc file (text, or bytes in UTF-8 or UTF-16 with a byte order mark). Malformed XML is refused
 * with the line and column of the first error; a well-formed file that breaks Codebook.xsd is refused with
 * every violation; the codes read must then pass validateCodebook (problems carry the Code's line).
 *
 * @example const result = importQdc(readFileSync("codebook.qdc")); if (result.ok) save(result.codes);
 */
export function importQdc(input: string | Uint8Array): ImportResult {
  const text = decode(input);
  if (typeof text !== "string") return { ok: false, problems: [text] };
  let root: XmlElement;
  try {
    const doc = parseXml(text);
    const encoding = doc.declaration?.encoding?.toLowerCase();
    if (encoding !== undefined && encoding !== "utf-8" && encoding !== "utf-16") {
      return { ok: false, problems: [{ code: "qdc.encoding", path: "/", codeId: null, line: 1, message: `line 1: encoding ${doc.declaration!.encoding} is not supported; save the codebook as UTF-8` }] };
    }
    root = doc.root;
  } catch (error) {
    if (!(error instanceof XmlSyntaxError)) throw error;
    return { ok: false, problems: [{ code: "xml.malformed", path: `line ${error.line}`, codeId: null, line: error.line, message: `not well-formed XML: ${error.message}` }] };
  }
  const structure = checkQdcStructure(root);
  if (structure.length > 0) return { ok: false, problems: structure };

  const { codes, lines } = readCodes(childElements(root)[0]!);
  const problems = validateCodebook(codes).map((p) => {
    const index = Number(/^codes\[(\d+)\]/.exec(p.path)?.[1] ?? -1);
    const line = lines[index] ?? null;
    return { ...p, line, message: line === null ? p.message : `line ${line}: ${p.message}` };
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, codes };
}
