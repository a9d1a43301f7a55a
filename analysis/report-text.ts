/**
 * The fixed wording of the PDF report in Latvian, Russian and English. Reports go to ministries in the
 * language they ask for, so every heading, caption, note and explanation exists in all three, kept apart from
 * the drawing code so translators can read and correct one file. Question, choice and group wording is not
 * here: it comes from the analysis result, which takes it from the instruments. Each language is a complete
 * `ReportText`, so a string missing in one language does not compile.
 */
import type { ItemKind, Locale, Mode, TestResult } from "./types.ts";

/** One explanatory paragraph of the "how to read" section. */
export interface Explanation {
  title: string;
  body: string;
}

export interface ReportText {
  /** Number style: decimal mark, the thousands separator and when grouping starts. */
  number: { decimal: string; group: string; groupFrom: number };
  /** "45 %" in Latvian and Russian, "45%" in English. */
  percent(value: string): string;
  /** An ISO day (YYYY-MM-DD) as readers of this language write it. */
  date(iso: string): string;

  reportTitle: string;
  reportSubtitle: string;
  cover: {
    instruments: string;
    period: string;
    periodUnknown: string;
    generated: string;
    responses: string;
    threshold: string;
  };
  modePublished: string;
  modePublishedDetail(k: number): string;
  modeInternal: string;
  modeInternalDetail(k: number): string;
  contents: string;
  sections: { sample: string; howToRead: string; results: string; comments: string };

  sample: {
    intro(total: string): string;
    byGroup: string;
    byChannel: string;
    bySite: string;
    ageGroup: string;
    instrument: string;
    channel: string;
    site: string;
    total: string;
    noSite: string;
    rangeNote(k: number): string;
    planTitle: string;
    notesNone: string;
    omittedTitle: string;
    omittedNone: string;
  };
  channels: Record<string, string>;
  kinds: Record<ItemKind, string>;
  askedIn: string;
  rowLabel: string;

  table: {
    group: string;
    n: string;
    mean: string;
    median: string;
    top2: string;
    notApplicable: string;
    option: string;
    base: string;
  };
  likert: {
    chartNote: string;
    hidden(k: number): string;
    noAnswers: string;
    legendHidden(k: number): string;
    naNote(label: string): string;
    tableNote: string;
  };
  multiple: { overall(n: string): string; byGroup: string };
  single: { caption: string };
  test: {
    label: string;
    names: Record<TestResult["test"], string>;
    methods: Record<TestResult["method"], string>;
    monteCarlo(seed: string, samples: string): string;
    effects: Record<NonNullable<TestResult["effect"]>["name"], string>;
    skipped: string;
    pairwiseCaption: string;
    pair: string;
    pAdjusted: string;
    rankBiserial: string;
    significantNote: string;
  };
  comments: {
    intro: string;
    other(label: string): string;
    none: string;
    ungrouped: string;
    /** After a sample of a long list: how many more there are, and where to find them all. */
    more(count: string): string;
  };
  /** The section on coded interviews (only when the study's interviews are coded). */
  qualitative: {
    title: string;
    intro(k: number, mode: Mode): string;
    /** The target groups of the interview guides, and "unknown" for sessions without one. */
    groups: Record<string, string>;
    /** "12 coded sessions", with the count already formatted; `n` picks the plural. */
    sessions(count: string, n: number): string;
    /** Sessions hidden below the threshold. */
    sessionsHidden(k: number): string;
    /** "6 sessions · 8 excerpts" after a code's path. */
    codeCounts(sessions: string, s: number, excerpts: string, e: number): string;
    /** A group whose codes are all left out (published) or that has none. */
    noCodes: string;
    /** A quote in the language's quotation marks. */
    quote(text: string): string;
  };
  howToRead(k: number, mode: Mode): Explanation[];
  /** "3 / 12". En spaces: with plain ones, text extraction (pdftotext) glues short numbers into "3/12". */
  page(index: number, count: number): string;
}

const pad2 = (n: number): string => String(n).padStart(2, "0");

/** Splits "2025-04-30" into numbers; a malformed day is shown as given rather than guessed at. */
function dayParts(iso: string): [number, number, number] | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

const EN_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

