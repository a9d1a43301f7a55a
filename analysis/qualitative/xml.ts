/**
 * Just enough XML for REFI-QDA codebooks: a writer's escaping and a small, strict, non-validating parser.
 * It lives here rather than as a dependency because the need is narrow and the risk is not: a codebook
 * file comes from another program or another researcher, so the parser refuses anything that is not
 * well-formed and says on which line, never guesses, and has no DTD support at all (a DOCTYPE is refused,
 * so no entity expansion can blow up). It handles what real .qdc files contain: the XML declaration,
 * comments, processing instructions, CDATA, the five predefined entities and numeric character
 * references, and namespaces (prefixes resolved against the xmlns declarations in scope).
 *
 * Line ends are normalised as XML 1.0 §2.11 says (CRLF and CR become LF) and attribute values as §3.3.3
 * (a literal tab or line end becomes a space), so a parsed value equals the one that was written with
 * escapeText/escapeAttribute. Nesting is walked with an explicit stack, so a deeply nested file cannot
 * exhaust the call stack.
 */

/** Where a file breaks the rules of XML, with its 1-based line and column. */
export class XmlSyntaxError extends Error {
  readonly line: number;
  readonly column: number;
  constructor(message: string, line: number, column: number) {
    super(`line ${line}, column ${column}: ${message}`);
    this.name = "XmlSyntaxError";
    this.line = line;
    this.column = column;
  }
}

export interface XmlAttribute {
  /** As written, with its prefix: `xsi:schemaLocation`. */
  name: string;
  prefix: string | null;
  local: string;
  /** Unprefixed attributes are in no namespace. */
  namespace: string | null;
  value: string;
  line: number;
}

export interface XmlText {
  type: "text";
  /** Character data with references resolved; CDATA sections merged in. */
  text: string;
  line: number;
}

export interface XmlElement {
  type: "element";
  name: string;
  prefix: string | null;
  local: string;
  /** The namespace the element's prefix (or the default namespace) is bound to, or null. */
  namespace: string | null;
  attributes: XmlAttribute[];
  children: (XmlElement | XmlText)[];
  line: number;
  column: number;
}

export interface XmlDeclaration {
  version: string;
  encoding: string | null;
  standalone: boolean | null;
}

export interface XmlDocument {
  declaration: XmlDeclaration | null;
  root: XmlElement;
}

export const XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace";
export const XMLNS_NAMESPACE = "http://www.w3.org/2000/xmlns/";

// ---------------------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------------------

/** Character data for element content; CR is written as a reference so that it survives parsing. */
export function escapeText(text: string): string {
  return text.replace(/[&<>\r]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : "&#13;"));
}

/** An attribute value in double quotes; tab and line ends as references so they are not normalised away. */
export function escapeAttribute(text: string): string {
  return text.replace(/[&<>"\t\n\r]/g, (c) => ATTRIBUTE_ESCAPES[c]!);
}

const ATTRIBUTE_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "\t": "&#9;",
  "\n": "&#10;",
  "\r": "&#13;",
};

// XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]; in UTF-16 that is
// everything except the C0 controls, U+FFFE/U+FFFF and unpaired surrogates.
const INVALID_CHAR =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The first character that XML 1.0 cannot carry at all (not even as a reference), or null. */
export function invalidXmlCharacter(text: string): { index: number; codePoint: number } | null {
  const match = INVALID_CHAR.exec(text);
  return match ? { index: match.index, codePoint: match[0].codePointAt(0)! } : null;
}

// ---------------------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------------------

const NAME_START = ":A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD";
const NAME_REST = `${NAME_START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F\\u2040`;
const SURROGATE_PAIR = "[\\uD800-\\uDBFF][\\uDC00-\\uDFFF]";
const NAME = new RegExp(`(?:[${NAME_START}]|${SURROGATE_PAIR})(?:[${NAME_REST}]|${SURROGATE_PAIR})*`, "y");
const WHITESPACE = /[ \t\n]*/y;
const XML_DECLARATION =
  /<\?xml[ \t\n]+version[ \t\n]*=[ \t\n]*(["'])(1\.[0-9]+)\1(?:[ \t\n]+encoding[ \t\n]*=[ \t\n]*(["'])([A-Za-z][A-Za-z0-9._-]*)\3)?(?:[ \t\n]+standalone[ \t\n]*=[ \t\n]*(["'])(yes|no)\5)?[ \t\n]*\?>/y;
