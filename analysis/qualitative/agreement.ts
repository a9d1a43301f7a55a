/**
 * Agreement between two coders, so that a team can show that its codebook is applied consistently before
 * one coder codes the rest (and report it, as qualitative journals ask).
 *
 * The unit. Character-level agreement punishes two coders who mark the same passage a few words apart,
 * which says nothing about whether they read it the same way; so the unit is a block: one (session,
 * block) pair, where the block is a guide question ("challenges_in_work") or a transcript segment
 * ("segment:7"). For each code, each coder scores each unit 1 when they applied the code anywhere in that
 * block and 0 when they did not. Only sessions that both coders have coded count (a session one of them
 * has not started would look like a string of disagreements). The units are the blocks of those sessions
 * that either coder coded with any code, plus, when the caller lists them, every block of those sessions
 * (blocks neither coder found anything in then count as agreement that no code applies). Codes are scored
 * separately: applying a child code is not applying its parent.
 *
 * Per code the 2x2 table is a (both 1), b (coder A only), c (coder B only), d (both 0), with percentage
 * agreement (a + d) / n and Cohen's kappa, κ = (po − pe) / (1 − pe) = 2(ad − bc) / ((a+b)(b+d) + (a+c)(c+d))
 * (Cohen 1960). Kappa is undefined when pe = 1, which for two coders happens exactly when both gave the
 * same single value to every unit (the code was applied everywhere or nowhere by both): it is then null
 * with a reason, never 0 or NaN. The overall figure is the pooled kappa of De Vries, Elliott, Kanouse and
 * Teleki (2008, Field Methods 20(3):272–282): (mean po − mean pe) / (1 − mean pe) over all codes, which
 * is defined even when some codes are constant and weighs rare codes less than an average of kappas does.
 */
import type { LocalizedText } from "../types.ts";
import type { Coding } from "./types.ts";

/** a: both coders applied the code; b: coder A only; c: coder B only; d: neither. */
export interface TwoByTwo {
  a: number;
  b: number;
  c: number;
  d: number;
}

export type KappaUndefinedCode = "no-units" | "no-variation";

export interface KappaResult {
  /** Observed agreement (a + d) / n; null without units. */
  po: number | null;
  /** Agreement expected by chance from the two coders' margins; null without units. */
  pe: number | null;
  kappa: number | null;
  /** Why kappa is null, when it is. */
  undefinedReason: { code: KappaUndefinedCode; text: LocalizedText } | null;
}

export interface CodeAgreement extends TwoByTwo, KappaResult {
  codeId: string;
  /** Units: a + b + c + d. */
  n: number;
  /** 100 · po, null without units. */
  percentAgreement: number | null;
}

export interface AgreementResult {
  coderA: number;
  coderB: number;
  /** Sessions both coders coded, sorted. */
  sessions: string[];
  /** Units (session, block) compared. */
  units: number;
  /** One entry per requested code, in the order asked. */
  codes: CodeAgreement[];
  /** Pooled kappa across all the codes (De Vries et al. 2008). */
  pooled: KappaResult & { percentAgreement: number | null };
}

export interface AgreementOptions {
  coderA: number;
  coderB: number;
  /** The codes to compare, in report order (usually the codable codes of the codebook in display order). */
  codeIds: readonly string[];
  /** Every block of the sessions, coded or not; without it the units are the blocks someone coded. */
  blocks?: readonly { sessionId: string; blockKey: string }[];
}

const REASONS: Record<KappaUndefinedCode, LocalizedText> = {
  "no-units": {
    lv: "Nav neviena bloka, ko būtu kodējuši abi kodētāji.",
    ru: "Нет ни одного блока, который закодировали бы оба кодировщика.",
    en: "No block was coded by both coders.",
  },
  "no-variation": {
    lv: "Kappa nav definēta: abi kodētāji visiem blokiem deva vienu un to pašu vērtību (kods lietots visur vai nekur).",
    ru: "Каппа не определена: оба кодировщика дали всем блокам одно и то же значение (код применён везде или нигде).",
    en: "Kappa is undefined: both coders gave every block the same value (the code was applied everywhere or nowhere).",
  },
};

function undefinedKappa(code: KappaUndefinedCode, po: number | null, pe: number | null): KappaResult {
  return { po, pe, kappa: null, undefinedReason: { code, text: REASONS[code] } };
}

/**
 * Cohen's kappa of one 2x2 table. Computed from the integer form 2(ad − bc) / ((a+b)(b+d) + (a+c)(c+d)),
 * whose denominator is zero exactly when pe = 1, so the undefined case is found without comparing floats.
 *
 * @example cohensKappa({ a: 20, b: 5, c: 10, d: 15 }) // { po: 0.7, pe: 0.5, kappa: 0.4, undefinedReason: null }
 */