// The nine prisons of the study keep their official Latvian names in every language, as in the study report.
const lv: ReportText = {
  number: { decimal: ",", group: "\u00a0", groupFrom: 10_000 },
  percent: (v) => `${v}\u00a0%`,
  date: (iso) => {
    const d = dayParts(iso);
    return d ? `${pad2(d[2])}.${pad2(d[1])}.${d[0]}.` : iso;
  },
  reportTitle: "Aptaujas rezultātu pārskats",
  reportSubtitle: "Vērtējumu un atbilžu sadalījums pa vecuma grupām",
  cover: {
    instruments: "Instrumenti",
    period: "Datu vākšanas periods",
    periodUnknown: "nav datu",
    generated: "Sagatavots",
    responses: "Analizētās anketas",
    threshold: "Mazo grupu slieksnis (k)",
  },
  modePublished: "Publicējams — mazas grupas aizsargātas",
  modePublishedDetail: (k) => `Skaitļi, kas balstās uz mazāk nekā ${k} respondentiem, ir slēpti un parādīti kā „<${k}“.`,
  modeInternal: "KONFIDENCIĀLI — tikai pētniekiem",
  modeInternalDetail: (k) =>
    `Iekšējā versija ar precīziem skaitļiem, arī grupās, kurās ir mazāk nekā ${k} respondentu. Neizplatīt un nepublicēt.`,
  contents: "Saturs",
  sections: { sample: "Izlase", howToRead: "Kā lasīt šo pārskatu", results: "Rezultāti", comments: "Komentāri" },
  sample: {
    intro: (total) => `Pārskatā analizētas ${total} anketas. Tabulās — respondentu skaits.`,
    byGroup: "Respondenti pa vecuma grupām un instrumentiem",
    byChannel: "Respondenti pa datu vākšanas kanāliem",
    bySite: "Respondenti pa ieslodzījuma vietām",
    ageGroup: "Vecuma grupa",
    instrument: "Instruments",
    channel: "Kanāls",
    site: "Ieslodzījuma vieta",
    total: "Kopā",
    noSite: "Bez ieslodzījuma vietas (tiešsaistē)",
    rangeNote: (k) => `„12+“ — vismaz 12: daļa šūnu, no kurām veidojas skaitlis, ir slēpta (<${k}).`,
    planTitle: "Grupu veidošana",
    notesNone: "Vecuma grupas nav apvienotas.",
    omittedTitle: "Izlaistās grupas",
    omittedNone: "Neviena vecuma grupa nav izlaista.",
  },
  channels: { tablet: "Planšetdators", online: "Tiešsaistē", paper: "Papīra anketa", interview: "Intervija" },
  kinds: {
    likert: "Vērtējuma skala (1–5)",
    single: "Viena atbilde",
    multiple: "Vairākas atbildes",
    text: "Atvērts jautājums",
    number: "Skaitlis",
  },
  askedIn: "Jautāts",
  rowLabel: "Vērtētais pasākums",
  table: {
    group: "Grupa",
    n: "n",
    mean: "Vid.",
    median: "Med.",
    top2: "4–5, %",
    notApplicable: "Nav iesp.",
    option: "Atbilde",
    base: "n (bāze)",
  },
  likert: {
    chartNote: "Procenti no bāzes; katra josla centrēta uz vērtējumu 3.",
    hidden: (k) => `sadalījums slēpts (<${k})`,
    noAnswers: "nav atbilžu",
    legendHidden: (k) => `slēpts (<${k})`,
    naNote: (label) => `„Nav iesp.“ — ${label}: skaitīts atsevišķi, nav iekļauts bāzē un vidējā vērtībā.`,
    tableNote: "Vid. — vidējais vērtējums; Med. — mediāna; 4–5, % — to respondentu daļa, kuri izvēlējās 4 vai 5.",
  },
  multiple: {
    overall: (n) =>
      `Visi respondenti (n = ${n}), % no atbildējušajiem. Varēja atzīmēt vairākas atbildes, tāpēc summa var pārsniegt 100 %.`,
    byGroup: "Atbilžu īpatsvars pa grupām, %",
  },
  single: { caption: "Atbilžu sadalījums pa grupām, % no atbildējušajiem grupā" },
  test: {
    label: "Grupu salīdzinājums",
    names: {
      "chi-square": "Hī kvadrāta tests",
      fisher: "Fišera precīzais tests",
      "freeman-halton": "Fišera–Frīmena–Holtona precīzais tests",
      "kruskal-wallis": "Kruskala–Volisa tests",
    },
    methods: { asymptotic: "asimptotiskā p vērtība", exact: "precīzā p vērtība", "monte-carlo": "Monte Carlo" },
    monteCarlo: (seed, samples) => `Monte Carlo, sēkla (seed) ${seed}, ${samples} simulāciju`,
    effects: { "cramers-v": "Kramēra V", "epsilon-squared": "ε²" },
    skipped: "Tests nav veikts",
    pairwiseCaption: "Pāru salīdzinājumi: Manna–Vitnija U tests, p vērtības koriģētas pēc Holma metodes",
    pair: "Grupu pāris",
    pAdjusted: "p (Holms)",
    rankBiserial: "r (rangu biseriālā)",
    significantNote: "Treknrakstā — pāri, kuros p (Holms) < 0,05.",
  },
  comments: {
    intro:
      "Atbildes uz atvērtajiem jautājumiem un „cits“ atbildes tā, kā respondenti tās uzrakstīja. Personas kodi, tālruņu numuri un e-pasta adreses aizstāti ar marķieri, piemēram, [tālrunis].",
    other: (label) => `„${label}“ — respondentu ieraksti`,
    none: "Nav atbilžu.",
    ungrouped: "Citas atbildes (grupa netiek rādīta)",
    more: (count) => `… un vēl ${count} atbildes. Pilns saraksts ir analīzes JSON datos.`,
  },
  qualitative: {
    title: "Intervijas: biežākās tēmas",
    intro: (k, mode) =>
      "Intervijās un fokusgrupās pierakstītais un transkribētais teksts kodēts pēc pētījuma kodu grāmatas. Katrai mērķgrupai parādīti kodi, " +
      "kas izskanējuši visvairāk sarunās (sarunu skaits un kodēto fragmentu skaits), un viens vai divi īsi citāti. Citātos vārdi, vietas, " +
      "personas kodi un tālruņu numuri aizstāti ar marķieri, piemēram, [vārds]." +
      (mode === "published"
        ? ` Kodi, kas izskanējuši mazāk nekā ${k} sarunās, nav parādīti kopā ar citātiem: rets temats ar citātu var norādīt uz konkrētu cilvēku.`
        : " Šī ir iekšējā versija: parādīti arī reti kodi."),
    groups: { youth: "Jaunieši", seniors: "Seniori", mothers: "Mātes", "mental-health": "Personas ar psihiskās veselības traucējumiem", unknown: "Mērķgrupa nav norādīta" },
    sessions: (count, n) => `${count} ${n % 10 === 1 && n % 100 !== 11 ? "kodēta saruna" : "kodētas sarunas"}`,
    sessionsHidden: (k) => `mazāk nekā ${k} kodētas sarunas`,
    codeCounts: (sessions, s, excerpts, e) =>
      `${sessions} ${s % 10 === 1 && s % 100 !== 11 ? "saruna" : "sarunas"} · ${excerpts} ${e % 10 === 1 && e % 100 !== 11 ? "fragments" : "fragmenti"}`,
    noCodes: "Nav neviena koda, ko varētu parādīt.",
    quote: (text) => `„${text}“`,
  },
  howToRead: (k, mode) => [
    {
      title: "Bāze un procenti",
      body:
        "Procenti un vidējie rādītāji aprēķināti no respondentiem, kuri uz jautājumu atbildēja ar vērtējumu no 1 līdz 5 (bāze, n). " +
        "Atbildes „nav bijusi iespēja“ skaitītas atsevišķi un nekad nav iekļautas ne bāzē, ne vidējā vērtībā. " +
        "Izvēles jautājumos bāze ir respondenti, kuri uz jautājumu atbildēja.",
    },
    {
      title: "Noapaļošana",
      body:
        "Procenti noapaļoti līdz veseliem skaitļiem, tāpēc rindas summa var nedaudz atšķirties no 100. " +
        "Jautājumos, kuros var atzīmēt vairākas atbildes, summa var pārsniegt 100.",
    },
    {
      title: "Statistiskie testi",
      body:
        "Atbilžu sadalījums vecuma grupās salīdzināts ar hī kvadrāta testu; ja sagaidāmie biežumi ir mazi — ar Fišera precīzo testu " +
        "(2 × 2 tabulām) vai Fišera–Frīmena–Holtona testu (lielākām tabulām), vajadzības gadījumā p vērtību novērtējot ar Monte Carlo " +
        "simulāciju (sēkla norādīta, lai rezultātu varētu atkārtot). Vērtējumi no 1 līdz 5 salīdzināti ar Kruskala–Volisa testu, " +
        "grupu pāri — ar Manna–Vitnija testu, p vērtības koriģējot pēc Holma metodes. Atšķirība ir statistiski nozīmīga, ja p < 0,05.",
    },
    {
      title: "Efekta lielums",
      body:
        "p vērtība rāda, vai atšķirība varētu būt nejauša, efekta lielums — cik liela tā ir. Kramēra V (0–1): ap 0,1 — neliela, " +
        "ap 0,3 — vidēja, 0,5 un vairāk — liela. ε² (0–1): ap 0,01 — neliela, ap 0,08 — vidēja, 0,26 un vairāk — liela. " +
        "Rangu biseriālā korelācija r (no −1 līdz 1) pāru salīdzinājumos: pozitīva, ja pirmās grupas vērtējumi biežāk ir augstāki.",
    },
    {
      title: "Mazo grupu aizsardzība",
      body:
        `Skaitļi, kas balstās uz mazāk nekā ${k} respondentiem, publicējamā versijā parādīti kā „<${k}“. ` +
        "Lai slēpto skaitli nevarētu aprēķināt no kopsummām, tajā pašā rindā vai kolonnā slēpta vēl vismaz viena šūna (papildu slēpšana). " +
        `Vecuma grupa, kurā ir mazāk nekā ${k} respondentu, apvienota ar blakus grupu vai izlaista. ` +
        "Diagrammās slēptās daļas ir pelēkas un svītrotas, bez skaitļa; to platums ir tikai aptuvens." +
        (mode === "internal" ? " Šī ir iekšējā versija: visi skaitļi ir precīzi un nav slēpti." : ""),
    },
    {
      title: "Diagrammas",
      body:
        "Vērtējumu diagrammās katra josla centrēta uz neitrālo vērtējumu 3: puse no tā ir pa kreisi, puse pa labi no centra līnijas. " +
        "Zemie vērtējumi (1–2) ir pa kreisi siltos toņos, augstie (4–5) — pa labi vēsos toņos. Pie katras joslas norādīta grupa un bāze (n).",
    },
  ],
  page: (i, n) => `${i}\u2002/\u2002${n}`,
};

