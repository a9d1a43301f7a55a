/**
 * Builds the two browser apps into client/dist, which the Hono server serves:
 * - the respondent app (index.html: tablet kiosk at /tablet, family link at /f/<token>), small and offline;
 * - the researcher console (console.html at /console), a separate entry so not one byte of it reaches a
 *   tablet or a family member's phone, and so the console never loads survey-core.
 * React is used by both, so it goes into one named shared chunk that each page preloads; everything else
 * stays with its own entry. Assets get content hashes so the service worker can cache them forever. The
 * manifest (dist/.vite/manifest.json, not served) lets tests and the page benchmark see which files each
 * page loads.
 */
import react from "@vitejs/plugin-react";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here("."),
  base: "/",
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2020",
    sourcemap: false,
    reportCompressedSize: false,
    manifest: true,
    rollupOptions: {
      input: { index: here("index.html"), console: here("console.html") },
      output: {
        manualChunks(id) {
          if (/[\\/]node_modules[\\/](react|react-dom|scheduler)[\\/]/.test(id)) return "react";
          return undefined;
        },
      },
    },
  },
});
