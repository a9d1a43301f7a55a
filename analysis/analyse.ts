/**
 * The analysis of a study's responses: from stored responses and instrument JSON to the results the JSON
 * endpoint returns and the PDF draws, grouped by the canonical age groups, with small groups protected
 * in published mode.
 */
import { codebook } from "./codebook.ts";
import { AGE_GROUP_ORDER, cell, planGroups, protectCells, UNKNOWN_GROUP } from "./disclosure.ts";
import { choiceBreakdown, likertBreakdown, textBreakdown, type BreakdownContext } from "./breakdown.ts";
import { tidy } from "./tidy.ts";
import type { AnalysisResult, ItemResult, LocalizedText, Mode, ResponseRecord, SampleCell } from "./types.ts";

export interface AnalysisInput {
  study: { id: string; name: string };
  /** The instruments to analyse, in appendix order; items with the same key are pooled across them. */
  instruments: readonly { id: string; title: LocalizedText; json: unknown }[];
  responses: readonly ResponseRecord[];
  mode: Mode;
  threshold: number;
  /** The day the analysis is made (YYYY-MM-DD); passed in so results are reproducible. */
  generatedOn: string;
  /** Seed of any Monte Carlo test. */
  seed?: number;
}

const DEFAULT_SEED = 20250101;

/**
 * Analyses every item of the instruments by age group.
 * @example analyse({ study, instruments: [youth, seniors], responses, mode: "published", threshold: 5, generatedOn: "2026-03-02" })
 */
export function analyse(input: AnalysisInput): AnalysisResult {
  const ids = new Set(input.instruments.map((i) => i.id));
  const responses = input.responses.filter((r) => ids.has(r.instrumentId));
  const items = codebook(input.instruments);

  const counts: Record<string, number> = {};
  for (const r of responses) {
    const g = r.ageGroup ?? UNKNOWN_GROUP;
    counts[g] = (counts[g] ?? 0) + 1;
  }
  const plan = planGroups(counts, input.mode, input.threshold);
  const groupIndex = new Map<string, number>();
  plan.groups.forEach((g, index) => g.members.forEach((m) => groupIndex.set(m, index)));

  const table = tidy(responses, items);
  const groupOf = new Int32Array(table.length);
  for (let i = 0; i < table.length; i += 1) groupOf[i] = groupIndex.get(table.ageGroup[i] ?? UNKNOWN_GROUP) ?? -1;
  const ctx: BreakdownContext = { groups: plan.groups, groupOf, mode: input.mode, threshold: input.threshold, seed: input.seed ?? DEFAULT_SEED };

  const results: ItemResult[] = items.map((item) => {
    const column = table.columns.get(item.key)!;
    if (item.kind === "likert") return likertBreakdown(item, column, ctx);
    if (item.kind === "single" || item.kind === "multiple") return choiceBreakdown(item, column, table.otherTexts.get(item.key), ctx);
    return textBreakdown(item, column, ctx);
  });

  let from: string | null = null;
  let to: string | null = null;
  for (let i = 0; i < table.length; i += 1) {
    if (groupOf[i]! < 0) continue;
    const day = table.receivedOn[i]!;
    if (from === null || day < from) from = day;
    if (to === null || day > to) to = day;
  }

  return {
    study: input.study,
    mode: input.mode,
    instruments: input.instruments.map((i) => ({ id: i.id, title: i.title })),
    period: { from, to },
    generatedOn: input.generatedOn,
    threshold: input.threshold,
    plan,
    // In published mode only the shown groups count: a total with left-out groups in it would reveal them.
    totalResponses: plan.groups.reduce((s, g) => s + g.n, 0),
    sample: sampleTable(table, ctx),
    items: results,
  };
}

/** Respondents by shown group x instrument x channel x site, each group's cells adding up to its n. */
function sampleTable(table: ReturnType<typeof tidy>, ctx: BreakdownContext): SampleCell[] {
  const counts = new Map<string, { group: string; instrument: string; channel: string; site: string; n: number }>();
  for (let i = 0; i < table.length; i += 1) {
    const g = ctx.groupOf[i]!;
    if (g < 0) continue;
    const group = ctx.groups[g]!.key;
    const site = table.site[i] ?? "none";
    const key = [group, table.instrument[i], table.channel[i], site].join("\u0000");
    const entry = counts.get(key) ?? { group, instrument: table.instrument[i]!, channel: table.channel[i]!, site, n: 0 };
    entry.n += 1;
    counts.set(key, entry);
  }
  const order = (group: string) => AGE_GROUP_ORDER.indexOf(group.split("+")[0] as (typeof AGE_GROUP_ORDER)[number]);
  const cells = [...counts.values()].sort(
    (a, b) => order(a.group) - order(b.group) || a.instrument.localeCompare(b.instrument) || a.channel.localeCompare(b.channel) || a.site.localeCompare(b.site),
  );
  const relations = ctx.groups.map((group) => cells.flatMap((c, i) => (c.group === group.key ? [i] : [])));
  const hidden = protectCells(
    cells.map((c) => c.n),
    relations,
    ctx.threshold,
  );
  return cells.map((c, i) => ({ group: c.group, instrument: c.instrument, channel: c.channel, site: c.site, count: cell(c.n, hidden[i]!, ctx.mode) }));
}
