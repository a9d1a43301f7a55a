/**
 * Reads the instrument JSON files named by the registry and gives each its content version.
 *
 * The version is a hash of the parsed JSON (not of the file's bytes), so re-indenting a file does not make
 * a new version while any change of wording, choices or logic does. Responses record the version they
 * answered, and the server serves it as the ETag.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { INSTRUMENTS, type InstrumentDescriptor, type InstrumentId } from "./index.ts";

const INSTRUMENTS_DIR = fileURLToPath(new URL(".", import.meta.url));

export interface LoadedInstrument {
  descriptor: InstrumentDescriptor;
  /** The SurveyJS JSON as parsed from the file. */
  json: Record<string, unknown>;
  /** Content hash of the JSON: 16 hex digits of SHA-256 over its canonical serialisation. */
  version: string;
}

/** Path of an instrument's JSON file. */
export function instrumentPath(id: InstrumentId, dir: string = INSTRUMENTS_DIR): string {
  return `${dir.replace(/\/$/, "")}/${id}.json`;
}

/** Serialises JSON with object keys sorted, so equal content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** The content version of an instrument JSON. */
export function versionOf(json: unknown): string {
  return createHash("sha256").update(canonicalJson(json)).digest("hex").slice(0, 16);
}

/** Loads one instrument; throws with the file path when the file is missing or is not JSON. */
export function loadInstrument(descriptor: InstrumentDescriptor, dir: string = INSTRUMENTS_DIR): LoadedInstrument {
  const path = instrumentPath(descriptor.id, dir);
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  } catch (cause) {
    throw new Error(`instrument ${descriptor.id}: cannot read ${path}: ${(cause as Error).message}`, { cause });
  }
  return { descriptor, json, version: versionOf(json) };
}

/** Loads every registered instrument, in appendix order. */
export function loadCatalog(dir: string = INSTRUMENTS_DIR): LoadedInstrument[] {
  return INSTRUMENTS.map((d) => loadInstrument(d, dir));
}
