/**
 * Runs the analysis of a study: reads its responses, hands them with the instruments' JSON to analysis/
 * (which never touches the database), and returns the results. When the study's interviews are coded, the
 * findings of the coding ride along in `qualitative`, so the JSON and the PDF report both carry them.
 */
import type { LoadedInstrument } from "../../instruments/catalog.ts";
import { analyse } from "../../analysis/analyse.ts";
import type { AnalysisResult, Mode, ResponseRecord } from "../../analysis/types.ts";
import { rigaDay } from "../domain/day.ts";
import { Problem } from "../http/problem.ts";
import type { Db } from "../store/db.ts";
import { listResponses } from "../store/responses.ts";
import { qualitativeFindings } from "./coding.ts";
import { requireInstrument, requireStudy } from "./studies.ts";

export interface AnalysisDeps {
  db: Db;
  catalog: readonly LoadedInstrument[];
  clock: () => Date;
}

/**
 * The analysis of a study's responses to the given instruments (all of the study's when none are given).
 */
export function studyAnalysis(deps: AnalysisDeps, studyId: string, options: { instruments?: readonly string[]; mode: Mode }): AnalysisResult {
  const study = requireStudy(deps.db, studyId);
  const wanted = options.instruments && options.instruments.length > 0 ? options.instruments : study.instruments;
  const instruments = deps.catalog.filter((item) => wanted.includes(item.descriptor.id));
  for (const id of wanted) {
    if (!instruments.some((i) => i.descriptor.id === id)) throw new Problem("instrument.not_found", `There is no instrument "${id}".`, { id });
    requireInstrument(study, id);
  }
  // Interview guides are analysed through their coding (below), not as questionnaires with no answers.
  const questionnaires = instruments.filter((i) => i.descriptor.kind === "questionnaire");
  const ids = new Set(questionnaires.map((i) => i.descriptor.id as string));
  const responses: ResponseRecord[] = listResponses(deps.db, study.id)
    .filter((row) => ids.has(row.instrumentId))
    .map((row) => ({
      id: row.id,
      instrumentId: row.instrumentId,
      ageGroup: row.ageGroup,
      channel: row.channel,
      site: row.siteId,
      receivedOn: row.receivedOn,
      answers: JSON.parse(row.answers) as Record<string, unknown>,
    }));
  const result = analyse({
    study: { id: study.id, name: study.name },
    instruments: questionnaires.map((i) => ({ id: i.descriptor.id, title: i.descriptor.title, json: i.json })),
    responses,
    mode: options.mode,
    threshold: study.disclosureThreshold,
    generatedOn: rigaDay(deps.clock()),
  });
  // Instruments asked for by name narrow the interviews too; by default every coded session counts.
  const qualitative = qualitativeFindings(deps.db, study, { mode: options.mode, instruments: options.instruments });
  return qualitative ? { ...result, qualitative } : result;
}