const PREDEFINED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function isXmlCodePoint(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

class Scanner {
  readonly text: string;
  pos = 0;
  private readonly lineStarts: number[] = [0];

  constructor(text: string) {
    this.text = text;
    for (let i = 0; i < text.length; i += 1) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }

  where(at: number = this.pos): { line: number; column: number } {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: at - this.lineStarts[lo]! + 1 };
  }

  fail(message: string, at: number = this.pos): never {
    const { line, column } = this.where(at);
    throw new XmlSyntaxError(message, line, column);
  }

  startsWith(s: string): boolean {
    return this.text.startsWith(s, this.pos);
  }

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  skipWhitespace(): boolean {
    WHITESPACE.lastIndex = this.pos;
    WHITESPACE.exec(this.text);
    const moved = WHITESPACE.lastIndex > this.pos;
    this.pos = WHITESPACE.lastIndex;
    return moved;
  }

  name(what: string): string {
    NAME.lastIndex = this.pos;
    const match = NAME.exec(this.text);
    if (!match) this.fail(`expected ${what}`);
    this.pos = NAME.lastIndex;
    return match[0];
  }

  expect(s: string, what: string = `"${s}"`): void {
    if (!this.startsWith(s)) this.fail(`expected ${what}`);
    this.pos += s.length;
  }

  /** Resolves references in raw character data or (with `attribute`) an attribute value. */
  decode(raw: string, rawStart: number, attribute: boolean): string {
    if (!raw.includes("&") && !(attribute && /[\t\n]/.test(raw))) return raw;
    let out = "";
    for (let i = 0; i < raw.length; i += 1) {
      const c = raw[i]!;
      if (c === "&") {
        const end = raw.indexOf(";", i);
        const body = end < 0 ? "" : raw.slice(i + 1, end);
        if (end < 0 || !/^(?:#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z_][A-Za-z0-9._-]*)$/.test(body)) {
          this.fail("'&' must start an entity or character reference such as &amp;", rawStart + i);
        }
        if (body.startsWith("#")) {
          const digits = body.slice(1);
          const cp = /^x[0-9a-fA-F]+$/.test(digits) ? parseInt(digits.slice(1), 16) : /^[0-9]+$/.test(digits) ? parseInt(digits, 10) : NaN;
          if (!isXmlCodePoint(cp)) this.fail(`&${body}; is not a character XML allows`, rawStart + i);
          out += String.fromCodePoint(cp);
        } else if (Object.hasOwn(PREDEFINED, body)) {
          out += PREDEFINED[body];
        } else {
          this.fail(`unknown entity &${body}; (only &amp; &lt; &gt; &quot; &apos; and numeric references are allowed)`, rawStart + i);
        }
        i = end;
      } else if (attribute && (c === "\t" || c === "\n")) {
        out += " ";
      } else {
        out += c;
      }
    }
    return out;
  }
}

interface OpenElement {
  element: XmlElement;
  /** Prefix -> namespace bindings in scope (inherited, then this element's own). */
  scope: Map<string, string>;
}

function splitQName(s: Scanner, name: string, at: number): { prefix: string | null; local: string } {
  const parts = name.split(":");
  if (parts.length === 1) return { prefix: null, local: name };
  if (parts.length > 2 || parts[0] === "" || parts[1] === "") s.fail(`"${name}" is not a valid namespaced name`, at);
  return { prefix: parts[0]!, local: parts[1]! };
}

/**
 * Parses a whole document. Throws XmlSyntaxError, with line and column, at the first thing that is not
 * well-formed XML 1.0 (with namespaces): a DOCTYPE is refused as unsupported.
 *
 * @example parseXml('<a x="1">b &amp; c</a>').root.children[0] // { type: "text", text: "b & c", line: 1 }
 */
export function parseXml(input: string): XmlDocument {
  const withoutBom = input.startsWith("\uFEFF") ? input.slice(1) : input;
  const s: Scanner = new Scanner(withoutBom.replace(/\r\n?/g, "\n"));
  const bad = invalidXmlCharacter(s.text);
  if (bad) s.fail(`character U+${bad.codePoint.toString(16).toUpperCase().padStart(4, "0")} is not allowed in XML`, bad.index);

  let declaration: XmlDeclaration | null = null;
  if (s.startsWith("<?xml") && /[ \t\n]/.test(s.text[5] ?? "")) {
    XML_DECLARATION.lastIndex = 0;
    const m = XML_DECLARATION.exec(s.text);
    if (!m) s.fail("malformed XML declaration");
    declaration = { version: m[2]!, encoding: m[4] ?? null, standalone: m[6] === undefined ? null : m[6] === "yes" };
    s.pos = XML_DECLARATION.lastIndex;
  }

  const stack: OpenElement[] = [];
  let root: XmlElement | null = null;
  const baseScope = new Map<string, string>([["xml", XML_NAMESPACE]]);

  const appendText = (text: string, at: number) => {
    const parent = stack[stack.length - 1]!.element;
    const last = parent.children[parent.children.length - 1];
    if (last && last.type === "text") last.text += text;
    else parent.children.push({ type: "text", text, line: s.where(at).line });
  };

  while (!s.atEnd()) {
    const at = s.pos;
    if (!s.startsWith("<")) {
      let end = s.text.indexOf("<", s.pos);
      if (end < 0) end = s.text.length;
      const raw = s.text.slice(s.pos, end);
      if (stack.length === 0) {
        const stray = raw.search(/[^ \t\n]/);
        if (stray >= 0) s.fail(root ? "text after the root element" : "text before the root element", at + stray);
      } else {
        const cdataEnd = raw.indexOf("]]>");
        if (cdataEnd >= 0) s.fail("']]>' is not allowed in text", at + cdataEnd);
        appendText(s.decode(raw, at, false), at);
      }
      s.pos = end;
      continue;
    }
    if (s.startsWith("<!--")) {
      const end = s.text.indexOf("--", s.pos + 4);
      if (end < 0) s.fail("unclosed comment");
      if (s.text[end + 2] !== ">") s.fail("'--' is not allowed inside a comment", end);
      s.pos = end + 3;
      continue;
    }
    if (s.startsWith("<![CDATA[")) {
      if (stack.length === 0) s.fail("CDATA outside the root element");
      const end = s.text.indexOf("]]>", s.pos + 9);
      if (end < 0) s.fail("unclosed CDATA section");
      appendText(s.text.slice(s.pos + 9, end), at);
      s.pos = end + 3;
      continue;
    }
    if (s.startsWith("<!DOCTYPE")) s.fail("DOCTYPE declarations are not supported");
    if (s.startsWith("<!")) s.fail("unexpected markup declaration");
    if (s.startsWith("<?")) {
      s.pos += 2;
      const target = s.name("a processing instruction target");
      if (target.toLowerCase() === "xml") s.fail("the XML declaration is allowed only at the very start of the file", at);
      const end = s.text.indexOf("?>", s.pos);
      if (end < 0) s.fail("unclosed processing instruction", at);
      if (end > s.pos && !/[ \t\n]/.test(s.text[s.pos]!)) s.fail("expected a space after the processing instruction target");
      s.pos = end + 2;
      continue;
    }
    if (s.startsWith("</")) {
      s.pos += 2;
      const name = s.name("an element name");
      s.skipWhitespace();
      s.expect(">", `">" to end </${name}>`);
      const open = stack.pop();
      if (!open) s.fail(`end tag </${name}> without a start tag`, at);
      if (open.element.name !== name) s.fail(`end tag </${name}> does not match <${open.element.name}> opened on line ${open.element.line}`, at);
      continue;
    }

    // A start tag.
    if (root && stack.length === 0) s.fail("a document has only one root element");
    s.pos += 1;
    const name = s.name("an element name");
    const raw: { name: string; value: string; at: number }[] = [];
    for (;;) {
      const spaced = s.skipWhitespace();
      if (s.startsWith("/>") || s.startsWith(">")) break;
      if (s.atEnd()) s.fail(`unclosed start tag <${name}>`, at);
      if (!spaced) s.fail("expected a space before the attribute");
      const attrAt = s.pos;
      const attrName = s.name("an attribute name");
      s.skipWhitespace();
      s.expect("=", `"=" after attribute ${attrName}`);
      s.skipWhitespace();
      const quote = s.text[s.pos];
      if (quote !== '"' && quote !== "'") s.fail(`the value of ${attrName} must be in quotes`);
      const end = s.text.indexOf(quote, s.pos + 1);
      if (end < 0) s.fail(`unclosed value of attribute ${attrName}`);
      const valueRaw = s.text.slice(s.pos + 1, end);
      const lt = valueRaw.indexOf("<");
      if (lt >= 0) s.fail(`'<' is not allowed in the value of ${attrName}`, s.pos + 1 + lt);
      if (raw.some((a) => a.name === attrName)) s.fail(`attribute ${attrName} appears twice`, attrAt);
      raw.push({ name: attrName, value: s.decode(valueRaw, s.pos + 1, true), at: attrAt });
      s.pos = end + 1;
    }
    const selfClosing = s.startsWith("/>");
    s.pos += selfClosing ? 2 : 1;

    // Namespaces: this element's declarations first, then its own name and its attributes' names.
    const parentScope = stack.length > 0 ? stack[stack.length - 1]!.scope : baseScope;
    let scope = parentScope;
    for (const a of raw) {
      const isDefault = a.name === "xmlns";
      if (!isDefault && !a.name.startsWith("xmlns:")) continue;
      const prefix = isDefault ? "" : a.name.slice(6);
      if (prefix === "xmlns" || (prefix === "xml") !== (a.value === XML_NAMESPACE) || a.value === XMLNS_NAMESPACE) s.fail(`reserved namespace binding ${a.name}="${a.value}"`, a.at);
      if (!isDefault && a.value === "") s.fail(`prefix ${prefix} cannot be bound to an empty namespace`, a.at);
      if (scope === parentScope) scope = new Map(parentScope);
      if (isDefault && a.value === "") scope.delete("");
      else scope.set(prefix, a.value);
    }
    const resolve = (prefix: string | null, forElement: boolean, where: number): string | null => {
      if (prefix === null) return forElement ? (scope.get("") ?? null) : null;
      const ns = scope.get(prefix);
      if (ns === undefined) s.fail(`prefix "${prefix}" is not bound to a namespace`, where);
      return ns;
    };
    const elementName = splitQName(s, name, at + 1);
    const attributes: XmlAttribute[] = raw.map((a) => {
      const q = a.name === "xmlns" ? { prefix: null, local: "xmlns" } : splitQName(s, a.name, a.at);
      const namespace = a.name === "xmlns" || q.prefix === "xmlns" ? XMLNS_NAMESPACE : resolve(q.prefix, false, a.at);
      return { name: a.name, prefix: q.prefix, local: q.local, namespace, value: a.value, line: s.where(a.at).line };
    });
    const expanded = new Set<string>();
    for (const a of attributes) {
      const key = `${a.namespace ?? ""}\u0000${a.local}`;
      if (expanded.has(key)) s.fail(`attribute ${a.name} appears twice (same namespace and name)`);
      expanded.add(key);
    }
    const { line, column } = s.where(at);
    const element: XmlElement = {
      type: "element",
      name,
      prefix: elementName.prefix,
      local: elementName.local,
      namespace: resolve(elementName.prefix, true, at + 1),
      attributes,
      children: [],
      line,
      column,
    };
    if (stack.length > 0) stack[stack.length - 1]!.element.children.push(element);
    else root = element;
    if (!selfClosing) stack.push({ element, scope });
  }

  if (stack.length > 0) {
    const open = stack[stack.length - 1]!.element;
    s.fail(`<${open.name}> opened on line ${open.line} is never closed`);
  }
  if (!root) s.fail("the file has no root element");
  return { declaration, root };
}

/** The element children of an element, in order. */
export function childElements(element: XmlElement): XmlElement[] {
  return element.children.filter((c): c is XmlElement => c.type === "element");
}

/** The concatenated text of an element's direct text children. */
export function textOf(element: XmlElement): string {
  return element.children.map((c) => (c.type === "text" ? c.text : "")).join("");
}

/** An element's unprefixed attribute by name (namespace declarations excluded), or undefined. */
export function attribute(element: XmlElement, local: string): XmlAttribute | undefined {
  return element.attributes.find((a) => a.prefix === null && a.local === local && a.name !== "xmlns");
}
