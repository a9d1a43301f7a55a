/**
 * The Results page's own words in Latvian, English and Russian (Latvian first). Words the PDF report also uses
 * (headings, table headers, test names, the "how to read" notes) are not repeated here: the page takes them from
 * analysis/report-text.ts so that the screen and the report a researcher hands on say the same thing. Each
 * language is a complete `ResultsText`, so a string missing in one language does not compile.
 */
import type { Locale } from "../../../../analysis/types.ts";
import type { EffectMagnitude } from "./format.ts";

export interface ResultsText {
  pageTitle: string;

  /** Form */
  controlsTitle: string;
  instrumentsLegend: string;
  instrumentsNone: string;
  studyWithoutInstruments: string;
  selectAll: string;
  selectNone: string;
  titlesUnavailable: string;
  groupingLegend: string;
  groupingAgeGroup: string;
  groupingNote: string;
  modeLegend: string;
  modePublishedLabel: string;
  modeInternalLabel: string;
  analystPublishedOnly: string;
  roleWithoutAccess: string;
  showResults: string;
  computing(seconds: string): string;
  /** Said once by screen readers when the computing starts (the ticking seconds are not read out). */
  computingNow: string;
  cancel: string;
  staleNote: string;

  /** PDF */
  pdfTitle: string;
  pdfLanguage: string;
  languageNames: Record<Locale, string>;
  downloadPdf: string;
  preparingPdf(seconds: string): string;
  preparingPdfNow: string;
  pdfSaved(file: string): string;
  pdfNote: string;
  pdfFailed: string;

  /** Problems */
  problem: {
    signedOut: string;
    signedOutDo: string;
    forbidden: string;
    forbiddenDo: string;
    notFound: string;
    notFoundDo: string;
    invalid: string;
    invalidDo: string;
    network: string;
    networkDo: string;
    server: string;
    serverDo: string;
    unexpected: string;
    unexpectedDo: string;
    serverSays: string;
    code: string;
    tryAgain: string;
  };

  /** Results */
  emptyState: string;
  internalBanner: string;
  resultsHeading(study: string): string;
  noResponses: string;
  noItems: string;
  backToContents: string;
  askedInGroup: string;
  itemCount(n: string): string;
  countsNote: string;
  quartiles: string;
  quartilesNote: string;
  countInBrackets: string;
  effect(name: string, magnitude: string): string;
  magnitudes: Record<EffectMagnitude, string>;
  pairwiseShow(n: string): string;
  commentsColumn: string;
  commentsTotal(n: string): string;
  showComments(n: string): string;
  commentsFromGroupsNotShown: string;
  chartLikert(question: string): string;
  chartChoice(question: string): string;
  barLabel(group: string, n: string, parts: string): string;
  noBar(group: string, reason: string): string;
  legendTitle: string;
  groupsLegend: string;
}

