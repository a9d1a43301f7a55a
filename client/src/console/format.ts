/**
 * Wordings built from the texts for values that come from the server: a study's period, a channel, a
 * role, an age group, an audit action. A value this console does not know yet (a new channel or action on
 * the server) is shown as the server wrote it rather than hidden.
 */
import type { Study } from "./api.ts";
import type { Translator } from "./i18n.tsx";
import { TEXTS, type TextKey } from "./texts.ts";

const KEYS: ReadonlySet<string> = new Set(Object.keys(TEXTS.lv));

function isTextKey(key: string): key is TextKey {
  return KEYS.has(key);
}

function named(prefix: string, value: string, tr: Translator): string {
  const key = `${prefix}${value}`;
  return isTextKey(key) ? tr.t(key) : value;
}

export function studyPeriod(study: Pick<Study, "opensOn" | "closesOn">, tr: Translator): string {
  const { t, day } = tr;
  if (study.opensOn && study.closesOn) return t("periodBoth", { from: day(study.opensOn), until: day(study.closesOn) });
  if (study.opensOn) return t("periodFrom", { day: day(study.opensOn) });
  if (study.closesOn) return t("periodUntil", { day: day(study.closesOn) });
  return t("periodAny");
}

export const channelShort = (channel: string, tr: Translator): string => named("channelShort_", channel, tr);
export const channelLong = (channel: string, tr: Translator): string => named("channel_", channel, tr);
export const roleName = (role: string, tr: Translator): string => named("role_", role, tr);
export const actionName = (action: string, tr: Translator): string => named("action_", action, tr);

export function ageGroupName(group: string | null, tr: Translator): string {
  return group === null ? tr.t("ageUnknown") : named("age_", group, tr);
}
