/**
 * The one error type of the HTTP layer. Every failure a client can see has a stable string code, and the
 * HTTP status is looked up from the code, so a new code without a status does not compile. The body is an
 * RFC 9457 problem document: `{ type, title, status, code, detail, details }`.
 */
import type { ContentfulStatusCode } from "hono/utils/http-status";

const STATUS = {
  "request.not_found": 404,
  "request.invalid_json": 400,
  "request.invalid": 422,
  "request.unsupported_media_type": 415,
  "request.too_large": 413,
  "auth.unauthenticated": 401,
  "auth.invalid_credentials": 401,
  "auth.forbidden": 403,
  "auth.too_many_attempts": 429,
  "auth.account_disabled": 403,
  "user.not_found": 404,
  "user.self": 409,
  "credential.missing": 401,
  "credential.invalid": 401,
  "credential.revoked": 403,
  "instrument.not_found": 404,
  "site.not_found": 404,
  "site.duplicate": 409,
  "study.not_found": 404,
  "study.closed": 403,
  "study.not_open": 403,
  "study.instrument_not_included": 403,
  "study.channel_not_included": 403,
  "study.site_not_included": 422,
  "study.in_use": 409,
  "enrolment.invalid_code": 401,
  "device.not_found": 404,
  "link.not_found": 404,
  "link.gone": 410,
  "link.instrument_mismatch": 403,
  "response.duplicate_conflict": 409,
  "response.unknown_instrument_version": 409,
  "response.invalid_answers": 422,
  "paper.not_printable": 422,
  "paper.batch_not_found": 404,
  "paper.invalid_number": 422,
  "paper.form_not_found": 404,
  "paper.final": 409,
  "paper.already_entered": 409,
  "paper.in_conflict": 409,
  "paper.not_in_conflict": 409,
  "paper.resolver_not_allowed": 403,
  "interview.not_found": 404,
  "interview.not_a_guide": 422,
  "interview.unknown_question": 422,
  "interview.no_consent": 409,
  "interview.no_recording_consent": 409,
  "interview.stale": 409,
  "interview.wrong_state": 409,
  "recording.not_found": 404,
  "recording.deleted": 410,
  "recording.range_not_satisfiable": 416,
  "recording.duplicate_take": 409,
  "transcript.unreadable": 422,
  "codebook.invalid": 422,
  "codebook.code_in_use": 409,
  "codebook.empty": 409,
  "coding.not_found": 404,
  "coding.unknown_code": 422,
  "coding.code_not_codable": 422,
  "coding.block_not_found": 422,
  "coding.invalid_span": 422,
  "coding.not_yours": 403,
  "client.not_built": 503,
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