const lv: ResultsText = {
  pageTitle: "Rezultāti",

  controlsTitle: "Ko analizēt",
  instrumentsLegend: "Instrumenti",
  instrumentsNone: "Izvēlieties vismaz vienu instrumentu.",
  studyWithoutInstruments: "Šajā pētījumā nav neviena instrumenta.",
  selectAll: "Atzīmēt visus",
  selectNone: "Noņemt visus",
  titlesUnavailable: "Instrumentu nosaukumus neizdevās ielādēt, tāpēc rādīti to identifikatori.",
  groupingLegend: "Grupēšana",
  groupingAgeGroup: "Pēc vecuma grupas",
  groupingNote: "Pagaidām rezultātus var grupēt tikai pēc vecuma grupas.",
  modeLegend: "Rezultātu veids",
  modePublishedLabel: "Publicējami — mazas grupas aizsargātas",
  modeInternalLabel: "Iekšēji — precīzi skaitļi, konfidenciāli",
  analystPublishedOnly:
    "Analītiķi redz tikai publicējamos rezultātus, kuros mazas grupas ir aizsargātas. Precīzi iekšējie rezultāti ir pieejami tikai administratoriem un pētniekiem.",
  roleWithoutAccess: "Rezultāti ir pieejami administratoriem, pētniekiem un analītiķiem. Intervētāja lomai tiem piekļuves nav.",
  showResults: "Rādīt rezultātus",
  computing: (s) => `Aprēķina rezultātus… ${s} s`,
  computingNow: "Aprēķina rezultātus…",
  cancel: "Atcelt",
  staleNote: "Izvēle ir mainīta. Nospiediet „Rādīt rezultātus“, lai rezultāti tai atbilstu.",

  pdfTitle: "PDF pārskats",
  pdfLanguage: "Pārskata valoda",
  languageNames: { lv: "latviešu", ru: "krievu", en: "angļu" },
  downloadPdf: "Lejupielādēt PDF",
  preparingPdf: (s) => `Sagatavo PDF… ${s} s`,
  preparingPdfNow: "Sagatavo PDF…",
  pdfSaved: (file) => `PDF saglabāts: ${file}`,
  pdfNote: "Pārskatā būs augstāk izvēlētie instrumenti un rezultātu veids.",
  pdfFailed: "PDF neizdevās sagatavot.",

  problem: {
    signedOut: "Jūsu sesija ir beigusies.",
    signedOutDo: "Lūdzu, pierakstieties vēlreiz un atveriet rezultātus no jauna.",
    forbidden: "Jums nav tiesību skatīt šos rezultātus.",
    forbiddenDo: "Ja tie Jums ir vajadzīgi darbam, vērsieties pie pētījuma administratora.",
    notFound: "Pētījums vai instruments nav atrasts.",
    notFoundDo: "Atjaunojiet lapu un izvēlieties pētījumu no saraksta vēlreiz.",
    invalid: "Serveris nepieņēma šo pieprasījumu.",
    invalidDo: "Pārbaudiet izvēlētos instrumentus un mēģiniet vēlreiz.",
    network: "Nav savienojuma ar serveri.",
    networkDo: "Pārbaudiet tīkla savienojumu un mēģiniet vēlreiz.",
    server: "Serverī radās kļūda.",
    serverDo: "Mēģiniet vēlreiz pēc brīža. Ja kļūda atkārtojas, ziņojiet administratoram.",
    unexpected: "Serveris atbildēja negaidītā veidā.",
    unexpectedDo: "Atjaunojiet lapu un mēģiniet vēlreiz. Ja kļūda atkārtojas, ziņojiet administratoram.",
    serverSays: "Servera ziņojums",
    code: "kods",
    tryAgain: "Mēģināt vēlreiz",
  },

  emptyState: "Izvēlieties instrumentus un rezultātu veidu, tad nospiediet „Rādīt rezultātus“.",
  internalBanner: "Konfidenciāli — nav publicēšanai",
  resultsHeading: (study) => `Rezultāti: ${study}`,
  noResponses: "Izvēlētajiem instrumentiem vēl nav nevienas atbildes.",
  noItems: "Izvēlētajos instrumentos nav jautājumu, ko analizēt.",
  backToContents: "Uz saturu",
  askedInGroup: "Jautāts",
  itemCount: (n) => `jautājumi: ${n}`,
  countsNote: "Šūnās — procenti no bāzes, zem tiem — respondentu skaits.",
  quartiles: "Q1–Q3",
  quartilesNote: "Q1–Q3 — kvartiļi: vidējā puse vērtējumu ir šajā robežās.",
  countInBrackets: "skaits",
  effect: (name, magnitude) => `Efekta lielums (${name}): ${magnitude}.`,
  magnitudes: { negligible: "niecīgs", small: "neliels", medium: "vidējs", large: "liels" },
  pairwiseShow: (n) => `Pāru salīdzinājumi (${n})`,
  commentsColumn: "Komentāri",
  commentsTotal: (n) => `Komentāri kopā: ${n}`,
  showComments: (n) => `Rādīt komentārus (${n})`,
  commentsFromGroupsNotShown: "Citas atbildes (grupa netiek rādīta)",
  chartLikert: (q) => `Vērtējumu sadalījums pa grupām: ${q}`,
  chartChoice: (q) => `Atbilžu sadalījums: ${q}`,
  barLabel: (group, n, parts) => `${group}, n = ${n}: ${parts}`,
  noBar: (group, reason) => `${group}: ${reason}`,
  legendTitle: "Apzīmējumi",
  groupsLegend: "Grupas",
};

