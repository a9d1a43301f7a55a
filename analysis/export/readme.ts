/**
 * The short text that travels with every export (README.txt in the ZIP, the sheet "Par datiem" in the
 * workbook, `readme` in JSON): what the files are and which rules made them, first in Latvian, then in
 * English. An export read a year later, away from the platform, must still say how it was made.
 */
import type { LocalizedText } from "../types.ts";
import { HIDDEN, OTHER_SITE } from "./coarsen.ts";
import { ENTRY_CODE_MARKERS, ENTRY_CODE_NUMBERS } from "./entry-codes.ts";
import type { ExportPlan } from "./plan.ts";

export type ExportFormat = "csv" | "xlsx" | "json";

export interface ReadmeMeta {
  study: string;
  generatedOn: string;
  rows: number;
  instruments: { id: string; title: LocalizedText }[];
  format: ExportFormat;
}

type Lang = "lv" | "en";

const FILES: Record<ExportFormat, Record<Lang, string[]>> = {
  csv: {
    lv: [
      "data.csv — dati: viena rinda katrai atbildei, viena kolonna katram jautājumam (UTF-8 ar BOM, komats, CRLF, RFC 4180).",
      "codebook.csv — kodu grāmata: katras kolonnas nosaukums un SPSS nosaukums, jautājums latviski un angliski, tips, vērtības un to nozīme, trūkstošās vērtības.",
      "load-in-spss.sps — SPSS sintakse, kas ielasa data.csv ar mainīgo un vērtību nosaukumiem un trūkstošajām vērtībām.",
      "README.txt — šis apraksts.",
    ],
    en: [
      "data.csv — the data: one row per response, one column per question (UTF-8 with BOM, comma, CRLF, RFC 4180).",
      "codebook.csv — the codebook: each column's name and SPSS name, question in Latvian and English, type, values and their meaning, missing values.",
      "load-in-spss.sps — SPSS syntax that reads data.csv with variable labels, value labels and missing values.",
      "README.txt — this description.",
    ],
  },
  xlsx: {
    lv: ["Lapa „Dati” — viena rinda katrai atbildei, viena kolonna katram jautājumam.", "Lapa „Kodu grāmata” — katras kolonnas apraksts.", "Lapa „Par datiem” — šis apraksts."],
    en: ['Sheet "Dati" — the data: one row per response, one column per question.', 'Sheet "Kodu grāmata" — the codebook: what each column is.', 'Sheet "Par datiem" — this description.'],
  },
  json: {
    lv: ["codebook — katras kolonnas apraksts; rows — viena vērtību kopa katrai atbildei (null = nav atbildēts vai netika rādīts)."],
    en: ["codebook — what each column is; rows — one object per response (null = not answered or not shown)."],
  },
};

