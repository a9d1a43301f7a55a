/**
 * `npm run instruments:check [id ...]`: runs the structural checks of lint.ts over the registered
 * instruments (all of them when no id is given) and prints what survey-core numbers, so whoever edits an
 * instrument sees at once whether it still matches the study. Exits 1 when any check fails.
 */
import { INSTRUMENTS } from "./index.ts";
import { loadInstrument } from "./catalog.ts";
import { lintInstrument, numberingRuns } from "./lint.ts";

const wanted = process.argv.slice(2);
const unknown = wanted.filter((id) => !INSTRUMENTS.some((d) => d.id === id));
if (unknown.length > 0) {
  console.error(`unknown instrument id: ${unknown.join(", ")}`);
  process.exit(2);
}

let failed = 0;
for (const descriptor of INSTRUMENTS.filter((d) => wanted.length === 0 || wanted.includes(d.id))) {
  let problems: string[];
  let counts = "";
  try {
    const { json } = loadInstrument(descriptor);
    problems = lintInstrument(json, descriptor.questionCounts);
    counts = numberingRuns(json).counts.join("+");
  } catch (error) {
    problems = [(error as Error).message];
  }
  const status = problems.length === 0 ? "ok  " : "FAIL";
  console.log(`${status} ${descriptor.id} (appendix ${descriptor.appendix}): numbered ${counts || "-"}, study ${descriptor.questionCounts.join("+")}`);
  for (const p of problems) console.log(`       ${p}`);
  if (problems.length > 0) failed += 1;
}
process.exit(failed > 0 ? 1 : 0);
