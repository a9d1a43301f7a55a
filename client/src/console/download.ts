/**
 * Downloading a file the server makes on request (exports, reports) with the session cookie: fetch it,
 * count the bytes as they arrive so the page can show progress, then hand the browser a blob with the
 * file name the server gave in Content-Disposition.
 */
import { problemOf, send } from "./api.ts";

/** The file name in a Content-Disposition header (RFC 6266: `filename*` wins over `filename`). */
export function filenameOf(header: string | null, fallback: string): string {
  if (!header) return fallback;
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (extended?.[1]) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename\s*=\s*(?:"([^"]*)"|([^;\s]+))/.exec(header);
  const name = plain?.[1] ?? plain?.[2];
  return name ? name.replace(/[\\/]/g, "_") : fallback;
}

/**
 * Fetches `path` and saves it; `onProgress` gets the bytes received so far (0 as soon as the server starts
 * answering). Most files are a GET; a print run of paper forms is a POST with a JSON body, because it
 * creates the forms. Resolves with the saved file's name and size; rejects with an ApiError carrying the
 * server's problem.
 */
export async function downloadFile(
  path: string,
  fallbackName: string,
  onProgress: (bytes: number) => void,
  init: { method: "GET" } | { method: "POST"; body: unknown } = { method: "GET" },
): Promise<{ name: string; size: number }> {
  const request: RequestInit =
    init.method === "POST"
      ? { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(init.body) }
      : { method: "GET" };
  const response = await send(path, request);
  if (!response.ok) throw await problemOf(response);
  onProgress(0);
  const name = filenameOf(response.headers.get("Content-Disposition"), fallbackName);
  const type = response.headers.get("Content-Type") ?? "application/octet-stream";
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
  const url = URL.createObjectURL(new Blob(chunks as BlobPart[], { type }));
  const anchor = document.createElement("a");
  anchor.href = url;
  anchor.download = name;
  anchor.rel = "noopener";
  document.body.appendChild(anchor);
  anchor.click();
  anchor.remove();
  // Give the browser time to start saving before the blob goes.
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return { name, size: received };
}
