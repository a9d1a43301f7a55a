/**
 * Reading a JSON request body at the boundary: the content type must be JSON (415), the text must parse
 * (400), and the value must fit its zod schema (422 listing every field and what is wrong with it).
 * Routes get a typed value or a Problem, never a half-checked object.
 */
import type { Context } from "hono";
import type { z } from "zod";
import { Problem } from "./problem.ts";

/** Field problems in the shape every 422 uses: `[{ path: "sites.0", reason: "..." }]`. */
export function zodDetails(error: z.ZodError): { path: string; reason: string }[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join("."), reason: issue.message }));
}

/** Parses and checks the JSON body of a request against a schema. */
export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  const type = c.req.header("Content-Type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new Problem("request.unsupported_media_type", "Send the body as application/json.", { contentType: type || null });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(await c.req.text());
  } catch {
    throw new Problem("request.invalid_json", "The body is not valid JSON.");
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new Problem("request.invalid", "Some fields are missing or wrong.", zodDetails(parsed.error));
  return parsed.data;
}

/** Checks a route parameter or query value against a schema, with the same 422 shape. */
export function parseParam<S extends z.ZodType>(name: string, value: unknown, schema: S): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new Problem("request.invalid", `The ${name} is not valid.`, zodDetails(parsed.error).map((d) => ({ ...d, path: name })));
  }
  return parsed.data;
}