const ruPlural = (n: number, one: string, few: string, many: string): string =>
  n % 10 === 1 && n % 100 !== 11 ? one : [2, 3, 4].includes(n % 10) && ![12, 13, 14].includes(n % 100) ? few : many;

const ru: ReportText = {
  number: { decimal: ",", group: "\u00a0", groupFrom: 10_000 },
  percent: (v) => `${v}\u00a0%`,
  date: (iso) => {
    const d = dayParts(iso);
    return d ? `${pad2(d[2])}.${pad2(d[1])}.${d[0]}` : iso;
  },
  reportTitle: "Отчёт о результатах опроса",
  reportSubtitle: "Распределение оценок и ответов по возрастным группам",
  cover: {
    instruments: "Инструменты",
    period: "Период сбора данных",
    periodUnknown: "нет данных",
    generated: "Подготовлено",
    responses: "Проанализировано анкет",
    threshold: "Порог малых групп (k)",
  },
  modePublished: "Для публикации — малые группы защищены",
  modePublishedDetail: (k) => `Числа, основанные на менее чем ${k} респондентах, скрыты и показаны как «<${k}».`,
  modeInternal: "КОНФИДЕНЦИАЛЬНО — только для исследователей",
  modeInternalDetail: (k) =>
    `Внутренняя версия с точными числами, в том числе для групп, где меньше ${k} респондентов. Не распространять и не публиковать.`,
  contents: "Содержание",
  sections: { sample: "Выборка", howToRead: "Как читать этот отчёт", results: "Результаты", comments: "Комментарии" },
  sample: {
    intro: (total) => `В отчёте проанализировано анкет: ${total}. В таблицах — число респондентов.`,
    byGroup: "Респонденты по возрастным группам и инструментам",
    byChannel: "Респонденты по каналам сбора данных",
    bySite: "Респонденты по местам заключения",
    ageGroup: "Возрастная группа",
    instrument: "Инструмент",
    channel: "Канал",
    site: "Место заключения",
    total: "Всего",
    noSite: "Без места заключения (онлайн)",
    rangeNote: (k) => `«12+» — не меньше 12: часть ячеек, из которых складывается число, скрыта (<${k}).`,
    planTitle: "Формирование групп",
    notesNone: "Возрастные группы не объединялись.",
    omittedTitle: "Исключённые группы",
    omittedNone: "Ни одна возрастная группа не исключена.",
  },
  channels: { tablet: "Планшет", online: "Онлайн", paper: "Бумажная анкета", interview: "Интервью" },
  kinds: {
    likert: "Шкала оценок (1–5)",
    single: "Один ответ",
    multiple: "Несколько ответов",
    text: "Открытый вопрос",
    number: "Число",
  },
  askedIn: "Задан в",
  rowLabel: "Оцениваемая мера",
  table: {
    group: "Группа",
    n: "n",
    mean: "Сред.",
    median: "Мед.",
    top2: "4–5, %",
    notApplicable: "Нет возм.",
    option: "Ответ",
    base: "n (база)",
  },
  likert: {
    chartNote: "Проценты от базы; каждая полоса центрирована на оценке 3.",
    hidden: (k) => `распределение скрыто (<${k})`,
    noAnswers: "нет ответов",
    legendHidden: (k) => `скрыто (<${k})`,
    naNote: (label) => `«Нет возм.» — ${label}: считается отдельно, не входит в базу и среднее.`,
    tableNote: "Сред. — средняя оценка; Мед. — медиана; 4–5, % — доля респондентов, выбравших 4 или 5.",
  },
  multiple: {
    overall: (n) =>
      `Все респонденты (n = ${n}), % ответивших. Можно было отметить несколько ответов, поэтому сумма может превышать 100 %.`,
    byGroup: "Доля ответов по группам, %",
  },
  single: { caption: "Распределение ответов по группам, % ответивших в группе" },
  test: {
    label: "Сравнение групп",
    names: {
      "chi-square": "Критерий хи-квадрат",
      fisher: "Точный критерий Фишера",
      "freeman-halton": "Точный критерий Фишера–Фримена–Холтона",
      "kruskal-wallis": "Критерий Краскела–Уоллиса",
    },
    methods: { asymptotic: "асимптотическое p", exact: "точное p", "monte-carlo": "Монте-Карло" },
    monteCarlo: (seed, samples) => `Монте-Карло, seed ${seed}, ${samples} симуляций`,
    effects: { "cramers-v": "V Крамера", "epsilon-squared": "ε²" },
    skipped: "Тест не проводился",
    pairwiseCaption: "Попарные сравнения: U-критерий Манна–Уитни, p с поправкой Холма",
    pair: "Пара групп",
    pAdjusted: "p (Холм)",
    rankBiserial: "r (рангово-бисериальная)",
    significantNote: "Жирным — пары, где p (Холм) < 0,05.",
  },
  comments: {
    intro:
      "Ответы на открытые вопросы и ответы «другое» в том виде, в каком их написали респонденты. Персональные коды, номера телефонов и адреса электронной почты заменены пометкой, например [tālrunis].",
    other: (label) => `«${label}» — записи респондентов`,
    none: "Ответов нет.",
    ungrouped: "Другие ответы (группа не показана)",
    more: (count) => `… и ещё ${count} ответов. Полный список — в данных анализа (JSON).`,
  },
  qualitative: {
    title: "Интервью: основные темы",
    intro: (k, mode) =>
      "Записи и расшифровки интервью и фокус-групп закодированы по кодовой книге исследования. Для каждой целевой группы показаны коды, " +
      "прозвучавшие в наибольшем числе бесед (число бесед и закодированных фрагментов), и одна-две короткие цитаты. В цитатах имена, места, " +
      "персональные коды и номера телефонов заменены маркером, например [vārds]." +
      (mode === "published"
        ? ` Коды, прозвучавшие менее чем в ${k} беседах, не показаны вместе с цитатами: редкая тема с цитатой может указать на конкретного человека.`
        : " Это внутренняя версия: показаны и редкие коды."),
    groups: { youth: "Молодёжь", seniors: "Пожилые", mothers: "Матери", "mental-health": "Лица с нарушениями психического здоровья", unknown: "Целевая группа не указана" },
    sessions: (count, n) => `${count} ${ruPlural(n, "закодированная беседа", "закодированные беседы", "закодированных бесед")}`,
    sessionsHidden: (k) => `менее ${k} закодированных бесед`,
    codeCounts: (sessions, s, excerpts, e) =>
      `${sessions} ${ruPlural(s, "беседа", "беседы", "бесед")} · ${excerpts} ${ruPlural(e, "фрагмент", "фрагмента", "фрагментов")}`,
    noCodes: "Нет кодов, которые можно показать.",
    quote: (text) => `«${text}»`,
  },
  howToRead: (k, mode) => [
    {
      title: "База и проценты",
      body:
        "Проценты и средние рассчитаны от респондентов, ответивших на вопрос оценкой от 1 до 5 (база, n). " +
        "Ответы «не было возможности» учитываются отдельно и никогда не входят ни в базу, ни в среднее. " +
        "В вопросах с вариантами ответа база — респонденты, ответившие на вопрос.",
    },
    {
      title: "Округление",
      body:
        "Проценты округлены до целых, поэтому сумма по строке может немного отличаться от 100. " +
        "В вопросах, где можно отметить несколько ответов, сумма может превышать 100.",
    },
    {
      title: "Статистические критерии",
      body:
        "Распределения ответов в возрастных группах сравнивались критерием хи-квадрат; при малых ожидаемых частотах — точным критерием Фишера " +
        "(таблицы 2 × 2) или критерием Фишера–Фримена–Холтона (большие таблицы), при необходимости с оценкой p методом Монте-Карло " +
        "(seed указан, чтобы результат можно было повторить). Оценки от 1 до 5 сравнивались критерием Краскела–Уоллиса, " +
        "пары групп — критерием Манна–Уитни с поправкой Холма. Различие статистически значимо, если p < 0,05.",
    },
    {
      title: "Размер эффекта",
      body:
        "Значение p показывает, может ли различие быть случайным, размер эффекта — насколько оно велико. V Крамера (0–1): около 0,1 — малое, " +
        "около 0,3 — среднее, 0,5 и больше — большое. ε² (0–1): около 0,01 — малое, около 0,08 — среднее, 0,26 и больше — большое. " +
        "Рангово-бисериальная корреляция r (от −1 до 1) в попарных сравнениях положительна, если оценки первой группы чаще выше.",
    },
    {
      title: "Защита малых групп",
      body:
        `Числа, основанные на менее чем ${k} респондентах, в версии для публикации показаны как «<${k}». ` +
        "Чтобы скрытое число нельзя было вычислить из итогов, в той же строке или столбце скрыта ещё как минимум одна ячейка (дополнительное скрытие). " +
        `Возрастная группа, в которой меньше ${k} респондентов, объединена с соседней или исключена. ` +
        "На диаграммах скрытые части серые и заштрихованы, без числа; их ширина лишь приблизительна." +
        (mode === "internal" ? " Это внутренняя версия: все числа точные и не скрыты." : ""),
    },
    {
      title: "Диаграммы",
      body:
        "На диаграммах оценок каждая полоса центрирована на нейтральной оценке 3: половина её слева, половина справа от центральной линии. " +
        "Низкие оценки (1–2) — слева, тёплыми цветами, высокие (4–5) — справа, холодными. У каждой полосы указаны группа и база (n).",
    },
  ],
  page: (i, n) => `${i}\u2002/\u2002${n}`,
};

