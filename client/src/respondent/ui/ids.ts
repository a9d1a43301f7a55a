/**
 * Response ids. Each finished questionnaire gets one id, made once, so that sending it again after a
 * lost connection is recognised by the server as the same response rather than a second one.
 */

export function newResponseId(): string {
  // randomUUID exists only in secure contexts (https, localhost); a tablet on a prison network reached
  // over plain http still has getRandomValues, which gives the same kind of random (version 4) id.
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