const en: ResultsText = {
  pageTitle: "Results",

  controlsTitle: "What to analyse",
  instrumentsLegend: "Instruments",
  instrumentsNone: "Choose at least one instrument.",
  studyWithoutInstruments: "This study has no instruments.",
  selectAll: "Select all",
  selectNone: "Clear",
  titlesUnavailable: "The instruments' titles could not be loaded, so their identifiers are shown.",
  groupingLegend: "Grouping",
  groupingAgeGroup: "By age group",
  groupingNote: "For now, results can only be grouped by age group.",
  modeLegend: "Kind of results",
  modePublishedLabel: "For publication — small groups protected",
  modeInternalLabel: "Internal — exact numbers, confidential",
  analystPublishedOnly:
    "Analysts see published results only, in which small groups are protected. Exact internal results are available to admins and researchers only.",
  roleWithoutAccess: "Results are available to admins, researchers and analysts. The interviewer role has no access to them.",
  showResults: "Show results",
  computing: (s) => `Computing results… ${s} s`,
  computingNow: "Computing results…",
  cancel: "Cancel",
  staleNote: "The choice has changed. Press “Show results” to bring the results up to date.",

  pdfTitle: "PDF report",
  pdfLanguage: "Report language",
  languageNames: { lv: "Latvian", ru: "Russian", en: "English" },
  downloadPdf: "Download PDF",
  preparingPdf: (s) => `Preparing PDF… ${s} s`,
  preparingPdfNow: "Preparing PDF…",
  pdfSaved: (file) => `PDF saved: ${file}`,
  pdfNote: "The report covers the instruments and the kind of results chosen above.",
  pdfFailed: "The PDF could not be prepared.",

  problem: {
    signedOut: "Your session has ended.",
    signedOutDo: "Please sign in again and open the results anew.",
    forbidden: "You are not allowed to see these results.",
    forbiddenDo: "If you need them for your work, ask the study's administrator.",
    notFound: "The study or an instrument was not found.",
    notFoundDo: "Reload the page and choose the study from the list again.",
    invalid: "The server did not accept this request.",
    invalidDo: "Check the instruments chosen and try again.",
    network: "No connection to the server.",
    networkDo: "Check the network connection and try again.",
    server: "Something went wrong on the server.",
    serverDo: "Try again in a moment. If it keeps happening, tell the administrator.",
    unexpected: "The server answered in an unexpected way.",
    unexpectedDo: "Reload the page and try again. If it keeps happening, tell the administrator.",
    serverSays: "Server message",
    code: "code",
    tryAgain: "Try again",
  },

  emptyState: "Choose the instruments and the kind of results, then press “Show results”.",
  internalBanner: "Confidential — not for publication",
  resultsHeading: (study) => `Results: ${study}`,
  noResponses: "There are no responses to the chosen instruments yet.",
  noItems: "The chosen instruments have no questions to analyse.",
  backToContents: "Back to contents",
  askedInGroup: "Asked in",
  itemCount: (n) => `questions: ${n}`,
  countsNote: "Cells show the percentage of the base, with the number of respondents below.",
  quartiles: "Q1–Q3",
  quartilesNote: "Q1–Q3: quartiles — the middle half of the ratings lies within this range.",
  countInBrackets: "count",
  effect: (name, magnitude) => `Effect size (${name}): ${magnitude}.`,
  magnitudes: { negligible: "negligible", small: "small", medium: "medium", large: "large" },
  pairwiseShow: (n) => `Pairwise comparisons (${n})`,
  commentsColumn: "Comments",
  commentsTotal: (n) => `Comments in all: ${n}`,
  showComments: (n) => `Show comments (${n})`,
  commentsFromGroupsNotShown: "Other answers (group not shown)",
  chartLikert: (q) => `Ratings by group: ${q}`,
  chartChoice: (q) => `Answers: ${q}`,
  barLabel: (group, n, parts) => `${group}, n = ${n}: ${parts}`,
  noBar: (group, reason) => `${group}: ${reason}`,
  legendTitle: "Key",
  groupsLegend: "Groups",
};

