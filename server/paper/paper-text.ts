/**
 * The words a paper questionnaire adds around the instrument's own wording: how to mark an answer, which
 * boxes to tick, where to go next, the page footer. Everything else on the page is the instrument's text,
 * printed verbatim. The routing sentences are built from parts so that they stay grammatical in all three
 * languages without knowing the question: "→ Ja atbildējāt «Jā», atbildiet uz nākamo jautājumu; ja ne,
 * pārejiet pie 10. jautājuma."
 */

export const PAPER_LOCALES = ["lv", "ru", "en"] as const;
export type PaperLocale = (typeof PAPER_LOCALES)[number];

export interface PaperText {
  page: (x: number, of: number) => string;
  formNumber: string;
  howToMark: string;
  howToCorrect: string;
  tickOne: string;
  tickAll: string;
  tickOnePerRow: string;
  tickAllPerRow: string;
  /** «Jā» in the locale's quotation marks. */
  quote: (answer: string) => string;
  or: string;
  /** "Ja atbildējāt «Jā»" */
  ifAnswered: (answers: string) => string;
  answerNext: (count: number) => string;
  ifNot: string;
  goTo: (number: string) => string;
  goToEnd: string;
  /** Head of a follow-up shown when the part above is filled in at all (`notempty`). */
  ifFilledAbove: string;
  /** Above a follow-up that starts a page: "(6. jautājuma turpinājums)". */
  continued: (number: string) => string;
  otherFallback: string;
  noneFallback: string;
  yes: string;
  no: string;
  thanks: string;
}

export const PAPER_TEXT: Record<PaperLocale, PaperText> = {
  lv: {
    page: (x, of) => `Lappuse ${x} no ${of}`,
    formNumber: "Anketas Nr.",
    howToMark: "Atbildi atzīmējiet ar krustiņu lodziņā.",
    howToCorrect: "Ja kļūdījāties, aizkrāsojiet lodziņu pilnībā un atzīmējiet pareizo atbildi.",
    tickOne: "(atzīmējiet vienu)",
    tickAll: "(atzīmējiet visas atbilstošās)",
    tickOnePerRow: "(katrā rindā atzīmējiet vienu)",
    tickAllPerRow: "(katrā rindā atzīmējiet visas atbilstošās)",
    quote: (s) => `«${s}»`,
    or: "vai",
    ifAnswered: (answers) => `Ja atbildējāt ${answers}`,
    answerNext: (count) => (count === 1 ? "atbildiet uz nākamo jautājumu" : "atbildiet uz nākamajiem jautājumiem"),
    ifNot: "ja ne,",
    goTo: (n) => `pārejiet pie ${n}. jautājuma`,
    goToEnd: "pārejiet pie anketas beigām",
    ifFilledAbove: "Ja aizpildījāt iepriekšējo daļu",
    continued: (n) => `(${n}. jautājuma turpinājums)`,
    otherFallback: "Cits (lūdzu norādiet)",
    noneFallback: "Neviens no minētajiem",
    yes: "Jā",
    no: "Nē",
    thanks: "Paldies par atbildēm!",
  },
  ru: {
    page: (x, of) => `Стр. ${x} из ${of}`,
    formNumber: "Анкета №",
    howToMark: "Отметьте ответ крестиком в квадрате.",
    howToCorrect: "Если Вы ошиблись, полностью закрасьте квадрат и отметьте правильный ответ.",
    tickOne: "(отметьте один вариант)",
    tickAll: "(отметьте все подходящие)",
    tickOnePerRow: "(в каждой строке отметьте один вариант)",
    tickAllPerRow: "(в каждой строке отметьте все подходящие)",
    quote: (s) => `«${s}»`,
    or: "или",
    ifAnswered: (answers) => `Если Вы ответили ${answers}`,
    answerNext: (count) => (count === 1 ? "ответьте на следующий вопрос" : "ответьте на следующие вопросы"),
    ifNot: "если нет,",
    goTo: (n) => `переходите к вопросу ${n}`,
    goToEnd: "переходите к концу анкеты",
    ifFilledAbove: "Если Вы заполнили предыдущую часть",
    continued: (n) => `(продолжение вопроса ${n})`,
    otherFallback: "Другое (пожалуйста, укажите)",
    noneFallback: "Ничего из перечисленного",
    yes: "Да",
    no: "Нет",
    thanks: "Спасибо за ответы!",
  },
  en: {
    page: (x, of) => `Page ${x} of ${of}`,
    formNumber: "Form no.",
    howToMark: "Mark your answer with a cross in the box.",
    howToCorrect: "If you make a mistake, fill the box in completely and mark the right answer.",
    tickOne: "(tick one)",
    tickAll: "(tick all that apply)",
    tickOnePerRow: "(tick one in each row)",
    tickAllPerRow: "(tick all that apply in each row)",
    quote: (s) => `“${s}”`,
    or: "or",
    ifAnswered: (answers) => `If you answered ${answers}`,
    answerNext: (count) => (count === 1 ? "answer the next question" : "answer the next questions"),
    ifNot: "if not,",
    goTo: (n) => `go to question ${n}`,
    goToEnd: "go to the end of the questionnaire",
    ifFilledAbove: "If you filled in the part above",
    continued: (n) => `(question ${n}, continued)`,
    otherFallback: "Other (please specify)",
    noneFallback: "None of these",
    yes: "Yes",
    no: "No",
    thanks: "Thank you for your answers!",
  },
};
