import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import pino, { type Logger } from "pino";
import { buildApp } from "../src/app.ts";
import { allJobs } from "../src/modules/index.ts";
import { type Config, loadConfig } from "../src/platform/config.ts";
import { setRetiredKeys } from "../src/platform/crypto.ts";
import { Jobs } from "../src/platform/jobs.ts";
import type { Platform } from "../src/platform/platform.ts";
import { createTestDatabase, type TestDatabase } from "./db.ts";

export interface TestApp {
  app: FastifyInstance;
  platform: Platform;
  testDb: TestDatabase;
  /** Log lines written while the test ran, parsed. */
  logs: Record<string, unknown>[];
  close(): Promise<void>;
}

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    DATA_DIR: mkdtempSync(join(tmpdir(), "tongban-test-")),
    SESSION_SECRET: "test-secret-that-is-long-enough-0123456789",
    LOG_LEVEL: "info",
    ...env,
  });
}

/** A logger that keeps its lines for the test to read instead of printing them. */
export function memoryLogger(lines: Record<string, unknown>[]): Logger {
  return pino(
    { level: "info" },
    {
      write: (line: string) => {
        lines.push(JSON.parse(line));
      },
    },
  );
}

/**
 * The whole application on a database of its own, with the job queue started but no workers, so a
 * test can `inject` requests. `extend` adds routes before the app is sealed.
 */
export async function createTestApp(
  options: { env?: Record<string, string>; extend?: (app: FastifyInstance) => void } = {},
): Promise<TestApp> {
  const testDb = await createTestDatabase();
  const logs: Record<string, unknown>[] = [];
  const log = memoryLogger(logs);
  const config = testConfig(options.env);
  // As startPlatform does: the retired keys open what was made under them.
  setRetiredKeys(config.personalDataKey, config.personalDataKeysRetired);
  const jobs = new Jobs(testDb.handle, log, allJobs(), config);
  await jobs.start({ work: false });
  const platform: Platform = { config, database: testDb.handle, jobs, log };
  const app = await buildApp(platform);
  options.extend?.(app);
  await app.ready();
  return {
    app,
    platform,
    testDb,
    logs,
    close: async () => {
      await app.close();
      await jobs.stop();
      await testDb.close();
    },
  };
}

/** The `name=value` pairs of a response's Set-Cookie headers, ready for a Cookie header. */
export function cookiesOf(response: { headers: Record<string, unknown> }): Record<string, string> {
  const raw = response.headers["set-cookie"];
  const list = Array.isArray(raw) ? raw : raw ? [String(raw)] : [];
  const cookies: Record<string, string> = {};
  for (const entry of list) {
    const [pair = ""] = String(entry).split(";");
    const index = pair.indexOf("=");
    cookies[pair.slice(0, index)] = pair.slice(index + 1);
  }
  return cookies;
}