const ru: ResultsText = {
  pageTitle: "Результаты",

  controlsTitle: "Что анализировать",
  instrumentsLegend: "Инструменты",
  instrumentsNone: "Выберите хотя бы один инструмент.",
  studyWithoutInstruments: "В этом исследовании нет ни одного инструмента.",
  selectAll: "Отметить все",
  selectNone: "Снять все",
  titlesUnavailable: "Не удалось загрузить названия инструментов, поэтому показаны их идентификаторы.",
  groupingLegend: "Группировка",
  groupingAgeGroup: "По возрастным группам",
  groupingNote: "Пока результаты можно группировать только по возрастным группам.",
  modeLegend: "Вид результатов",
  modePublishedLabel: "Для публикации — малые группы защищены",
  modeInternalLabel: "Внутренние — точные числа, конфиденциально",
  analystPublishedOnly:
    "Аналитики видят только результаты для публикации, в которых малые группы защищены. Точные внутренние результаты доступны только администраторам и исследователям.",
  roleWithoutAccess: "Результаты доступны администраторам, исследователям и аналитикам. У роли интервьюера доступа к ним нет.",
  showResults: "Показать результаты",
  computing: (s) => `Идёт расчёт результатов… ${s} с`,
  computingNow: "Идёт расчёт результатов…",
  cancel: "Отменить",
  staleNote: "Выбор изменён. Нажмите «Показать результаты», чтобы результаты ему соответствовали.",

  pdfTitle: "Отчёт PDF",
  pdfLanguage: "Язык отчёта",
  languageNames: { lv: "латышский", ru: "русский", en: "английский" },
  downloadPdf: "Скачать PDF",
  preparingPdf: (s) => `Готовится PDF… ${s} с`,
  preparingPdfNow: "Готовится PDF…",
  pdfSaved: (file) => `PDF сохранён: ${file}`,
  pdfNote: "В отчёт войдут инструменты и вид результатов, выбранные выше.",
  pdfFailed: "Не удалось подготовить PDF.",

  problem: {
    signedOut: "Ваш сеанс завершён.",
    signedOutDo: "Пожалуйста, войдите снова и откройте результаты заново.",
    forbidden: "У вас нет права просматривать эти результаты.",
    forbiddenDo: "Если они нужны вам для работы, обратитесь к администратору исследования.",
    notFound: "Исследование или инструмент не найдены.",
    notFoundDo: "Обновите страницу и снова выберите исследование из списка.",
    invalid: "Сервер не принял этот запрос.",
    invalidDo: "Проверьте выбранные инструменты и попробуйте ещё раз.",
    network: "Нет связи с сервером.",
    networkDo: "Проверьте подключение к сети и попробуйте ещё раз.",
    server: "На сервере произошла ошибка.",
    serverDo: "Попробуйте ещё раз чуть позже. Если ошибка повторяется, сообщите администратору.",
    unexpected: "Сервер ответил неожиданным образом.",
    unexpectedDo: "Обновите страницу и попробуйте ещё раз. Если ошибка повторяется, сообщите администратору.",
    serverSays: "Сообщение сервера",
    code: "код",
    tryAgain: "Попробовать ещё раз",
  },

  emptyState: "Выберите инструменты и вид результатов, затем нажмите «Показать результаты».",
  internalBanner: "Конфиденциально — не для публикации",
  resultsHeading: (study) => `Результаты: ${study}`,
  noResponses: "На выбранные инструменты пока нет ни одного ответа.",
  noItems: "В выбранных инструментах нет вопросов для анализа.",
  backToContents: "К содержанию",
  askedInGroup: "Задан в",
  itemCount: (n) => `вопросов: ${n}`,
  countsNote: "В ячейках — проценты от базы, под ними — число респондентов.",
  quartiles: "Q1–Q3",
  quartilesNote: "Q1–Q3 — квартили: средняя половина оценок лежит в этих пределах.",
  countInBrackets: "число",
  effect: (name, magnitude) => `Размер эффекта (${name}): ${magnitude}.`,
  magnitudes: { negligible: "пренебрежимо малый", small: "малый", medium: "средний", large: "большой" },
  pairwiseShow: (n) => `Попарные сравнения (${n})`,
  commentsColumn: "Комментарии",
  commentsTotal: (n) => `Всего комментариев: ${n}`,
  showComments: (n) => `Показать комментарии (${n})`,
  commentsFromGroupsNotShown: "Другие ответы (группа не показана)",
  chartLikert: (q) => `Распределение оценок по группам: ${q}`,
  chartChoice: (q) => `Распределение ответов: ${q}`,
  barLabel: (group, n, parts) => `${group}, n = ${n}: ${parts}`,
  noBar: (group, reason) => `${group}: ${reason}`,
  legendTitle: "Обозначения",
  groupsLegend: "Группы",
};

/** The page's words in each language. */
export const RESULTS_TEXT: Readonly<Record<Locale, ResultsText>> = { lv, en, ru };
