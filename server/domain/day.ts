/**
 * Dates the platform keeps are days, never times: a time of day on a response could tie it to the prisoner
 * who held the tablet at that minute. Days are counted in Latvia's time zone, where the study runs.
 */
const RIGA_DAY = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Europe/Riga",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** The calendar day in Riga of an instant, as `YYYY-MM-DD`. */
export function rigaDay(instant: Date): string {
  return RIGA_DAY.format(instant);
}