const en: ReportText = {
  number: { decimal: ".", group: ",", groupFrom: 1_000 },
  percent: (v) => `${v}%`,
  date: (iso) => {
    const d = dayParts(iso);
    return d ? `${d[2]} ${EN_MONTHS[d[1] - 1] ?? pad2(d[1])} ${d[0]}` : iso;
  },
  reportTitle: "Survey results report",
  reportSubtitle: "Ratings and answers by age group",
  cover: {
    instruments: "Instruments",
    period: "Fieldwork period",
    periodUnknown: "no data",
    generated: "Prepared on",
    responses: "Questionnaires analysed",
    threshold: "Small-group threshold (k)",
  },
  modePublished: "For publication — small groups protected",
  modePublishedDetail: (k) => `Numbers resting on fewer than ${k} respondents are hidden and shown as “<${k}”.`,
  modeInternal: "CONFIDENTIAL — researchers only",
  modeInternalDetail: (k) =>
    `Internal version with exact numbers, including groups of fewer than ${k} respondents. Do not share or publish.`,
  contents: "Contents",
  sections: { sample: "The sample", howToRead: "How to read this report", results: "Results", comments: "Comments" },
  sample: {
    intro: (total) => `The report analyses ${total} questionnaires. Tables show numbers of respondents.`,
    byGroup: "Respondents by age group and instrument",
    byChannel: "Respondents by data collection channel",
    bySite: "Respondents by place of imprisonment",
    ageGroup: "Age group",
    instrument: "Instrument",
    channel: "Channel",
    site: "Place of imprisonment",
    total: "Total",
    noSite: "No place of imprisonment (online)",
    rangeNote: (k) => `“12+”: at least 12 — some of the cells that make up this number are hidden (<${k}).`,
    planTitle: "How the groups were formed",
    notesNone: "No age groups were merged.",
    omittedTitle: "Groups left out",
    omittedNone: "No age group was left out.",
  },
  channels: { tablet: "Tablet", online: "Online", paper: "Paper questionnaire", interview: "Interview" },
  kinds: {
    likert: "Rating scale (1–5)",
    single: "Single answer",
    multiple: "Multiple answers",
    text: "Open question",
    number: "Number",
  },
  askedIn: "Asked in",
  rowLabel: "Item rated",
  table: {
    group: "Group",
    n: "n",
    mean: "Mean",
    median: "Median",
    top2: "4–5, %",
    notApplicable: "No opp.",
    option: "Answer",
    base: "n (base)",
  },
  likert: {
    chartNote: "Percent of the base; each bar is centred on rating 3.",
    hidden: (k) => `distribution hidden (<${k})`,
    noAnswers: "no answers",
    legendHidden: (k) => `hidden (<${k})`,
    naNote: (label) => `“No opp.”: ${label} — counted apart, never in the base or the mean.`,
    tableNote: "Mean — average rating; 4–5, % — share of respondents who chose 4 or 5.",
  },
  multiple: {
    overall: (n) =>
      `All respondents (n = ${n}), % of those who answered. Several answers could be ticked, so the total may exceed 100%.`,
    byGroup: "Share choosing each answer, by group, %",
  },
  single: { caption: "Answers by group, % of those in the group who answered" },
  test: {
    label: "Comparison of groups",
    names: {
      "chi-square": "Chi-square test",
      fisher: "Fisher's exact test",
      "freeman-halton": "Fisher–Freeman–Halton exact test",
      "kruskal-wallis": "Kruskal–Wallis test",
    },
    methods: { asymptotic: "asymptotic p", exact: "exact p", "monte-carlo": "Monte Carlo" },
    monteCarlo: (seed, samples) => `Monte Carlo, seed ${seed}, ${samples} samples`,
    effects: { "cramers-v": "Cramér's V", "epsilon-squared": "ε²" },
    skipped: "No test",
    pairwiseCaption: "Pairwise comparisons: Mann–Whitney U test, p adjusted with Holm's method",
    pair: "Pair of groups",
    pAdjusted: "p (Holm)",
    rankBiserial: "r (rank-biserial)",
    significantNote: "Bold: pairs with p (Holm) < 0.05.",
  },
  comments: {
    intro:
      "Answers to open questions and “other” answers as respondents wrote them. Personal codes, phone numbers and e-mail addresses were replaced with a marker such as [tālrunis].",
    other: (label) => `“${label}” — what respondents wrote`,
    none: "No answers.",
    ungrouped: "Other answers (group not shown)",
    more: (count) => `… and ${count} more. The full list is in the analysis JSON.`,
  },
  qualitative: {
    title: "Interviews: the most frequent themes",
    intro: (k, mode) =>
      "Notes and transcripts of the interviews and focus groups were coded with the study's codebook. For each target group the report shows " +
      "the codes raised in the most sessions (sessions and coded excerpts) with one or two short quotes. In the quotes, names, places, " +
      "personal codes and phone numbers are replaced by a marker such as [vārds]." +
      (mode === "published"
        ? ` Codes raised in fewer than ${k} sessions are not shown with their quotes: a rare theme with a quote can point to one person.`
        : " This is the internal version: rare codes are shown as well."),
    groups: { youth: "Youth", seniors: "Seniors", mothers: "Mothers", "mental-health": "People with mental health conditions", unknown: "Target group not recorded" },
    sessions: (count, n) => `${count} coded ${n === 1 ? "session" : "sessions"}`,
    sessionsHidden: (k) => `fewer than ${k} coded sessions`,
    codeCounts: (sessions, s, excerpts, e) => `${sessions} ${s === 1 ? "session" : "sessions"} · ${excerpts} ${e === 1 ? "excerpt" : "excerpts"}`,
    noCodes: "No code can be shown.",
    quote: (text) => `“${text}”`,
  },
  howToRead: (k, mode) => [
    {
      title: "Base and percentages",
      body:
        "Percentages and averages are computed over the respondents who answered the question with a rating from 1 to 5 (the base, n). " +
        "“No opportunity” answers are counted apart and are never part of the base or the mean. " +
        "For choice questions the base is the respondents who answered the question.",
    },
    {
      title: "Rounding",
      body:
        "Percentages are rounded to whole numbers, so a row may not add up to exactly 100. " +
        "Where several answers could be ticked, the total may exceed 100.",
    },
    {
      title: "Statistical tests",
      body:
        "Answers across age groups were compared with the chi-square test; where expected counts are small, with Fisher's exact test " +
        "(2 × 2 tables) or the Fisher–Freeman–Halton test (larger tables), with a Monte Carlo estimate of p where needed (the seed is given " +
        "so the result can be reproduced). Ratings from 1 to 5 were compared with the Kruskal–Wallis test and pairs of groups with the " +
        "Mann–Whitney test, with p adjusted by Holm's method. A difference is statistically significant when p < 0.05.",
    },
    {
      title: "Effect size",
      body:
        "The p value says whether a difference could be chance; the effect size says how large it is. Cramér's V (0–1): about 0.1 small, " +
        "about 0.3 medium, 0.5 or more large. ε² (0–1): about 0.01 small, about 0.08 medium, 0.26 or more large. " +
        "The rank-biserial correlation r (−1 to 1) of a pairwise comparison is positive when the first group tends to rate higher.",
    },
    {
      title: "Protecting small groups",
      body:
        `In the published version, numbers resting on fewer than ${k} respondents are shown as “<${k}”. ` +
        "So that a hidden number cannot be worked out from totals, at least one more cell in the same row or column is hidden too (complementary suppression). " +
        `An age group of fewer than ${k} respondents is merged with a neighbouring group or left out. ` +
        "In charts, hidden parts are grey and hatched, without a number; their width is only approximate." +
        (mode === "internal" ? " This is the internal version: all numbers are exact and nothing is hidden." : ""),
    },
    {
      title: "Charts",
      body:
        "In rating charts each bar is centred on the neutral rating 3: half of it lies left and half right of the centre line. " +
        "Low ratings (1–2) extend to the left in warm colours, high ratings (4–5) to the right in cool colours. Each bar is labelled with its group and base (n).",
    },
  ],
  page: (i, n) => `${i}\u2002/\u2002${n}`,
};

/** The fixed report wording for each language. */
export const REPORT_TEXT: Readonly<Record<Locale, ReportText>> = { lv, ru, en };

/**
 * Official names of the study's places of imprisonment, used in every language. The analysis result carries only
 * site ids; an id not listed here is printed as it is.
 */
export const SITE_NAMES: Readonly<Record<string, string>> = {
  "cesis-youth": "Cēsu Audzināšanas iestāde nepilngadīgajiem",
  daugavgriva: "Daugavgrīvas cietums",
  ilguciems: "Iļģuciema cietums",
  jelgava: "Jelgavas cietums",
  jekabpils: "Jēkabpils cietums",
  liepaja: "Liepājas cietums",
  olaine: "Olaines cietums (Latvijas Cietumu slimnīca)",
  "riga-central": "Rīgas Centrālcietums",
  valmiera: "Valmieras cietums",
};
