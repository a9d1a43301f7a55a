/**
 * The questions that several instruments ask alike. They carry the same name, type and codes in every
 * instrument that has them (the wording stays each appendix's own), and analysis pools their answers
 * across instruments. Tests check every entry against the JSON files.
 */
import type { InstrumentId } from "./index.ts";

export interface SharedItem {
  name: string;
  instruments: readonly InstrumentId[];
  /**
   * Choice values some instruments do not offer because their appendix does not have that answer.
   * The remaining values must still be identical.
   */
  notOfferedIn?: Readonly<Partial<Record<InstrumentId, readonly (string | number)[]>>>;
}

const PRISONER_QUESTIONNAIRES = ["youth", "seniors"] as const;
const FAMILY_QUESTIONNAIRES = ["youth-family", "seniors-family"] as const;
const ALL_QUESTIONNAIRES = ["youth", "youth-family", "seniors", "seniors-family", "mothers"] as const;
const PRISONER_AND_MOTHER = ["youth", "seniors", "mothers"] as const;

export const SHARED_ITEMS: readonly SharedItem[] = [
  { name: "support_participation", instruments: PRISONER_QUESTIONNAIRES },
  { name: "support_participation_types", instruments: PRISONER_QUESTIONNAIRES },
  { name: "education_participation", instruments: PRISONER_QUESTIONNAIRES },
  { name: "support_needs_fit", instruments: PRISONER_QUESTIONNAIRES },
  { name: "family_contact", instruments: PRISONER_AND_MOTHER },
  {
    name: "family_contact_frequency",
    instruments: ALL_QUESTIONNAIRES,
    // Only appendix 1 offers "Neuzturu kontaktu ar ģimenes locekļiem".
    notOfferedIn: {
      "youth-family": ["no-contact"],
      seniors: ["no-contact"],
      "seniors-family": ["no-contact"],
      mothers: ["no-contact"],
    },
  },
  { name: "family_day_importance", instruments: ALL_QUESTIONNAIRES },
  { name: "family_support_awareness", instruments: ALL_QUESTIONNAIRES },
  { name: "family_support_awareness_which", instruments: ALL_QUESTIONNAIRES },
  { name: "family_support_awareness_sources", instruments: ALL_QUESTIONNAIRES },
  { name: "activity_usefulness", instruments: PRISONER_QUESTIONNAIRES },
  { name: "family_support_needed", instruments: ALL_QUESTIONNAIRES },
  { name: "relationship", instruments: FAMILY_QUESTIONNAIRES },
  { name: "known_activities", instruments: FAMILY_QUESTIONNAIRES },
  { name: "family_days_frequent_enough", instruments: FAMILY_QUESTIONNAIRES },
  { name: "family_days_frequent_enough_reason", instruments: FAMILY_QUESTIONNAIRES },
  { name: "family_activity_usefulness", instruments: FAMILY_QUESTIONNAIRES },
  { name: "family_activity_usefulness_other", instruments: FAMILY_QUESTIONNAIRES },
  { name: "family_activity_usefulness_other_reason", instruments: FAMILY_QUESTIONNAIRES },
];
