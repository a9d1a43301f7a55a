/**
 * Re-anchoring codings after their text changed: the nearest occurrence of an excerpt, a span in an edited
 * note, and a span of a transcript whose segments were replaced and renumbered (which segment wins). Offsets
 * are UTF-16 code units, so Latvian letters and a character outside the BMP are in the texts.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { nearestOccurrence, reanchorSpan, reanchorTranscriptSpan, type ReanchorSegment } from "../../../analysis/qualitative/reanchor.ts";

describe("nearestOccurrence", () => {
  test.each([
    ["the only occurrence", "saziņa ar ģimeni", "ģimeni", 0, 10],
    ["the nearest of three", "ja, ja un vēlreiz ja", "ja", 10, 4],
    ["the nearest after the old start", "ja, ja un vēlreiz ja", "ja", 15, 18],
    ["the earlier on a tie", "ab__ab", "ab", 2, 0],
    ["overlapping occurrences count", "aaaa", "aaa", 1, 1],
    ["an old start past the text", "tēma", "tēma", 99, 0],
    ["none", "saziņa ar ģimeni", "vēstules", 0, null],
    ["an empty excerpt is never found", "saziņa", "", 0, null],
    ["a character outside the BMP counts two units", "😀 ģimene 😀 ģimene", "ģimene", 12, 13],
  ])("%s", (_name, text, excerpt, near, expected) => {
    expect(nearestOccurrence(text, excerpt, near)).toBe(expected);
  });
});

describe("reanchorSpan", () => {
  const note = "Grūtākais ir saziņa ar ģimeni: zvanīt drīkst reti.";
  const span = { start: 13, end: 29, text: "saziņa ar ģimeni" };

  test("the span stays where the text there is still the excerpt", () => {
    expect(note.slice(span.start, span.end)).toBe(span.text);
    expect(reanchorSpan(note, span)).toEqual({ start: 13, end: 29 });
    expect(reanchorSpan(`${note} Un vēl saziņa ar ģimeni.`, span)).toEqual({ start: 13, end: 29 });
  });

  test.each([
    ["a word typed before it", `Tiešām ${note}`, 20],
    ["words deleted before it", note.replace("Grūtākais ir ", ""), 0],
    ["an edit inside the text before it (Ā is one unit, 😀 two)", note.replace("Grūtākais", "Grūtākais 😀 Ā"), 18],
  ])("it moves after %s", (_name, text, start) => {
    expect(reanchorSpan(text, span)).toEqual({ start, end: start + span.text.length });
    expect(text.slice(start, start + span.text.length)).toBe(span.text);
  });

  test("of two occurrences the one nearest the old start wins", () => {
    const text = "Saziņa ar ģimeni? Jā. Grūtākais ir saziņa ar ģimeni, saka viņš.";
    const found = reanchorSpan(text, span)!;
    expect(found.start).toBe(text.lastIndexOf("saziņa ar ģimeni"));
    // Case counts: "Saziņa" at 0 is another text.
    expect(reanchorSpan("Saziņa ar ģimeni.", span)).toBeNull();
  });

  test("null when the excerpt was edited away", () => {
    expect(reanchorSpan("Grūtākais ir saziņa ar bērniem.", span)).toBeNull();
    expect(reanchorSpan("", span)).toBeNull();
  });

  test("whatever the edit, a span found covers exactly the excerpt, and one is found whenever the text holds it", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 40 }), fc.string({ minLength: 1, maxLength: 8 }), fc.nat(60), fc.nat(60), (text, excerpt, near, cut) => {
        const edited = text.slice(0, cut) + excerpt + text.slice(cut);
        const found = reanchorSpan(edited, { start: near, end: near + excerpt.length, text: excerpt });
        expect(found).not.toBeNull();
        expect(edited.slice(found!.start, found!.end)).toBe(excerpt);
        // Nothing nearer was skipped.
        const nearest = Math.abs(found!.start - near);
        for (let at = 0; at + excerpt.length <= edited.length; at++) {
          if (edited.startsWith(excerpt, at)) expect(Math.abs(at - near)).toBeGreaterThanOrEqual(nearest);
        }
      }),
    );
  });
});

describe("reanchorTranscriptSpan", () => {
  const intro = "Ievads: runājām par darbu un mācībām.";
  const first = "Jaunieši stāsta, ka saziņa ar ģimeni ir par retu.";
  /** A span of `first` as segment 2 (of question challenges_in_work). */
  const span = { seq: 2, questionKey: "challenges_in_work", start: 20, end: 36, text: "saziņa ar ģimeni", segmentText: first };
  const seg = (seq: number, questionKey: string | null, text: string): ReanchorSegment => ({ seq, questionKey, text });

  test("in the same segment, unchanged or moved", () => {
    expect(first.slice(span.start, span.end)).toBe(span.text);
    expect(reanchorTranscriptSpan([seg(1, null, intro), seg(2, "challenges_in_work", first)], span)).toEqual({
      seq: 2,
      questionKey: "challenges_in_work",
      start: 20,
      end: 36,
    });
    expect(reanchorTranscriptSpan([seg(1, null, intro), seg(2, "challenges_in_work", `Nu, ${first}`)], span)).toMatchObject({ seq: 2, start: 24, end: 40 });
  });

  test("a segment inserted in front: the span follows its segment to the next seq", () => {
    const segments = [seg(1, null, "Sākums."), seg(2, null, intro), seg(3, "challenges_in_work", first)];
    expect(reanchorTranscriptSpan(segments, span)).toEqual({ seq: 3, questionKey: "challenges_in_work", start: 20, end: 36 });
  });

  test("the old segment moved whole beats another segment now at the old seq that holds the same words", () => {
    const segments = [seg(1, null, intro), seg(2, "most_useful_activities", "Arī te: saziņa ar ģimeni."), seg(3, "challenges_in_work", first)];
    expect(reanchorTranscriptSpan(segments, span)).toMatchObject({ seq: 3, start: 20 });
    // Without the old text, the segment at the same seq comes first.
    expect(reanchorTranscriptSpan(segments, { ...span, segmentText: undefined })).toMatchObject({ seq: 2, questionKey: "most_useful_activities", start: 8 });
  });

  test("the segment edited and moved: same seq first, then the same question, then anywhere", () => {
    const edited = `Vēlreiz: ${first}`;
    // Seq 2 does not hold it; of the two segments of the question, the one nearest seq 2.
    const segments = [
      seg(1, "challenges_in_work", "Par ģimeni: saziņa ar ģimeni."),
      seg(2, null, intro),
      seg(3, "challenges_in_work", edited),
      seg(4, null, "Beigās: saziņa ar ģimeni."),
    ];
    expect(reanchorTranscriptSpan(segments, span)).toMatchObject({ seq: 1, questionKey: "challenges_in_work" });
    expect(reanchorTranscriptSpan(segments.slice(1), span)).toMatchObject({ seq: 3, questionKey: "challenges_in_work", start: 29 });
    // The question is gone from the transcript: any segment, nearest seq first.
    expect(reanchorTranscriptSpan([seg(1, null, intro), seg(2, null, "Nekā."), seg(3, null, `Cits: ${first}`)], span)).toEqual({
      seq: 3,
      questionKey: null,
      start: 26,
      end: 42,
    });
  });

  test("a span of a segment tied to no question looks among such segments before the others", () => {
    const loose = { seq: 1, questionKey: null, start: 8, end: 15, text: "runājām", segmentText: intro };
    const segments = [seg(1, "challenges_in_work", "Mēs runājām."), seg(2, "most_useful_activities", "Arī runājām."), seg(3, null, `Labi. ${intro}`)];
    expect(reanchorTranscriptSpan(segments, { ...loose, segmentText: undefined })).toMatchObject({ seq: 1 });
    expect(reanchorTranscriptSpan(segments.slice(1), loose)).toEqual({ seq: 3, questionKey: null, start: 14, end: 21 });
  });

  test("null when no segment holds the excerpt, or there are none", () => {
    expect(reanchorTranscriptSpan([seg(1, null, intro), seg(2, "challenges_in_work", "Par ģimeni neko.")], span)).toBeNull();
    expect(reanchorTranscriptSpan([], span)).toBeNull();
  });
});