export function cohensKappa(table: TwoByTwo): KappaResult {
  const { a, b, c, d } = table;
  const n = a + b + c + d;
  if (n === 0) return undefinedKappa("no-units", null, null);
  const po = (a + d) / n;
  const pe = ((a + b) * (a + c) + (c + d) * (b + d)) / (n * n);
  const denominator = (a + b) * (b + d) + (a + c) * (c + d);
  if (denominator === 0) return undefinedKappa("no-variation", po, pe);
  return { po, pe, kappa: (2 * (a * d - b * c)) / denominator, undefinedReason: null };
}

/**
 * Pooled kappa over several tables of the same units (De Vries et al. 2008): the mean observed and the
 * mean chance agreement across the tables, combined as in Cohen's formula. Null with a reason when there
 * are no tables or units, or when every table is constant (mean pe = 1).
 *
 * @example pooledKappa([{ a: 20, b: 5, c: 10, d: 15 }, { a: 20, b: 5, c: 10, d: 15 }]).kappa // 0.4
 */
export function pooledKappa(tables: readonly TwoByTwo[]): KappaResult {
  const usable = tables.filter((t) => t.a + t.b + t.c + t.d > 0);
  if (usable.length === 0) return undefinedKappa("no-units", null, null);
  let po = 0;
  let pe = 0;
  for (const t of usable) {
    const n = t.a + t.b + t.c + t.d;
    po += (t.a + t.d) / n;
    pe += ((t.a + t.b) * (t.a + t.c) + (t.c + t.d) * (t.b + t.d)) / (n * n);
  }
  po /= usable.length;
  pe /= usable.length;
  if (usable.every((t) => (t.a + t.b) * (t.b + t.d) + (t.a + t.c) * (t.c + t.d) === 0)) return undefinedKappa("no-variation", po, pe);
  return { po, pe, kappa: (po - pe) / (1 - pe), undefinedReason: null };
}

const unitKey = (sessionId: string, blockKey: string) => `${sessionId}\u0000${blockKey}`;

/**
 * Agreement of two coders on each code and overall, over the units defined in this module's header.
 * Codings of other coders are ignored; codings of codes not asked for still make their block a unit.
 * Throws a RangeError when coderA and coderB are the same coder.
 *
 * @example computeAgreement(codings, { coderA: 1, coderB: 2, codeIds: codable.map((c) => c.id) }).pooled.kappa
 */
export function computeAgreement(codings: readonly Coding[], options: AgreementOptions): AgreementResult {
  const { coderA, coderB, codeIds } = options;
  if (coderA === coderB) throw new RangeError("agreement needs two different coders");
  const sessionsOf = (coder: number) => new Set(codings.filter((c) => c.coderId === coder).map((c) => c.sessionId));
  const sessionsA = sessionsOf(coderA);
  const sessionsB = sessionsOf(coderB);
  const shared = new Set([...sessionsA].filter((s) => sessionsB.has(s)));

  const units = new Set<string>();
  const applied = new Map<string, { a: Set<string>; b: Set<string> }>(codeIds.map((id) => [id, { a: new Set(), b: new Set() }]));
  for (const coding of codings) {
    if ((coding.coderId !== coderA && coding.coderId !== coderB) || !shared.has(coding.sessionId)) continue;
    const key = unitKey(coding.sessionId, coding.blockKey);
    units.add(key);
    const sets = applied.get(coding.codeId);
    if (sets) (coding.coderId === coderA ? sets.a : sets.b).add(key);
  }
  for (const block of options.blocks ?? []) if (shared.has(block.sessionId)) units.add(unitKey(block.sessionId, block.blockKey));

  const n = units.size;
  const tables: TwoByTwo[] = [];
  const codes: CodeAgreement[] = codeIds.map((codeId) => {
    const sets = applied.get(codeId)!;
    let a = 0;
    for (const key of sets.a) if (sets.b.has(key)) a += 1;
    const table = { a, b: sets.a.size - a, c: sets.b.size - a, d: n - sets.a.size - sets.b.size + a };
    tables.push(table);
    const kappa = cohensKappa(table);
    return { codeId, n, ...table, percentAgreement: kappa.po === null ? null : 100 * kappa.po, ...kappa };
  });
  const pooled = pooledKappa(tables);
  return {
    coderA,
    coderB,
    sessions: [...shared].sort(),
    units: n,
    codes,
    pooled: { ...pooled, percentAgreement: pooled.po === null ? null : 100 * pooled.po },
  };
}
