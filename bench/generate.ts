/**
 * Valid, varied responses for benchmarks: the youth, seniors and both family questionnaires, with
 * realistic spread over answers, free text and age groups. A seeded generator makes runs repeatable.
 */

/** mulberry32: a small, fast, seeded PRNG. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ["ģimene", "tikšanās", "psihologs", "sports", "mācības", "atbalsts", "vēstules", "darbs", "bērni", "brīvdienas"];

export function generator(seed: number) {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const chance = (p: number) => random() < p;
  const sentence = () => Array.from({ length: 3 + Math.floor(random() * 10) }, () => pick(WORDS)).join(" ");
  const rating = () => 1 + Math.floor(random() * 5);
  const some = <T>(list: readonly T[]) => list.filter(() => chance(0.4));
  const rated = (rows: readonly string[]) =>
    Object.fromEntries(rows.filter(() => chance(0.8)).map((row) => [row, chance(0.3) ? { rating: rating(), reason: sentence() } : { rating: rating() }]));

  const prisonerCommon = () => {
    const takesPart = pick(["yes", "no"]);
    const aware = pick(["yes", "no"]);
    const needed = some(["more-meetings", "conflict-support", "family-therapy", "joint-activities", "family-education"]);
    return {
      gender: pick(["female", "male"]),
      support_participation: takesPart,
      ...(takesPart === "yes" ? { support_participation_types: ["psychological", "leisure"].slice(0, 1 + Math.floor(random() * 2)) } : {}),
      education_participation: pick(["yes", "no"]),
      support_needs_fit: rated(["psychological", "social-work", "leisure", "resocialisation", "education"]),
      family_contact: pick(["yes", "yes", "no"]),
      family_day_importance: pick([1, 2, 3, 4, 5, 5, 4, "no-opportunity"]),
      family_support_awareness: aware,
      ...(aware === "yes" ? { family_support_awareness_which: sentence(), family_support_awareness_sources: ["municipality"] } : {}),
      activity_usefulness: rated(["psychological", "social-work", "leisure", "education", "resocialisation"]),
      family_support_needed: needed.length > 0 ? needed : ["more-meetings"],
    };
  };

  const familyCommon = () => ({
    prisoner_gender: pick(["female", "male"]),
    relationship: pick(["parent", "sibling", "child", "spouse", "relative", "friend", "prefer-not"]),
    family_contact_frequency: pick(["1-per-month", "2-per-month", "3-per-month", "more-often"]),
    family_days_frequent_enough: pick(["yes", "no", "dont-know"]),
    family_day_importance: pick([1, 2, 3, 4, 5, "no-opportunity"]),
    family_support_awareness: "no",
    family_activity_usefulness: rated(["family-atmosphere", "time-together", "games-workshops", "photos-memories", "celebrations"]),
    family_support_needed: ["more-meetings", ...some(["family-education", "joint-activities"])],
  });

  return {
    random,
    pick,
    youth(): { answers: Record<string, unknown>; ageGroup: string } {
      const band = pick(["under-18", "18-21", "18-21", "22-25", "22-25"]);
      return {
        ageGroup: band,
        answers: {
          age_band: band,
          ...(band === "under-18" ? { age_exact: 14 + Math.floor(random() * 4) } : {}),
          ...prisonerCommon(),
          family_contact_frequency: pick(["1-per-month", "2-per-month", "3-per-month", "more-often", "no-contact"]),
        },
      };
    },
    seniors(): { answers: Record<string, unknown>; ageGroup: string } {
      const band = pick(["60-70", "60-70", "60-70", "over-70"]);
      return { ageGroup: band, answers: { age_band: band, ...prisonerCommon(), family_contact_frequency: pick(["1-per-month", "2-per-month", "more-often"]) } };
    },
    youthFamily(): { answers: Record<string, unknown>; ageGroup: string } {
      const band = pick(["18-21", "22-25"]);
      return { ageGroup: band, answers: { prisoner_age_band: band, ...familyCommon() } };
    },
    seniorsFamily(): { answers: Record<string, unknown>; ageGroup: string } {
      const band = pick(["60-70", "over-70"]);
      return { ageGroup: band, answers: { prisoner_age_band: band, ...familyCommon() } };
    },
  };
}