function rulesText(plan: ExportPlan, meta: ReadmeMeta, lang: Lang): string[] {
  const r = plan.rules;
  const lv = lang === "lv";
  const lines: string[] = [];
  if (r.detail === "coarsened") {
    lines.push(lv ? "Detalizācija: rupināta (detail=coarsened)." : "Detail: coarsened (detail=coarsened).");
    for (const o of r.omitted) lines.push(lv ? `Izņemts ${o.name}: ${o.reason.lv}.` : `Left out ${o.name}: ${o.reason.en}.`);
    for (const b of r.banded) lines.push(lv ? `${b.name} (no ${b.from}): ${b.rule.lv}.` : `${b.name} (from ${b.from}): ${b.rule.en}.`);
    const sites = r.sitesAsOther.length > 0 ? r.sitesAsOther.join(", ") : lv ? "neviena" : "none";
    lines.push(
      lv
        ? `Ieslodzījuma vietas ar mazāk nekā ${r.threshold} atbildēm šajā eksportā apzīmētas „${OTHER_SITE}”; ja tāda būtu tikai viena, arī nākamā mazākā. Šajā eksportā: ${sites}.`
        : `Prisons with fewer than ${r.threshold} responses in this export are shown as "${OTHER_SITE}"; when that would be only one, the next smallest too. In this export: ${sites}.`,
    );
    const k = r.threshold;
    const hidden = r.hiddenRows ?? { ageGroup: 0, channel: 0, submittedOn: 0 };
    lines.push(
      lv
        ? `Mazas grupas (k = ${k}): blakus atbildēm redzams instruments, ieslodzījuma vieta (kā parādīta), vecuma grupa, kanāls un mēnesis, un kopā tie varētu norādīt uz konkrētiem cilvēkiem (piem., trīs nepilngadīgie vienā cietumā). Tāpēc katram instrumentam un vietai vecuma grupa, kurā ir 1 līdz ${k - 1} atbildes, aizstāta ar „${HIDDEN}” („slēpts (maza grupa)”); tāpat arī atbilde uz vecuma jautājumu (age_band, prisoner_age_band), kas vecuma grupu atklātu. Pēc tam tāpat — kanāls (channel) katrā instrumenta, vietas un vecuma grupas kombinācijā un mēnesis (submittedOn) katrā instrumenta, vietas, vecuma grupas un kanāla kombinācijā. Ja slēpto rindu grupā būtu mazāk nekā ${k} (arī, ja slēpta būtu tikai viena vērtība), slēpta arī nākamā mazākā vērtība, tāpēc slēptās vērtības nevar atgūt, atņemot redzamās no kopskaita. Tā katrā instrumenta, vietas, vecuma grupas, kanāla un mēneša kombinācijā ir 0 vai vismaz ${k} rindas (ja vien instrumentam no vienas vietas nav mazāk nekā ${k} atbilžu — tad šīm rindām slēpti visi trīs). Mēnesis netiek aizstāts ar ceturksni: arī ceturksnī mazā vietā var būt tikpat maz atbilžu. Šajā eksportā „${HIDDEN}”: vecuma grupa ${hidden.ageGroup} rindās, kanāls ${hidden.channel}, mēnesis ${hidden.submittedOn}.`
        : `Small groups (k = ${k}): beside the answers the export shows the instrument, prison (as shown), age group, channel and month, which together could point to particular people (three minors in one prison, say). So, for each instrument and prison, an age group with 1 to ${k - 1} responses is replaced by "${HIDDEN}" ("hidden (small group)"), and so is the answer to the age question (age_band, prisoner_age_band), which would give the age group away. Then, in the same way, the channel within each combination of instrument, prison and age group, and the month (submittedOn) within each combination of instrument, prison, age group and channel. Were fewer than ${k} rows of a group hidden (as when only one value would be), the next smallest value is hidden too, so hidden values cannot be had back by subtracting the shown ones from a total. Every combination of instrument, prison, age group, channel and month thus has 0 or at least ${k} rows (unless an instrument has fewer than ${k} responses from one prison; then all three are hidden for those rows). A month is not widened to its quarter: a quarter of a small prison can hold as few responses as its month. "${HIDDEN}" in this export: age group in ${hidden.ageGroup} rows, channel in ${hidden.channel}, month in ${hidden.submittedOn}.`,
    );
  } else {
    lines.push(
      lv
        ? "Detalizācija: pilna (detail=full) — precīzas vērtības un īstās ieslodzījuma vietas. KONFIDENCIĀLI: tikai pētniekiem, nepublicēt un nenodot tālāk."
        : "Detail: full (detail=full) — exact values and real prisons. CONFIDENTIAL: for the researchers only; do not publish or pass on.",
    );
  }
  lines.push(
    r.freeText === "include"
      ? lv
        ? "Brīvā teksta atbildes iekļautas. Personas kodi, tālruņu numuri un e-pasta adreses aizstāti ar marķieriem ([personas kods], [tālrunis], [e-pasts]) saņemot un vēlreiz eksportējot."
        : "Free-text answers are included. Personal codes, phone numbers and e-mail addresses were replaced by markers ([personas kods], [tālrunis], [e-pasts]) on arrival and again on export."
      : lv
        ? "Brīvā teksta atbildes nav iekļautas (freeText=omit)."
        : "Free-text answers are left out (freeText=omit).",
  );
  if (r.freeText === "include" && meta.format === "csv") {
    lines.push(
      lv
        ? "data.csv: rindu pārnesumi brīvajā tekstā aizstāti ar „ ¶ ”; teksts, kas sākas ar = + - @, sākas ar apostrofu, lai Excel to neuztvertu kā formulu."
        : 'data.csv: line breaks in free text are replaced by " ¶ "; text starting with = + - @ starts with an apostrophe so that Excel does not take it for a formula.',
    );
  }
  lines.push(
    lv
      ? "Rindu secība ir nejauša un katram eksportam cita (HMAC-SHA256 no iekšējā atbildes identifikatora ar vienreizēju nejaušu atslēgu); tā neatklāj, kādā secībā atbildes saņemtas. Dati nesatur atbilžu, ierīču vai saišu identifikatorus; datums ir tikai diena, bez laika" + (r.detail === "coarsened" ? ", un šajā eksportā tikai mēnesis." : ".")
      : "Rows are in a random order, different for every export (HMAC-SHA256 of the internal response id under a random key used once); it reveals nothing about the order in which responses arrived. The data hold no response, device or link ids; the date is the day only, no time" + (r.detail === "coarsened" ? ", and in this export the month only." : "."),
    r.labels === "values"
      ? lv
        ? "Vērtības ir kodi (labels=values); to nozīme ir kodu grāmatā."
        : "Values are codes (labels=values); the codebook gives their meaning."
      : lv
        ? "Vērtības ir latviskie nosaukumi (labels=text); kodi ir kodu grāmatā."
        : "Values are the Latvian labels (labels=text); the codebook lists the codes.",
    lv
      ? "Jautājumi ar vienādu nosaukumu vairākos instrumentos (piem., jauniešu un senioru anketas 3.–11. jautājums) apvienoti vienā kolonnā."
      : "Questions with the same name in several instruments (e.g. youth and seniors questions 3-11) are pooled into one column.",
    lv
      ? "Vairākizvēles jautājums: viena kolonna katram variantam, <jautājums>__<vērtība>; 1 = atzīmēts, 0 = jautājums atbildēts, bet variants nav atzīmēts, tukšs = jautājums nav atbildēts vai netika rādīts."
      : "Multiple choice: one column per option, <question>__<value>; 1 = ticked, 0 = question answered but option not ticked, empty = question not answered or not shown.",
    lv
      ? "Tukša šūna = nav atbildēts vai jautājums netika rādīts; „no-opportunity” = nav bijusi iespēja novērtēt (nav skalas vērtība)."
      : 'An empty cell = not answered, or the question was not shown; "no-opportunity" = had no opportunity to rate (not a value on the scale).',
    lv
      ? `Papīra anketas: ja ievadītājs jautājumu atzīmējis kā nesalasāmu vai atstātu tukšu, šūnā ir kods ${ENTRY_CODE_NUMBERS.unreadable} = nesalasāms vai ${ENTRY_CODE_NUMBERS.blank} = atstāts tukšs (izvēles, vērtējuma tabulu rindu un skaitļu jautājumos; kolonnā, kuras vērtības sniedzas līdz 97, — nākamie skaitļi virs tām, skat. kodu grāmatu); vairākizvēles jautājumam kods ir visās tā kolonnās <jautājums>__<vērtība>; brīvajā tekstā „${ENTRY_CODE_MARKERS.unreadable}” vai „${ENTRY_CODE_MARKERS.blank}”. Tie nav atbildes: SPSS tie ir lietotāja trūkstošās vērtības, un pirms vidējo aprēķināšanas citās programmās tie jāizslēdz.`
      : `Paper forms: where the person typing a form in marked a question unreadable or left blank, the cell holds the code ${ENTRY_CODE_NUMBERS.unreadable} = unreadable or ${ENTRY_CODE_NUMBERS.blank} = left blank (choice questions, rows of rating tables and number questions; in a column whose values reach 97, the next numbers above them, see the codebook); a multiple-choice question has the code in every one of its <question>__<value> columns; free text holds "${ENTRY_CODE_MARKERS.unreadable}" or "${ENTRY_CODE_MARKERS.blank}". They are not answers: SPSS has them as user-missing values, and in other programs they must be left out before averaging.`,
  );
  if (meta.format === "csv") {
    lines.push(
      lv
        ? "SPSS mainīgo nosaukumi: zīmes, kas nav burti, cipari vai „_”, aizstātas ar „_”; nosaukums sākas ar burtu (citādi „v_”), ne garāks par 64 baitiem (garākiem — saīsinājums un jaucējkods), atkārtojumiem „_2”, „_3”. Skat. codebook.csv kolonnu spss_variable."
        : 'SPSS variable names: characters other than letters, digits and "_" become "_"; a name starts with a letter (else "v_"), is at most 64 bytes (longer ones are cut and get a hash), repeats get "_2", "_3". See codebook.csv, column spss_variable.',
    );
  }
  return lines;
}

