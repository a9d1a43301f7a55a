/**
 * Every fixed word the respondent apps show, in Latvian, Russian and English (Latvian first).
 *
 * Kept in one module so translators and reviewers read all of it in one place, and so no screen can
 * forget a language: each entry is a `{ lv, ru, en }` object and TypeScript rejects one that lacks a key.
 * The wording is short and plain on purpose (some readers have little schooling) and uses the formal
 * "Jūs" / "Вы" / "you". Placeholders in curly braces are filled with `fill()`; numbers are shown as
 * "{n} s" so no language needs plural forms.
 */

export type Locale = "lv" | "ru" | "en";
export type Text = Readonly<Record<Locale, string>>;

/** Latvian first: the order in which language buttons and trilingual texts appear. */
export const LOCALES: readonly Locale[] = ["lv", "ru", "en"];

export function isLocale(value: unknown): value is Locale {
  return value === "lv" || value === "ru" || value === "en";
}

/** The entry in one language. */
export function t(text: Text, locale: Locale): string {
  return text[locale];
}

/** Replaces `{name}` placeholders; unknown names stay visible so a mistake is noticed, not hidden. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** For the browser's date formatting in each language. */
export const INTL_LOCALE: Readonly<Record<Locale, string>> = { lv: "lv-LV", ru: "ru-RU", en: "en-GB" };

