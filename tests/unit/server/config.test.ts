import { describe, expect, test } from "vitest";
import { loadConfig } from "../../../server/config.ts";

describe("loadConfig", () => {
  test("defaults to port 8787 and ./data/platform.db", () => {
    expect(loadConfig({})).toEqual({ port: 8787, host: "0.0.0.0", databasePath: "./data/platform.db", logRequests: true });
  });

  test("reads PORT and DATABASE_PATH from the environment", () => {
    expect(loadConfig({ PORT: "9000", DATABASE_PATH: "/tmp/x.db", LOG_REQUESTS: "0" })).toMatchObject({
      port: 9000,
      databasePath: "/tmp/x.db",
      logRequests: false,
    });
  });

  test.each([["PORT", "eighty"], ["PORT", "70000"], ["DATABASE_PATH", ""], ["LOG_REQUESTS", "yes"]])(
    "rejects %s=%s naming the variable",
    (name, value) => {
      expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`invalid configuration:[\\s\\S]*${name}`));
    },
  );
});
