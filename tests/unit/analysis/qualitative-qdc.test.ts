/**
 * REFI-QDA codebooks (.qdc): the export is well-formed (checked by a separate minimal tokenizer, not only
 * by our own parser) and follows Codebook.xsd; export -> import gives the same codebook; files shaped like
 * other programs' exports import; malformed XML is refused with its line; and each structural rule of
 * Codebook.xsd is enforced on import.
 */
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { flattenCodebook } from "../../../analysis/qualitative/codebook.ts";
import { QDC_NAMESPACE, checkQdcStructure, exportQdc, importQdc } from "../../../analysis/qualitative/qdc.ts";
import type { ImportResult, QualCode, QualProblem } from "../../../analysis/qualitative/types.ts";
import { XmlSyntaxError, parseXml, textOf, type XmlElement } from "../../../analysis/qualitative/xml.ts";
import { CODEBOOK, ID } from "../../fixtures/qualitative/01-codebook.ts";

const OTHER_TOOL = readFileSync(new URL("../../fixtures/qualitative/03-other-tool.qdc", import.meta.url), "utf8");

function codesOf(result: ImportResult): QualCode[] {
  if (!result.ok) throw new Error(`import failed: ${result.problems.map((p) => p.message).join("; ")}`);
  return result.codes;
}

function problemsOf(result: ImportResult): QualProblem[] {
  if (result.ok) throw new Error("import unexpectedly succeeded");
  return result.problems;
}

const REFERENCE = /&(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);/;
const ATTRIBUTE_VALUE = `"(?:[^"<&]|${REFERENCE.source})*"`;
/**
 * A minimal tokenizer for the subset of XML the exporter writes (declaration, tags with double-quoted
 * attributes, text, references): every character must belong to a token, tags must nest, attributes must
 * not repeat, and nothing but whitespace may stand outside the root. Independent of analysis/qualitative/xml.ts.
 */
