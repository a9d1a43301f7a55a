import { describe, expect, test } from "vitest";
import { loadConfig } from "../../../server/config.ts";

describe("loadConfig", () => {
  test("defaults to port 8787, ./data/platform.db and ./data/recordings", () => {
    expect(loadConfig({})).toEqual({
      port: 8787,
      host: "0.0.0.0",
      databasePath: "./data/platform.db",
      recordingsDir: "./data/recordings",
      publicUrl: "http://localhost:8787",
      secureCookies: false,
      logRequests: true,
    });
  });

  test("reads PORT and DATABASE_PATH from the environment", () => {
    expect(loadConfig({ PORT: "9000", DATABASE_PATH: "/tmp/x.db", LOG_REQUESTS: "0" })).toMatchObject({
      port: 9000,
      databasePath: "/tmp/x.db",
      logRequests: false,
    });
  });

  test("an https public address turns on secure cookies", () => {
    expect(loadConfig({ PUBLIC_URL: "https://research.example.lv/" })).toMatchObject({
      publicUrl: "https://research.example.lv",
      secureCookies: true,
    });
  });

  test.each([["PUBLIC_URL", "ftp://x"], ["PORT", "eighty"], ["PORT", "70000"], ["DATABASE_PATH", ""], ["LOG_REQUESTS", "yes"]])(
    "rejects %s=%s naming the variable",
    (name, value) => {
      expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`invalid configuration:[\\s\\S]*${name}`));
    },
  );
});