export const texts = {
  // ---- Shared frame --------------------------------------------------------------------------------
  documentTitle: { lv: "Aptauja", ru: "Опрос", en: "Survey" },
  /** Each language's name in that language: it is read by someone who may know only that one. */
  languageName: { lv: "Latviešu", ru: "Русский", en: "English" },
  largeText: { lv: "Lielāks teksts", ru: "Крупный текст", en: "Larger text" },
  highContrast: { lv: "Kontrasts", ru: "Контраст", en: "High contrast" },
  displayOptions: { lv: "Teksta izskats", ru: "Вид текста", en: "Text display" },
  loading: { lv: "Ielādē…", ru: "Загрузка…", en: "Loading…" },
  back: { lv: "Atpakaļ", ru: "Назад", en: "Back" },
  tryAgain: { lv: "Mēģināt vēlreiz", ru: "Попробовать ещё раз", en: "Try again" },
  cancel: { lv: "Atcelt", ru: "Отмена", en: "Cancel" },
  thankYou: { lv: "Paldies!", ru: "Спасибо!", en: "Thank you!" },

  deviceLoadFailed: {
    lv: "Planšetes datus neizdevās nolasīt. Lūdzu, pasakiet darbiniekam.",
    ru: "Не удалось прочитать данные планшета. Пожалуйста, скажите сотруднику.",
    en: "The tablet's data could not be read. Please tell a member of staff.",
  },

  // ---- The survey's own buttons (survey-core's words replaced, see survey.ts) ---------------------------
  surveyStart: { lv: "Sākt", ru: "Начать", en: "Start" },
  surveyPrevious: { lv: "Atpakaļ", ru: "Назад", en: "Back" },
  surveyNext: { lv: "Tālāk", ru: "Далее", en: "Next" },
  surveySubmit: { lv: "Iesniegt", ru: "Отправить", en: "Submit" },

  // ---- Respondent start ----------------------------------------------------------------------------
  chooseQuestionnaire: { lv: "Izvēlieties anketu", ru: "Выберите анкету", en: "Choose the questionnaire" },
  chooseLanguage: { lv: "Izvēlieties valodu", ru: "Выберите язык", en: "Choose a language" },
  noQuestionnaires: {
    lv: "Šajā planšetē nav anketu. Lūdzu, pasakiet darbiniekam.",
    ru: "На этом планшете нет анкет. Пожалуйста, скажите сотруднику.",
    en: "There are no questionnaires on this tablet. Please tell a member of staff.",
  },
  questionnaireMissing: {
    lv: "Šī anketa vēl nav ielādēta šajā planšetē. Lūdzu, pasakiet darbiniekam.",
    ru: "Эта анкета ещё не загружена на этот планшет. Пожалуйста, скажите сотруднику.",
    en: "This questionnaire is not on this tablet yet. Please tell a member of staff.",
  },

  // ---- Saving on the tablet ------------------------------------------------------------------------
  saving: { lv: "Saglabā atbildes…", ru: "Сохраняем ответы…", en: "Saving your answers…" },
  saveFailed: {
    lv: "Atbildes neizdevās saglabāt. Lūdzu, pasakiet darbiniekam.",
    ru: "Не удалось сохранить ответы. Пожалуйста, скажите сотруднику.",
    en: "Your answers could not be saved. Please tell a member of staff.",
  },

  // ---- "Are you still there?" ----------------------------------------------------------------------
  idleTitle: { lv: "Vai Jūs vēl esat šeit?", ru: "Вы ещё здесь?", en: "Are you still there?" },
  idleBody: {
    lv: "Ja neturpināsiet, anketa sāksies no sākuma. Atbildes netiks saglabātas.",
    ru: "Если Вы не продолжите, анкета начнётся сначала. Ответы не будут сохранены.",
    en: "If you do not continue, the questionnaire will start again. Your answers will not be kept.",
  },
  idleCountdown: { lv: "Atlicis laiks: {n} s", ru: "Осталось: {n} с", en: "Time left: {n} s" },
  continue: { lv: "Turpināt", ru: "Продолжить", en: "Continue" },

  // ---- Tablet enrolment (staff) --------------------------------------------------------------------
  enrolTitle: { lv: "Planšetes pievienošana pētījumam", ru: "Подключение планшета к исследованию", en: "Connect this tablet to the study" },
  enrolIntro: {
    lv: "Ievadiet pievienošanas kodu, ko saņēmāt no pētnieku komandas.",
    ru: "Введите код подключения, полученный от команды исследователей.",
    en: "Type the enrolment code you got from the research team.",
  },
  enrolCodeLabel: { lv: "Pievienošanas kods", ru: "Код подключения", en: "Enrolment code" },
  enrolCodeHint: { lv: "Piemēram: K7QM-2XWD", ru: "Например: K7QM-2XWD", en: "For example: K7QM-2XWD" },
  enrolSubmit: { lv: "Pievienot", ru: "Подключить", en: "Connect" },
  enrolBusy: { lv: "Pievieno…", ru: "Подключаем…", en: "Connecting…" },
  enrolCodeShape: {
    lv: "Kodā ir 8 burti vai cipari, piemēram, K7QM-2XWD.",
    ru: "В коде 8 букв или цифр, например K7QM-2XWD.",
    en: "The code has 8 letters or digits, for example K7QM-2XWD.",
  },
  enrolInvalidCode: {
    lv: "Šis kods nav derīgs: tas nav zināms, jau izmantots vai tam beidzies termiņš (kods derīgs 24 stundas). Palūdziet jaunu kodu.",
    ru: "Этот код недействителен: он неизвестен, уже использован или истёк (код действует 24 часа). Попросите новый код.",
    en: "This code does not work: it is unknown, already used or expired (a code works for 24 hours). Ask for a new code.",
  },
  enrolNetwork: {
    lv: "Nav savienojuma ar serveri. Pārbaudiet tīklu un mēģiniet vēlreiz.",
    ru: "Нет связи с сервером. Проверьте сеть и попробуйте ещё раз.",
    en: "No connection to the server. Check the network and try again.",
  },
  enrolStudyClosed: {
    lv: "Pētījums ir slēgts, tāpēc planšeti pievienot nevar.",
    ru: "Исследование закрыто, поэтому подключить планшет нельзя.",
    en: "The study is closed, so the tablet cannot be connected.",
  },
  enrolOther: {
    lv: "Planšeti neizdevās pievienot (kļūda: {code}). Mēģiniet vēlreiz.",
    ru: "Не удалось подключить планшет (ошибка: {code}). Попробуйте ещё раз.",
    en: "The tablet could not be connected (error: {code}). Please try again.",
  },

  // ---- Staff PIN -----------------------------------------------------------------------------------
  pinTitle: { lv: "Darbinieka PIN kods", ru: "PIN-код сотрудника", en: "Staff PIN" },
  pinIntro: {
    lv: "Izvēlieties PIN no 4–8 cipariem. Ar to darbinieki atver planšetes iestatījumus.",
    ru: "Выберите PIN из 4–8 цифр. С ним сотрудники открывают настройки планшета.",
    en: "Choose a PIN of 4 to 8 digits. Staff use it to open the tablet's settings.",
  },
  pinLabel: { lv: "PIN", ru: "PIN", en: "PIN" },
  pinRepeatLabel: { lv: "Atkārtojiet PIN", ru: "Повторите PIN", en: "Repeat the PIN" },
  pinSubmit: { lv: "Saglabāt PIN", ru: "Сохранить PIN", en: "Save PIN" },
  pinShape: { lv: "PIN jābūt no 4 līdz 8 cipariem.", ru: "PIN должен состоять из 4–8 цифр.", en: "The PIN must be 4 to 8 digits." },
  pinMismatch: {
    lv: "PIN kodi nesakrīt. Ievadiet tos vēlreiz.",
    ru: "PIN-коды не совпадают. Введите их ещё раз.",
    en: "The two PINs are not the same. Please type them again.",
  },
  pinSaveFailed: { lv: "PIN neizdevās saglabāt. Mēģiniet vēlreiz.", ru: "Не удалось сохранить PIN. Попробуйте ещё раз.", en: "The PIN could not be saved. Please try again." },
  enrolledAs: { lv: "Planšete pievienota: {study}, {site}.", ru: "Планшет подключён: {study}, {site}.", en: "Tablet connected: {study}, {site}." },

  // ---- Staff screen --------------------------------------------------------------------------------
  staffOpen: { lv: "Darbiniekiem", ru: "Для сотрудников", en: "Staff" },
  staffSignInTitle: { lv: "Darbinieka ieeja", ru: "Вход для сотрудника", en: "Staff sign-in" },
  staffPinLabel: { lv: "Ievadiet PIN", ru: "Введите PIN", en: "Enter the PIN" },
  staffPinSubmit: { lv: "Atvērt", ru: "Открыть", en: "Open" },
  staffPinWrong: { lv: "Nepareizs PIN. Mēģiniet vēlreiz.", ru: "Неверный PIN. Попробуйте ещё раз.", en: "Wrong PIN. Please try again." },
  staffPinLocked: {
    lv: "Pārāk daudz mēģinājumu. Pagaidiet {n} s.",
    ru: "Слишком много попыток. Подождите {n} с.",
    en: "Too many tries. Please wait {n} s.",
  },
  staffInterruptWarning: {
    lv: "Iesāktā anketa tiks aizvērta, un tās atbildes netiks saglabātas.",
    ru: "Начатая анкета будет закрыта, её ответы не сохранятся.",
    en: "The questionnaire in progress will be closed and its answers will not be kept.",
  },
  staffTitle: { lv: "Planšetes stāvoklis", ru: "Состояние планшета", en: "Tablet status" },
  staffStudy: { lv: "Pētījums", ru: "Исследование", en: "Study" },
  staffSite: { lv: "Ieslodzījuma vieta", ru: "Место заключения", en: "Prison" },
  staffEnrolledOn: { lv: "Pievienota", ru: "Подключён", en: "Connected on" },
  staffQuestionnaires: { lv: "Anketas šajā planšetē", ru: "Анкеты на этом планшете", en: "Questionnaires on this tablet" },
  staffPending: { lv: "Atbildes, kas gaida nosūtīšanu", ru: "Ответы, ждущие отправки", en: "Responses waiting to be sent" },
  staffLastSync: { lv: "Pēdējā veiksmīgā sinhronizācija", ru: "Последняя успешная синхронизация", en: "Last successful sync" },
  staffNever: { lv: "vēl nav bijusi", ru: "ещё не было", en: "not yet" },
  staffLastError: { lv: "Pēdējā kļūda", ru: "Последняя ошибка", en: "Last error" },
  staffSyncingNow: { lv: "Notiek sinhronizācija…", ru: "Идёт синхронизация…", en: "Syncing…" },
  staffAside: {
    lv: "Atliktās atbildes (serveris tās nepieņēma)",
    ru: "Отложенные ответы (сервер их не принял)",
    en: "Responses kept aside (the server did not accept them)",
  },
  staffAsideNone: { lv: "Nav", ru: "Нет", en: "None" },
  staffSync: { lv: "Sinhronizēt tagad", ru: "Синхронизировать сейчас", en: "Sync now" },
  staffSyncResult: {
    lv: "Nosūtītas: {sent}, neizdevās: {failed}, atliktas: {aside}.",
    ru: "Отправлено: {sent}, не удалось: {failed}, отложено: {aside}.",
    en: "Sent: {sent}, failed: {failed}, kept aside: {aside}.",
  },
  staffSyncFailed: {
    lv: "Sinhronizācija neizdevās. Pārbaudiet tīklu.",
    ru: "Синхронизация не удалась. Проверьте сеть.",
    en: "The sync did not work. Check the network.",
  },
  staffRefresh: { lv: "Atjaunināt anketas", ru: "Обновить анкеты", en: "Update questionnaires" },
  staffRefreshDone: { lv: "Anketas atjauninātas.", ru: "Анкеты обновлены.", en: "Questionnaires updated." },
  staffRefreshFailed: {
    lv: "Anketas neizdevās atjaunināt. Pārbaudiet tīklu.",
    ru: "Не удалось обновить анкеты. Проверьте сеть.",
    en: "The questionnaires could not be updated. Check the network.",
  },
  staffIdle: { lv: "Neaktivitātes laiks", ru: "Время бездействия", en: "Idle timeout" },
  staffIdleHint: {
    lv: "Cik ilgi bez pieskāriena, līdz planšete jautā «Vai Jūs vēl esat šeit?».",
    ru: "Сколько времени без касаний, пока планшет не спросит «Вы ещё здесь?».",
    en: "How long without a touch before the tablet asks “Are you still there?”.",
  },
  staffIdleOption: { lv: "{n} min", ru: "{n} мин", en: "{n} min" },
  staffIdleOptionSeconds: { lv: "{n} s", ru: "{n} с", en: "{n} s" },
  staffSave: { lv: "Saglabāt", ru: "Сохранить", en: "Save" },
  staffSaved: { lv: "Saglabāts.", ru: "Сохранено.", en: "Saved." },
  staffSaveFailed: { lv: "Neizdevās saglabāt.", ru: "Не удалось сохранить.", en: "Could not save." },
  staffBack: { lv: "Atpakaļ uz aptauju", ru: "Назад к опросу", en: "Back to kiosk" },
  staffReset: { lv: "Atvienot planšeti", ru: "Отключить планшет", en: "Disconnect this tablet" },
  staffResetWarning: {
    lv: "Planšetē tiks dzēsts viss: pievienojums, PIN, anketas un atliktās atbildes. Pēc tam būs vajadzīgs jauns kods.",
    ru: "С планшета будет удалено всё: подключение, PIN, анкеты и отложенные ответы. Потом понадобится новый код.",
    en: "Everything on this tablet will be deleted: the connection, the PIN, the questionnaires and the responses kept aside. A new code will be needed.",
  },
  staffResetConfirm: { lv: "Jā, atvienot", ru: "Да, отключить", en: "Yes, disconnect" },
  staffResetBlocked: {
    lv: "Vispirms nosūtiet atbildes, kas gaida nosūtīšanu.",
    ru: "Сначала отправьте ответы, ждущие отправки.",
    en: "First send the responses that are waiting.",
  },

  // ---- Family page ---------------------------------------------------------------------------------
  linkGoneTitle: { lv: "Šī saite vairs nav aktīva", ru: "Эта ссылка больше не действует", en: "This link is no longer active" },
  linkUsedUp: {
    lv: "Ar šo saiti anketa jau ir aizpildīta. Paldies par Jūsu atsaucību!",
    ru: "По этой ссылке анкета уже заполнена. Спасибо за Ваш отклик!",
    en: "The questionnaire for this link has already been filled in. Thank you for your help!",
  },
  linkClosed: {
    lv: "Pētnieki ir slēguši šo saiti vai aptauju. Paldies par Jūsu interesi!",
    ru: "Исследователи закрыли эту ссылку или опрос. Спасибо за Ваш интерес!",
    en: "The researchers have closed this link or the survey. Thank you for your interest!",
  },
  linkUnknownTitle: { lv: "Saite nav atrasta", ru: "Ссылка не найдена", en: "Link not found" },
  linkUnknown: {
    lv: "Šo saiti neizdevās atpazīt. Lūdzu, pārbaudiet, vai tā ir nokopēta pilnībā.",
    ru: "Эту ссылку не удалось распознать. Пожалуйста, проверьте, что она скопирована полностью.",
    en: "We could not recognise this link. Please check that it was copied in full.",
  },
  linkContact: {
    lv: "Ja Jums ir jautājumi, sazinieties ar cilvēku, kas Jums nosūtīja saiti.",
    ru: "Если у Вас есть вопросы, свяжитесь с человеком, который прислал Вам ссылку.",
    en: "If you have questions, please contact the person who sent you the link.",
  },
  loadFailed: {
    lv: "Anketu neizdevās ielādēt. Pārbaudiet interneta savienojumu un mēģiniet vēlreiz.",
    ru: "Не удалось загрузить анкету. Проверьте подключение к интернету и попробуйте ещё раз.",
    en: "The questionnaire could not be loaded. Check your internet connection and try again.",
  },
  sending: { lv: "Sūta atbildes…", ru: "Отправляем ответы…", en: "Sending your answers…" },
  retryingTitle: { lv: "Nav savienojuma", ru: "Нет связи", en: "No connection" },
  retrying: {
    lv: "Atbildes vēl nav nosūtītas. Lūdzu, neaizveriet šo lapu.",
    ru: "Ответы ещё не отправлены. Пожалуйста, не закрывайте эту страницу.",
    en: "Your answers have not been sent yet. Please do not close this page.",
  },
  retryingIn: { lv: "Mēģināsim vēlreiz pēc {n} s.", ru: "Попробуем снова через {n} с.", en: "We will try again in {n} s." },
  retryNow: { lv: "Mēģināt tūlīt", ru: "Попробовать сейчас", en: "Try again now" },
  sendRejected: {
    lv: "Atbildes neizdevās pieņemt (kļūda: {code}). Lūdzu, mēģiniet vēlreiz vai sazinieties ar cilvēku, kas Jums nosūtīja saiti.",
    ru: "Ответы не удалось принять (ошибка: {code}). Пожалуйста, попробуйте ещё раз или свяжитесь с человеком, который прислал Вам ссылку.",
    en: "Your answers could not be accepted (error: {code}). Please try again or contact the person who sent you the link.",
  },
} as const satisfies Record<string, Text>;

