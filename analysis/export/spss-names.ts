/**
 * SPSS variable names for export columns. The data files keep the instruments' own names
 * (`support_needs_fit.psychological`, `family_support_needed__more-meetings`), which SPSS does not accept
 * as they are, so every column gets a valid SPSS name by one fixed rule, listed in the codebook beside the
 * original. The rule is deterministic: the same columns in the same order always get the same names.
 *
 * 1. Every character other than A-Z, a-z, 0-9 and "_" becomes "_" (so "." and "-" become "_").
 * 2. A name that does not start with a letter gets the prefix "v_".
 * 3. Trailing "_" are dropped (SPSS reserves such names for variables its procedures create).
 * 4. A reserved word (ALL AND BY EQ GE GT LE LT NE NOT OR TO WITH) gets the suffix "_v".
 * 5. A name longer than 64 bytes is cut to 57 characters plus "_" and 6 hex digits of a hash of the
 *    original name, so two long names that share their start stay apart.
 * 6. A name already taken (SPSS compares names without regard to case) gets "_2", "_3", ... .
 */

const RESERVED = new Set(["ALL", "AND", "BY", "EQ", "GE", "GT", "LE", "LT", "NE", "NOT", "OR", "TO", "WITH"]);
export const SPSS_NAME_MAX = 64;

/** FNV-1a, 32 bits: a small stable hash, enough to tell long names apart. */
function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0").slice(0, 6);
}

/** The SPSS name of one column, before making it unique among the others (steps 1-5). */
export function spssName(name: string): string {
  let out = name.replace(/[^A-Za-z0-9_]/g, "_");
  if (!/^[A-Za-z]/.test(out)) out = `v_${out}`;
  out = out.replace(/_+$/, "");
  if (RESERVED.has(out.toUpperCase())) out = `${out}_v`;
  if (out.length > SPSS_NAME_MAX) out = `${out.slice(0, SPSS_NAME_MAX - 7)}_${shortHash(name)}`;
  return out;
}

/**
 * Valid, unique SPSS names for the columns, in their order.
 * @example spssNames(["support_needs_fit.social-work", "to", "1st"]) // ["support_needs_fit_social_work", "to_v", "v_1st"]
 */
export function spssNames(names: readonly string[]): string[] {
  const taken = new Set<string>();
  return names.map((name) => {
    const base = spssName(name);
    let candidate = base;
    for (let n = 2; taken.has(candidate.toUpperCase()); n += 1) {
      const suffix = `_${n}`;
      candidate = `${base.slice(0, SPSS_NAME_MAX - suffix.length)}${suffix}`;
    }
    taken.add(candidate.toUpperCase());
    return candidate;
  });
}
