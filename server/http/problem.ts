/**
 * The one error type of the HTTP layer. Every failure a client can see has a stable string code, and the
 * HTTP status is looked up from the code, so a new code without a status does not compile. The body is an
 * RFC 9457 problem document: `{ type, title, status, code, detail, details }`.
 */
import type { ContentfulStatusCode } from "hono/utils/http-status";

const STATUS = {
  "request.not_found": 404,
  "request.method_not_allowed": 405,
  "instrument.not_found": 404,
  internal: 500,
} as const satisfies Record<string, ContentfulStatusCode>;

export type ProblemCode = keyof typeof STATUS;

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  code: ProblemCode;
  detail: string;
  details?: unknown;
}

export class Problem extends Error {
  readonly code: ProblemCode;
  readonly status: ContentfulStatusCode;
  readonly details: unknown;

  constructor(code: ProblemCode, detail: string, details?: unknown) {
    super(detail);
    this.name = "Problem";
    this.code = code;
    this.status = STATUS[code];
    this.details = details;
  }

  toBody(): ProblemBody {
    const body: ProblemBody = {
      type: `urn:problem:${this.code}`,
      title: this.code,
      status: this.status,
      code: this.code,
      detail: this.message,
    };
    if (this.details !== undefined) body.details = this.details;
    return body;
  }
}

export const PROBLEM_CONTENT_TYPE = "application/problem+json";