/**
 * The README text in Latvian, then English, as lines (the caller joins them with its line ends).
 * @example readmeLines(plan, { study: "Pavasara vilnis", generatedOn: "2026-03-02", rows: 40, instruments, format: "csv" })
 */
export function readmeLines(plan: ExportPlan, meta: ReadmeMeta): string[] {
  const section = (lang: Lang): string[] => {
    const lv = lang === "lv";
    return [
      lv ? `ANONIMIZĒTI DATI — ${meta.study}` : `ANONYMISED DATA — ${meta.study}`,
      lv ? `Sagatavots: ${meta.generatedOn}. Atbildes (rindas): ${meta.rows}.` : `Generated: ${meta.generatedOn}. Responses (rows): ${meta.rows}.`,
      lv ? "Instrumenti:" : "Instruments:",
      ...meta.instruments.map((i) => `  ${i.id} — ${i.title[lang]}`),
      "",
      lv ? "Saturs:" : "Contents:",
      ...FILES[meta.format][lang].map((l) => `  ${l}`),
      "",
      lv ? "Piemērotie noteikumi:" : "Rules applied:",
      ...rulesText(plan, meta, lang).map((l) => `  - ${l}`),
    ];
  };
  return [...section("lv"), "", "----------------------------------------", "", ...section("en"), ""];
}
