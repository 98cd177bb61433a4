import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

/** Everything Tongban reads from its environment, validated once at start-up. */
export interface Config {
  port: number;
  host: string;
  baseUrl: string;
  dataDir: string;
  /** Absent: embedded PGlite under dataDir. */
  databaseUrl: string | undefined;
  sessionSecret: string;
  logLevel: LogLevel;
  defaultLocale: Locale;
  /** Load the demo county, departments and staff on first start. */
  demo: boolean;
  /** Run the job workers inside `serve` (a separate `tongban worker` may take them instead). */
  workers: boolean;
  trustProxy: boolean;
  /** Requests per minute from one address; 0 turns the limit off (benchmarks, a proxy that limits). */
  rateLimitPerMinute: number;
  /** How long a server may trust what it knows of a session before asking the database again. */
  sessionCacheSeconds: number;
  signIn: { maxFailures: number; lockoutMinutes: number; perIpPerMinute: number };
}

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];

/** A bad setting; the message is one line naming the variable and what is wrong with it. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (!/^\d+$/.test(raw.trim()) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
  }
  return Number(raw);
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === "") return fallback;
  if (["true", "1", "yes", "on"].includes(raw)) return true;
  if (["false", "0", "no", "off"].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false (got "${env[name]}")`);
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(`${name} must be one of ${allowed.join(", ")} (got "${raw}")`);
  }
  return raw as T;
}

function url(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === "") return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} is not a valid URL (expected ${protocols[0]}//…)`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name} must start with ${protocols.join(" or ")}// (got ${parsed.protocol}//…)`);
  }
  return raw;
}

/**
 * The session secret signs cookies. In embedded mode one is generated on first start and kept in
 * DATA_DIR so sessions survive restarts; several servers on one PostgreSQL must share SESSION_SECRET.
 */
function sessionSecret(env: Env, dataDir: string): string {
  const given = env.SESSION_SECRET;
  if (given !== undefined && given !== "") {
    if (given.length < 32) throw new ConfigError("SESSION_SECRET must be at least 32 characters long");
    return given;
  }
  const file = join(dataDir, "session-secret");
  try {
    return readFileSync(file, "utf8").trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw dataDirError(dataDir, error);
  }
  const secret = randomBytes(48).toString("base64url");
  try {
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    // Another process wrote it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return readFileSync(file, "utf8").trim();
    throw dataDirError(dataDir, error);
  }
  return secret;
}

function dataDirError(dataDir: string, error: unknown): ConfigError {
  const code = (error as NodeJS.ErrnoException).code ?? String(error);
  return new ConfigError(
    `DATA_DIR "${dataDir}" is not writable (${code}): choose a directory this user can write, or fix its permissions`,
  );
}

/** Creates DATA_DIR when missing and proves it writable, so a bad directory fails before anything starts. */
export function ensureDataDir(dataDir: string): void {
  try {
    mkdirSync(dataDir, { recursive: true });
    const probe = join(dataDir, `.write-test-${process.pid}`);
    writeFileSync(probe, "ok");
    rmSync(probe, { force: true });
  } catch (error) {
    throw dataDirError(dataDir, error);
  }
}

export function loadConfig(env: Env = process.env): Config {
  const port = integer(env, "PORT", 3000, 1, 65535);
  const host = env.HOST?.trim() || "0.0.0.0";
  const baseUrl = (url(env, "BASE_URL", ["http:", "https:"]) ?? `http://localhost:${port}`).replace(
    /\/$/,
    "",
  );
  const dataDir = resolve(env.DATA_DIR?.trim() || "data");
  const databaseUrl = url(env, "DATABASE_URL", ["postgres:", "postgresql:"]);
  ensureDataDir(dataDir);
  return {
    port,
    host,
    baseUrl,
    dataDir,
    databaseUrl,
    sessionSecret: sessionSecret(env, dataDir),
    logLevel: oneOf(env, "LOG_LEVEL", LOG_LEVELS, "info"),
    defaultLocale: oneOf(env, "DEFAULT_LOCALE", LOCALES, "zh-CN"),
    demo: boolean(env, "DEMO", true),
    workers: boolean(env, "WORKERS", true),
    trustProxy: boolean(env, "TRUST_PROXY", false),
    rateLimitPerMinute: integer(env, "RATE_LIMIT_PER_MINUTE", 1200, 0, 10_000_000),
    sessionCacheSeconds: integer(env, "SESSION_CACHE_SECONDS", 5, 0, 300),
    signIn: {
      maxFailures: integer(env, "SIGNIN_MAX_FAILURES", 5, 1, 100),
      lockoutMinutes: integer(env, "SIGNIN_LOCKOUT_MINUTES", 15, 1, 24 * 60),
      perIpPerMinute: integer(env, "SIGNIN_PER_IP_PER_MINUTE", 20, 1, 10000),
    },
  };
}