/**
 * Why the server kept a tablet response aside, in words staff understand. Codes not listed here show
 * the server's own detail text.
 */
export const asideReasons: Readonly<Record<string, Text>> = {
  "response.invalid_answers": {
    lv: "Atbildes neatbilst anketai (iespējams, anketa ir mainīta).",
    ru: "Ответы не подходят к анкете (возможно, анкета изменена).",
    en: "The answers do not match the questionnaire (it may have changed).",
  },
  "response.unknown_instrument_version": {
    lv: "Serveris nezina šo anketas versiju.",
    ru: "Сервер не знает эту версию анкеты.",
    en: "The server does not know this questionnaire version.",
  },
  "response.duplicate_conflict": {
    lv: "Serverī jau ir citas atbildes ar to pašu numuru.",
    ru: "На сервере уже есть другие ответы с тем же номером.",
    en: "The server already has different answers with the same number.",
  },
  "study.closed": { lv: "Pētījums ir slēgts.", ru: "Исследование закрыто.", en: "The study is closed." },
  "study.not_open": { lv: "Pētījums vēl nav sācies.", ru: "Исследование ещё не началось.", en: "The study has not started yet." },
  "study.instrument_not_included": {
    lv: "Šī anketa vairs nav pētījumā.",
    ru: "Этой анкеты больше нет в исследовании.",
    en: "This questionnaire is no longer part of the study.",
  },
  "credential.revoked": {
    lv: "Pētnieki ir atsaukuši šīs planšetes pievienojumu.",
    ru: "Исследователи отозвали подключение этого планшета.",
    en: "The research team withdrew this tablet's connection.",
  },
  "credential.invalid": {
    lv: "Serveris neatpazīst šo planšeti.",
    ru: "Сервер не узнаёт этот планшет.",
    en: "The server does not recognise this tablet.",
  },
};