function tokenize(xml: string): { elements: string[] } {
  const token = new RegExp(
    `(<\\?xml version="1\\.0" encoding="utf-8"\\?>)|<([A-Za-z][\\w.-]*)((?:\\s+[A-Za-z][\\w:.-]*=${ATTRIBUTE_VALUE})*)\\s*(/?)>|</([A-Za-z][\\w.-]*)>|([^<&]+)|(${REFERENCE.source})`,
    "y",
  );
  const stack: string[] = [];
  const elements: string[] = [];
  let pos = 0;
  let rootClosed = false;
  while (pos < xml.length) {
    token.lastIndex = pos;
    const m = token.exec(xml);
    if (!m) throw new Error(`no token at ${pos}: ${JSON.stringify(xml.slice(pos, pos + 40))}`);
    if (m[1] && pos !== 0) throw new Error("declaration not at the start");
    if (m[2]) {
      if (rootClosed) throw new Error("second root");
      const names = [...m[3]!.matchAll(/\s+([A-Za-z][\w:.-]*)=/g)].map((a) => a[1]);
      if (new Set(names).size !== names.length) throw new Error(`repeated attribute in <${m[2]}>`);
      elements.push(m[2]);
      if (m[4] !== "/") stack.push(m[2]);
      else if (stack.length === 0) rootClosed = true;
    }
    if (m[5]) {
      if (stack.pop() !== m[5]) throw new Error(`</${m[5]}> does not match`);
      if (stack.length === 0) rootClosed = true;
    }
    if ((m[6] || m[7]) && stack.length === 0 && /\S/.test(m[0])) throw new Error("text outside the root");
    pos = token.lastIndex;
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.join("> <")}>`);
  return { elements };
}

describe("exportQdc", () => {
  const xml = exportQdc(CODEBOOK);

  test("writes the declaration, the root in the codebook namespace with its origin, and the codes as nested Code elements", () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="prison-research-platform">\n  <Codes>\n')).toBe(true);
    expect(xml).toContain(
      `    <Code guid="${ID.family}" name="Ģimene" isCodable="false" color="#AA3300">\n      <Description>Attiecības ar ģimeni un bērniem.</Description>\n      <Code guid="${ID.contact}" name="Saziņa" isCodable="true">`,
    );
    expect(xml).toContain(`<Code guid="${ID.letters}" name="Vēstules" isCodable="true"/>`);
    expect(xml.endsWith("  </Codes>\n</CodeBook>\n")).toBe(true);
  });

  test("is well-formed by an independent tokenizer, with one Code per code", () => {
    const { elements } = tokenize(xml);
    expect(elements.filter((e) => e === "Code")).toHaveLength(CODEBOOK.length);
    expect(elements.slice(0, 2)).toEqual(["CodeBook", "Codes"]);
  });

  test("escapes markup characters in text and attributes, and keeps CR as a reference", () => {
    expect(xml).toContain("arī &lt;ierobežojumi&gt; &amp; \"noteikumi\", ko nosaka 'režīms'.&#13;\nOtrā rinda.");
    const odd: QualCode = { id: ID.family, name: 'A & <B> "C" \'D\'', parentId: null, isCodable: true };
    expect(exportQdc([odd])).toContain('name="A &amp; &lt;B&gt; &quot;C&quot; \'D\'"');
  });

  test("follows Codebook.xsd (the import's structure checks find nothing)", () => {
    expect(checkQdcStructure(parseXml(xml).root)).toEqual([]);
  });

  test("takes another origin, escaped", () => {
    expect(exportQdc(CODEBOOK, { origin: 'Pētījums "2026" & co' })).toContain('origin="Pētījums &quot;2026&quot; &amp; co"');
  });

  test("refuses an invalid or empty codebook", () => {
    expect(() => exportQdc([{ id: "x", name: "A", parentId: null, isCodable: true }])).toThrow(/not a GUID/);
    expect(() => exportQdc([])).toThrow(/at least one code/);
  });
});

describe("round trip", () => {
  test("export -> import gives the same codebook: ids are the guids, Latvian and Russian names, descriptions with < & > and quotes", () => {
    expect(codesOf(importQdc(exportQdc(CODEBOOK)))).toEqual(flattenCodebook(CODEBOOK).map((f) => f.code));
  });

  test("also from bytes, with or without a byte order mark", () => {
    const bytes = new TextEncoder().encode(exportQdc(CODEBOOK));
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...bytes]);
    expect(codesOf(importQdc(bytes))).toEqual(codesOf(importQdc(withBom)));
  });

  test("text that only an XML parser would mangle survives: tabs and line ends in names' neighbours, ]]>, leading spaces", () => {
    const tricky: QualCode[] = [
      { id: ID.family, name: "A]]>B", description: "  sākas ar atstarpēm\tun tab\n\nun ]]> beigas  ", parentId: null, isCodable: true },
      { id: ID.contact, name: "Ёлка & «ель»", description: "\r\n", parentId: ID.family, isCodable: false },
    ];
    expect(codesOf(importQdc(exportQdc(tricky)))).toEqual(tricky);
  });
});

describe("importQdc reads other programs' files", () => {
  test("a file with xsi:schemaLocation, Sets, comments, a PI, CDATA, entities and character references", () => {
    const codes = codesOf(importQdc(OTHER_TOOL));
    expect(codes).toEqual([
      {
        id: "1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294",
        name: "Ģimene",
        description: "Attiecības & saziņa ar \"ģimeni\" — arī „radi”",
        color: "#46AA00",
        parentId: null,
        isCodable: false,
      },
      {
        id: "DFE5C38E-9449-5959-A1F7-E3D895CFA87F",
        name: "Saziņa",
        description: "Zvani <bez> ierobežojumiem & un vēstules",
        parentId: "1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294",
        isCodable: true,
      },
      { id: "725f0645-9cd3-598a-8d2b-ec3d39ab3c3f", name: "Tikšanās", color: "#aabbcc", parentId: "1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294", isCodable: true },
      { id: "ECA18D76-2B8B-4F26-BC1D-19ECA19FB3F0", name: "Здоровье", parentId: null, isCodable: true },
    ]);
  });

  test("CRLF line ends and a prefixed namespace instead of the default one", () => {
    const prefixed = `<?xml version="1.0"?>\r\n<q:CodeBook xmlns:q="${QDC_NAMESPACE}">\r\n<q:Codes><q:Code guid="${ID.family}" name="A" isCodable="true"><q:Description>x\r\ny</q:Description></q:Code></q:Codes>\r\n</q:CodeBook>`;
    expect(codesOf(importQdc(prefixed))).toEqual([{ id: ID.family, name: "A", description: "x\ny", parentId: null, isCodable: true }]);
  });

  test("UTF-16 bytes with a byte order mark", () => {
    const text = exportQdc(CODEBOOK).replace('encoding="utf-8"', 'encoding="UTF-16"');
    const bytes = new Uint8Array(2 + text.length * 2);
    bytes.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i += 1) {
      bytes[2 + 2 * i] = text.charCodeAt(i) & 0xff;
      bytes[3 + 2 * i] = text.charCodeAt(i) >> 8;
    }
    expect(codesOf(importQdc(bytes))).toHaveLength(CODEBOOK.length);
  });
});

describe("malformed XML is refused with its line", () => {
  const head = `<?xml version="1.0" encoding="utf-8"?>\n<CodeBook xmlns="${QDC_NAMESPACE}">\n<Codes>\n`;
  const code = `<Code guid="${ID.family}" name="A" isCodable="true"/>`;
  test.each([
    ["an unclosed element", `${head}${code}\n</Codes>\n`, 6, /<CodeBook> opened on line 2 is never closed/],
    ["a mismatched end tag", `${head}${code}\n</Code>\n</CodeBook>`, 5, /does not match <Codes>/],
    ["an unknown entity", `${head}<Code guid="${ID.family}" name="A &nbsp; B" isCodable="true"/>\n</Codes></CodeBook>`, 4, /unknown entity &nbsp;/],
    ["a bare ampersand", `${head}<Code guid="${ID.family}" name="A" isCodable="true"><Description>A & B</Description></Code>\n</Codes></CodeBook>`, 4, /'&' must start/],
    ["an unquoted attribute", `${head}<Code guid=${ID.family} name="A" isCodable="true"/>\n</Codes></CodeBook>`, 4, /must be in quotes/],
    ["a repeated attribute", `${head}<Code guid="${ID.family}" name="A" name="B" isCodable="true"/>\n</Codes></CodeBook>`, 4, /appears twice/],
    ["'<' in an attribute", `${head}<Code guid="${ID.family}" name="a<b" isCodable="true"/>\n</Codes></CodeBook>`, 4, /'<' is not allowed/],
    ["text after the root", `${head}${code}\n</Codes>\n</CodeBook>\nx`, 7, /text after the root/],
    ["a second root", `${head}${code}\n</Codes>\n</CodeBook>\n<CodeBook/>`, 7, /only one root/],
    ["a DOCTYPE (no DTDs, no entity expansion)", `<?xml version="1.0"?>\n<!DOCTYPE CodeBook [<!ENTITY a "aaaa">]>\n<CodeBook/>`, 2, /DOCTYPE/],
    ["'--' in a comment", `${head}<!-- a -- b -->\n${code}</Codes></CodeBook>`, 4, /'--' is not allowed/],
    ["an unclosed comment", `${head}<!-- a\n\n`, 4, /unclosed comment/],
    ["an unclosed CDATA section", `${head}<Code guid="${ID.family}" name="A" isCodable="true"><Description><![CDATA[abc\n</Description></Code></Codes></CodeBook>`, 4, /unclosed CDATA/],
    ["']]>' in text", `${head}<Code guid="${ID.family}" name="A" isCodable="true"><Description>a ]]> b</Description></Code></Codes></CodeBook>`, 4, /']]>' is not allowed/],
    ["an XML declaration not at the start", `\n<?xml version="1.0"?>\n<CodeBook/>`, 2, /only at the very start/],
    ["a malformed XML declaration", `<?xml encoding="utf-8"?>\n<CodeBook/>`, 1, /malformed XML declaration/],
    ["a control character", `${head}<Code guid="${ID.family}" name="A\u0001" isCodable="true"/></Codes></CodeBook>`, 4, /U\+0001 is not allowed/],
    ["a character reference to a control character", `${head}<Code guid="${ID.family}" name="A&#1;" isCodable="true"/></Codes></CodeBook>`, 4, /&#1; is not a character XML allows/],
    ["an unbound prefix", `${head}<x:Code guid="${ID.family}" name="A" isCodable="true"/></Codes></CodeBook>`, 4, /prefix "x" is not bound/],
    ["an empty file", "", 1, /no root element/],
    ["text before the root", `hello\n<CodeBook/>`, 1, /text before the root/],
    ["a missing space between attributes", `${head}<Code guid="${ID.family}"name="A" isCodable="true"/></Codes></CodeBook>`, 4, /expected a space/],
  ])("%s", (_, text, line, message) => {
    const problems = problemsOf(importQdc(text));
    expect(problems).toEqual([expect.objectContaining({ code: "xml.malformed", line, message: expect.stringMatching(message) })]);
    expect(problems[0]!.message).toContain(`line ${line}`);
  });

  test("bytes that are not UTF-8", () => {
    expect(problemsOf(importQdc(new Uint8Array([0x3c, 0x61, 0xff, 0x3e])))).toEqual([expect.objectContaining({ code: "qdc.encoding" })]);
  });

  test("a declared encoding other than UTF-8 or UTF-16", () => {
    const text = exportQdc(CODEBOOK).replace('encoding="utf-8"', 'encoding="windows-1257"');
    expect(problemsOf(importQdc(text))).toEqual([expect.objectContaining({ code: "qdc.encoding", line: 1 })]);
  });
});

describe("the structure rules of Codebook.xsd", () => {
  const doc = (codes: string, root = `<CodeBook xmlns="${QDC_NAMESPACE}">`, after = "") =>
    `<?xml version="1.0" encoding="utf-8"?>\n${root}\n<Codes>\n${codes}\n</Codes>${after}\n</CodeBook>\n`;
  const G = ID.family;
  test.each([
    ["the root must be CodeBook", `<?xml version="1.0"?>\n<Project xmlns="urn:QDA-XML:project:1.0"/>`, "qdc.root", "/Project", 2],
    ["the root must be in the codebook namespace", doc(`<Code guid="${G}" name="A" isCodable="true"/>`, "<CodeBook>"), "qdc.namespace", "/CodeBook", 2],
    [
      "the namespace is spelt with a dot (urn:QDA-XML:codebook:1:0 is wrong)",
      doc(`<Code guid="${G}" name="A" isCodable="true"/>`, '<CodeBook xmlns="urn:QDA-XML:codebook:1:0">'),
      "qdc.namespace",
      "/CodeBook",
      2,
    ],
    ["every element is in the namespace", doc(`<Code xmlns="urn:other" guid="${G}" name="A" isCodable="true"/>`), "qdc.namespace", "/CodeBook/Codes/Code", 4],
    ["CodeBook needs Codes", `<CodeBook xmlns="${QDC_NAMESPACE}"/>`, "qdc.element_required", "/CodeBook/Codes", 1],
    ["Codes needs at least one Code", doc(""), "qdc.element_required", "/CodeBook/Codes/Code", 3],
    ["Code may not stand directly in CodeBook", `<CodeBook xmlns="${QDC_NAMESPACE}">\n<Code guid="${G}" name="A" isCodable="true"/>\n</CodeBook>`, "qdc.element_required", "/CodeBook/Codes", 1],
    ["Sets comes after Codes", `<CodeBook xmlns="${QDC_NAMESPACE}">\n<Sets/>\n<Codes><Code guid="${G}" name="A" isCodable="true"/></Codes>\n</CodeBook>`, "qdc.element_required", "/CodeBook/Codes", 1],
    ["Codes holds only Code", doc(`<Code guid="${G}" name="A" isCodable="true"/>\n<Set guid="${G}" name="S"/>`), "qdc.unexpected_element", "/CodeBook/Codes/Set", 5],
    ["Description comes before nested codes", doc(`<Code guid="${G}" name="A" isCodable="true">\n<Code guid="${ID.contact}" name="B" isCodable="true"/>\n<Description>x</Description>\n</Code>`), "qdc.unexpected_element", "/CodeBook/Codes/Code/Description", 6],
    ["at most one Description", doc(`<Code guid="${G}" name="A" isCodable="true">\n<Description>x</Description>\n<Description>y</Description>\n</Code>`), "qdc.unexpected_element", "/CodeBook/Codes/Code/Description", 6],
    ["Description holds text only", doc(`<Code guid="${G}" name="A" isCodable="true">\n<Description>x <b>y</b></Description>\n</Code>`), "qdc.unexpected_element", "/CodeBook/Codes/Code/Description/b", 5],
    ["no stray text between codes", doc(`<Code guid="${G}" name="A" isCodable="true"/>\nteksts`), "qdc.unexpected_text", "/CodeBook/Codes", 4],
    ["guid is required", doc(`<Code name="A" isCodable="true"/>`), "qdc.attribute_required", "/CodeBook/Codes/Code/@guid", 4],
    ["name is required", doc(`<Code guid="${G}" isCodable="true"/>`), "qdc.attribute_required", "/CodeBook/Codes/Code/@name", 4],
    ["isCodable is required", doc(`<Code guid="${G}" name="A"/>`), "qdc.attribute_required", "/CodeBook/Codes/Code/@isCodable", 4],
    ["guid follows GUIDType", doc(`<Code guid="1FF58B12-6F6F-4B0C-8BE5" name="A" isCodable="true"/>`), "qdc.invalid_guid", "/CodeBook/Codes/Code/@guid", 4],
    ["a half-braced guid is not a GUIDType", doc(`<Code guid="{${G}" name="A" isCodable="true"/>`), "qdc.invalid_guid", "/CodeBook/Codes/Code/@guid", 4],
    ["isCodable is an xs:boolean", doc(`<Code guid="${G}" name="A" isCodable="yes"/>`), "qdc.invalid_boolean", "/CodeBook/Codes/Code/@isCodable", 4],
    ["color follows RGBType", doc(`<Code guid="${G}" name="A" isCodable="true" color="#12345"/>`), "qdc.invalid_color", "/CodeBook/Codes/Code/@color", 4],
    ["no attributes beyond the schema's", doc(`<Code guid="${G}" name="A" isCodable="true" memo="x"/>`), "qdc.unknown_attribute", "/CodeBook/Codes/Code/@memo", 4],
    ["nested codes are checked too", doc(`<Code guid="${G}" name="A" isCodable="true">\n<Code guid="${ID.contact}" name="B"/>\n<Code guid="${ID.visits}" name="C" isCodable="true"/>\n</Code>`), "qdc.attribute_required", "/CodeBook/Codes/Code/Code[1]/@isCodable", 5],
    ["Sets needs a Set", doc(`<Code guid="${G}" name="A" isCodable="true"/>`, undefined, "\n<Sets/>"), "qdc.element_required", "/CodeBook/Sets/Set", 6],
    ["MemberCode needs a guid", doc(`<Code guid="${G}" name="A" isCodable="true"/>`, undefined, `\n<Sets><Set guid="${G}" name="S"><MemberCode/></Set></Sets>`), "qdc.attribute_required", "/CodeBook/Sets/Set/MemberCode/@guid", 6],
  ])("%s", (_, text, problemCode, path, line) => {
    const problems = problemsOf(importQdc(text));
    expect(problems).toContainEqual(expect.objectContaining({ code: problemCode, path, line }));
  });

  test("all violations are reported at once", () => {
    const problems = problemsOf(importQdc(`<CodeBook xmlns="${QDC_NAMESPACE}">\n<Codes>\n<Code name="A" isCodable="maybe" color="red"/>\n</Codes>\n</CodeBook>`));
    expect(problems.map((p) => p.code).sort()).toEqual(["qdc.attribute_required", "qdc.invalid_boolean", "qdc.invalid_color"]);
  });

  test("a well-formed, schema-valid file whose codes break the model is refused with the Code's line", () => {
    const text = doc(`<Code guid="${ID.family}" name="Ģimene" isCodable="true"/>\n<Code guid="${ID.contact}" name="ģimene" isCodable="true"/>\n<Code guid="${ID.family}" name="C" isCodable="true"/>`);
    const problems = problemsOf(importQdc(text));
    expect(problems.map((p) => [p.code, p.line])).toEqual([
      ["code.duplicate_name", 5],
      ["code.duplicate_id", 6],
    ]);
  });

  test("an empty name is schema-valid but not a code", () => {
    expect(problemsOf(importQdc(doc(`<Code guid="${ID.family}" name=" " isCodable="true"/>`)))).toEqual([expect.objectContaining({ code: "code.name_required", line: 4 })]);
  });
});

describe("the XML parser", () => {
  test("resolves entities, character references and CDATA, and normalises attribute whitespace", () => {
    const { root, declaration } = parseXml(`<?xml version="1.0" standalone="yes"?><a b="x&#10;y\tz&amp;&lt;&gt;&quot;&apos;">&#x1F600;<![CDATA[<&>]]>&#233;</a>`);
    expect(declaration).toEqual({ version: "1.0", encoding: null, standalone: true });
    expect(root.attributes[0]!.value).toBe("x\ny z&<>\"'");
    expect(textOf(root)).toBe("😀<&>é");
  });

  test("resolves namespaces per scope and reports the line and column of each element", () => {
    const { root } = parseXml(`<a xmlns="urn:a" xmlns:p="urn:p">\n  <p:b><c xmlns=""/></p:b>\n</a>`);
    const b = root.children.find((c): c is XmlElement => c.type === "element")!;
    const c = b.children[0] as XmlElement;
    expect([root.namespace, b.namespace, b.local, b.prefix, c.namespace]).toEqual(["urn:a", "urn:p", "b", "p", null]);
    expect([b.line, b.column]).toEqual([2, 3]);
  });

  test("throws XmlSyntaxError carrying line and column", () => {
    const error = (() => {
      try {
        parseXml("<a>\n  <b></c>\n</a>");
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(XmlSyntaxError);
    expect(error).toMatchObject({ line: 2, column: 6 });
  });

  test("walks deep nesting without exhausting the stack", () => {
    const depth = 20_000;
    const { root } = parseXml(`${"<a>".repeat(depth)}x${"</a>".repeat(depth)}`);
    let node: XmlElement = root;
    let levels = 1;
    while (node.children[0]?.type === "element") {
      node = node.children[0];
      levels += 1;
    }
    expect(levels).toBe(depth);
  });
});
