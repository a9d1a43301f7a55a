/**
 * Fetching the PDFs of paper questionnaires with the session: a print run is made by a POST (it creates the
 * forms' numbers), a re-print and a blank questionnaire by a GET. The bytes are counted as they arrive so
 * the page can show progress, and the file is saved under the name the server gave in Content-Disposition
 * (as download.ts does for exports, which only ever GETs).
 */
import { problemOf, send } from "../api.ts";
import { filenameOf } from "../download.ts";

export interface SavedPdf {
  name: string;
  size: number;
}

/**
 * Requests a PDF and saves it. `onResponse` is called when the server starts answering (the forms are
 * made), `onProgress` with the bytes received so far. Rejects with an ApiError carrying the server's problem.
 */
export async function savePdf(
  path: string,
  init: { method: "GET" } | { method: "POST"; body: unknown },
  fallbackName: string,
  onProgress: (bytes: number) => void,
): Promise<SavedPdf> {
  const request: RequestInit =
    init.method === "POST"
      ? { method: "POST", headers: { Accept: "application/pdf, application/json", "Content-Type": "application/json" }, body: JSON.stringify(init.body) }
      : { method: "GET", headers: { Accept: "application/pdf, application/json" } };
  const response = await send(path, request);
  if (!response.ok) throw await problemOf(response);
  onProgress(0);
  const name = filenameOf(response.headers.get("Content-Disposition"), fallbackName);
  const chunks: Uint8Array[] = [];
  let received = 0;
  if (response.body) {
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.byteLength;
      onProgress(received);
    }
  } else {
    const whole = new Uint8Array(await response.arrayBuffer());
    chunks.push(whole);
    received = whole.byteLength;
    onProgress(received);
  }
  const url = URL.createObjectURL(new Blob(chunks as BlobPart[], { type: "application/pdf" }));
  const anchor = document.createElement("a");
  anchor.href = url;
  anchor.download = name;
  anchor.rel = "noopener";
  document.body.appendChild(anchor);
  anchor.click();
  anchor.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return { name, size: received };
}
