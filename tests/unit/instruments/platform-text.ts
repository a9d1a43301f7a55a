/**
 * Latvian text in the instruments that is not the study's wording, with the reason it exists. The
 * fidelity test accepts these and nothing else that the appendices do not contain.
 */
export const PLATFORM_TEXT: Readonly<Record<string, string>> = {
  "Paldies!": "heading of the thank-you page after submitting; the appendices end without one",
  "Jūsu atbildes ir saglabātas.": "thank-you page, as above",
  "Lūdzu, norādiet vecumu no 14 līdz 17 gadiem.": "error shown when the exact age of a minor is outside 14-17",
  "Vērtējums": "header of the rating column of a rating table; the paper table has only the scale points",
  "Pasākums": "header of the column where the respondent names an activity; on paper it is a blank line",
  "Aktivitāte": "header of the column where the respondent names another activity ('Citas aktivitātes')",
  "1)": "row label of the 'name up to three activities' tables, as on paper",
  "2)": "row label, as above",
  "3)": "row label, as above",
  "a)": "row label of 'Citas aktivitātes (lūdzu norādiet)', as on paper",
  "b)": "row label, as above",
  "no 18 gadiem līdz 25 gadiem": "mothers' interview (appendix 11) asks the age in the bands of the mothers' questionnaire (appendix 9), so both map to the same age groups",
  "no 26 gadiem un vairāk": "as above",
  "Līdz 1 gadam": "mothers' interview asks the child's age in the bands of the mothers' questionnaire (appendix 9)",
  "1 gads": "as above",
  "2 gadi": "as above",
  "3 gadi": "as above",
  "4 gadi": "as above",
  "Vadība": "interviewee position band: a written-in position would identify staff in a small prison",
  "Uzraudzība un apsardze": "position band",
  "Sociālais darbs un resocializācija": "position band",
  "Psihologs": "position band",
  "Ārstniecības persona": "position band",
  "Izglītība un brīvā laika pasākumi": "position band",
  "Cits amats": "position band",
  "Mazāk nekā 1 gadu": "time-in-post band: exact years would identify staff",
  "1–5 gadus": "time band",
  "6–10 gadus": "time band",
  "Vairāk nekā 10 gadus": "time band",
};

/**
 * Texts the PDF extraction splits because two columns were interleaved: each is checked piece by piece.
 * The pieces joined with a space must give the text.
 */
export const INTERLEAVED_TEXT: readonly { appendix: number; text: string; pieces: readonly string[] }[] = [
  {
    // Youth question 3's last choice; question 4 stands between its two halves in the extraction.
    appendix: 1,
    text: "Resocializācijas programmas (piemēram, nodarbības, kas veicina pozitīvas domāšanas attīstību, atbildīgas uzvedības veidošanos un palīdz pārvarēt atkarības)",
    pieces: [
      "Resocializācijas programmas (piemēram, nodarbības, kas veicina pozitīvas domāšanas attīstību,",
      "atbildīgas uzvedības veidošanos un palīdz pārvarēt atkarības)",
    ],
  },
];
