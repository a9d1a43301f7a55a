/**
 * Builds the respondent app (tablet kiosk at /tablet, family link at /f/<token>) into client/dist, which
 * the Hono server serves. Assets get content hashes so the service worker can cache them forever.
 */
import react from "@vitejs/plugin-react";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "/",
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2020",
    sourcemap: false,
    reportCompressedSize: false,
  },
});
