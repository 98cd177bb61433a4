import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { isIP } from "node:net";
import { join, resolve } from "node:path";
import { type ClamdSettings, clamdSettings } from "./clamd-settings.ts";
import { ConfigError } from "./config-error.ts";
import { CRYPTO_SUITES, type CryptoSuite } from "./crypto.ts";
import { databaseOwnerUrl } from "./db/owner-settings.ts";
import { isKey, retiredKeys } from "./key-settings.ts";
import { adminNetworks, networkList } from "./networks.ts";
import { withSecretFiles } from "./secret-files.ts";
import { type SmsSettings, smsSettings } from "./sms-settings.ts";
import { type ListenerTls, listenerTls, refusePlainTextPeers } from "./transport-security.ts";

export { ConfigError };

/** Everything Tongban reads from its environment, validated once at start-up. */
export interface Config {
  port: number;
  host: string;
  baseUrl: string;
  dataDir: string;
  /** Absent: embedded PGlite under dataDir. */
  databaseUrl: string | undefined;
  /**
   * The role that owns the schema and alone migrates it (DATABASE_OWNER_URL, db/roles.ts); DATABASE_URL's
   * role then only serves. Absent: DATABASE_URL's role does both, as PGlite's one role always does.
   */
  databaseOwnerUrl: string | undefined;
  /** Embedded: a commit is acknowledged once its WAL is on the disk (EMBEDDED_FSYNC, default true). */
  embeddedFsync: boolean;
  sessionSecret: string;
  /** Encrypts personal data at rest; losing it makes stored ID numbers unreadable. */
  personalDataKey: Buffer;
  /**
   * Keys PERSONAL_DATA_KEY replaced (PERSONAL_DATA_KEYS_RETIRED): they only open and check what was
   * made under them, until `tongban keys rotate` has made it again under the current key.
   */
  personalDataKeysRetired: Buffer[];
  /** Approvers and administrators must pass a TOTP second factor. */
  requireStaffMfa: boolean;
  /**
   * People who sign in with a password must enrol a TOTP second factor first (REQUIRE_PEOPLE_MFA, default
   * off). People who enrolled of their own accord are asked for it either way; sign-in through the
   * identity platform never is (modules/applicants/second-factor.ts).
   */
  requirePeopleMfa: boolean;
  mail: { smtpUrl: string | undefined; from: string };
  /** The SMS gateway (SMS_URL, sms-settings.ts); absent: text messages are written to the log. */
  sms: SmsSettings | undefined;
  logLevel: LogLevel;
  defaultLocale: Locale;
  /** Load the demo county, departments and staff on first start. */
  demo: boolean;
  /** Run the job workers inside `serve` (a separate `tongban worker` may take them instead). */
  workers: boolean;
  /**
   * How audit entries reach the hash chain: "batch" (pending, sealed every second and before every read
   * of the trail; audited transactions commit side by side) or "inline" (each in its own transaction,
   * holding the chain's head until commit: one after another).
   */
  auditSealing: "batch" | "inline";
  /** Where the audit chains' heads are sent, and how often (docs/operations.md, "Anchoring the audit trail"). */
  auditAnchor: AuditAnchorSettings;
  /**
   * The algorithms of encryption at rest, the audit chain and e-licence signatures (CRYPTO_SUITE):
   * international (AES-256-GCM, SHA-256, Ed25519) or national (SM4, SM3, SM2).
   */
  cryptoSuite: CryptoSuite;
  /**
   * Which proxies' `X-Forwarded-For` to believe: false (none, the default), a number of hops in front of
   * Tongban (`true` is one), or the proxies' addresses. Never "every hop": the left-most entry is the
   * client's own writing, and would let it choose its rate-limit bucket.
   */
  trustProxy: false | number | string[];
  /** When set, /metrics answers only `Authorization: Bearer <token>`: the figures tell load and errors. */
  metricsToken: string | undefined;
  /** Requests per minute from one address; 0 turns the limit off (benchmarks, a proxy that limits). */
  rateLimitPerMinute: number;
  /** How long a server may trust what it knows of a session before asking the database again. */
  sessionCacheSeconds: number;
  /** Minutes a staff session may go unused before it ends (sessions last 12 hours at most in any case). */
  sessionIdleMinutes: number;
  signIn: { maxFailures: number; lockoutMinutes: number; perIpPerMinute: number };
  /** Sign-in through a province's identity platform (OpenID Connect); absent when not configured. */
  oidc: OidcSettings | undefined;
  /** The MQTT broker of the halls' devices (docs/devices.md); absent: no devices, nothing connects. */
  mqtt: MqttSettings | undefined;
  /**
   * Refuse plain text to every peer across a network (REQUIRE_TLS; transport-security.ts): checked at
   * start for PostgreSQL, MQTT and the identity platform, STARTTLS required of SMTP, https of webhooks.
   */
  requireTls: boolean;
  /** HTTPS on Tongban's own listener (TLS_CERT_FILE, TLS_KEY_FILE); absent: plain HTTP behind a proxy. */
  listenerTls: ListenerTls | undefined;
  /** Addresses the administrators may work from (ADMIN_ALLOWED_NETWORKS, networks.ts); absent: any. */
  adminNetworks: string[] | undefined;
  /** ClamAV's daemon, which scans every upload (CLAMD_URL, clamd-settings.ts); absent: none is scanned. */
  clamd: ClamdSettings | undefined;
  /**
   * Where the GovStack Information Mediator's security server calls from (GOVSTACK_MEDIATOR_NETWORKS):
   * from there an `Information-Mediator-Client` header of an identity marked via-mediator is taken without
   * a token (docs/govstack-design.md, section 2.2). Absent: every GovStack caller brings its token.
   */
  govstackMediatorNetworks: string[] | undefined;
}

export interface AuditAnchorSettings {
  /** Minutes between anchors: a log line and an `audit.heads` entry, and a POST when `url` is set; 0: none. */
  minutes: number;
  /** The operator's receiver (AUDIT_ANCHOR_URL); absent: the log line alone leaves the box. */
  url: string | undefined;
  /** Sent as `Authorization: Bearer …` (AUDIT_ANCHOR_TOKEN), so the receiver takes anchors from us alone. */
  token: string | undefined;
}

export interface MqttSettings {
  url: string;
  /** The first level of every topic: installations sharing one broker keep apart by it. */
  topicRoot: string;
}

export interface OidcSettings {
  /** The issuer identifier; its discovery document is at `<issuer>/.well-known/openid-configuration`. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** How the client proves itself at the token endpoint; basic is the OpenID Connect default. */
  clientAuth: OidcClientAuth;
  /** Space-separated; always includes `openid`. */
  scopes: string;
  /** The claim that carries the resident ID number: no standard claim exists for it. */
  idNumberClaim: string;
  /** The issuer is reached over plain http: allowed only on loopback or with OIDC_ALLOW_HTTP=true. */
  allowHttp: boolean;
}

export const OIDC_CLIENT_AUTHS = ["client_secret_basic", "client_secret_post"] as const;
export type OidcClientAuth = (typeof OIDC_CLIENT_AUTHS)[number];
export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];

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

const MAX_HOPS = 10;

function proxies(env: Env): false | number | string[] {
  const raw = env.TRUST_PROXY?.trim().toLowerCase();
  if (raw === undefined || ["", "false", "0", "no", "off"].includes(raw)) return false;
  if (["true", "yes", "on"].includes(raw)) return 1;
  if (/^\d+$/.test(raw) && Number(raw) <= MAX_HOPS) return Number(raw);
  const addresses = raw.split(",").map((a) => a.trim());
  const bad = addresses.find((a) => {
    const [address = "", bits, ...rest] = a.split("/");
    const version = isIP(address);
    if (version === 0 || rest.length > 0) return true;
    if (bits === undefined) return false;
    return !/^\d+$/.test(bits) || Number(bits) > (version === 4 ? 32 : 128);
  });
  if (bad !== undefined) {
    throw new ConfigError(
      `TRUST_PROXY must be false, true (one proxy), a number of proxies from 1 to ${MAX_HOPS}, or the ` +
        `proxies' addresses separated by commas (got "${bad}")`,
    );
  }
  return addresses;
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
 * A secret from the environment, or — when absent — one generated on first start and kept in DATA_DIR,
 * so an embedded installation needs no setup and keeps its secrets across restarts. Several servers on
 * one PostgreSQL must be given the same value.
 */
function keptSecret(
  env: Env,
  name: string,
  dataDir: string,
  generate: () => string,
  check: (value: string) => string | undefined,
): string {
  const given = env[name];
  if (given !== undefined && given !== "") {
    const problem = check(given);
    if (problem) throw new ConfigError(`${name} ${problem}`);
    return given;
  }
  const file = join(dataDir, name.toLowerCase().replaceAll("_", "-"));
  try {
    return readFileSync(file, "utf8").trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw dataDirError(dataDir, error);
  }
  const secret = generate();
  try {
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    // Another process wrote it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return readFileSync(file, "utf8").trim();
    throw dataDirError(dataDir, error);
  }
  return secret;
}

const sessionSecret = (env: Env, dataDir: string) =>
  keptSecret(
    env,
    "SESSION_SECRET",
    dataDir,
    () => randomBytes(48).toString("base64url"),
    (value) => (value.length < 32 ? "must be at least 32 characters long" : undefined),
  );

/** AES-256 key for personal data at rest (ID numbers): 32 bytes, written in base64. */
function personalDataKey(env: Env, dataDir: string): Buffer {
  const encoded = keptSecret(
    env,
    "PERSONAL_DATA_KEY",
    dataDir,
    () => randomBytes(32).toString("base64"),
    (value) =>
      isKey(value) ? undefined : "must be 32 bytes in base64 (make one with: openssl rand -base64 32)",
  );
  return Buffer.from(encoded, "base64");
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

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

/**
 * OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET come together or not at all. The issuer must use
 * https: whoever can answer for it over plain http can sign people in as anyone. A loopback issuer
 * (tests, a provider on the same machine) is exempt, and OIDC_ALLOW_HTTP=true accepts the risk for an
 * issuer reached over a closed network.
 */
function oidcSettings(env: Env): OidcSettings | undefined {
  const names = ["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"] as const;
  const given = names.filter((name) => env[name]?.trim());
  if (given.length === 0) return undefined;
  const missing = names.find((name) => !given.includes(name));
  if (missing) {
    throw new ConfigError(
      `${missing} is not set: OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET go together (set all three, or none to turn OpenID Connect sign-in off)`,
    );
  }
  const issuer = (url(env, "OIDC_ISSUER", ["https:", "http:"]) as string).trim();
  const allowHttp = boolean(env, "OIDC_ALLOW_HTTP", false);
  const parsed = new URL(issuer);
  if (parsed.protocol === "http:" && !allowHttp && !LOOPBACK.test(parsed.hostname)) {
    throw new ConfigError(
      `OIDC_ISSUER must start with https:// (got http://${parsed.host}…): set OIDC_ALLOW_HTTP=true only for an identity platform on a closed network`,
    );
  }
  const scopes = (env.OIDC_SCOPES?.trim() || "openid profile email phone").split(/\s+/);
  if (!scopes.includes("openid")) {
    throw new ConfigError(`OIDC_SCOPES must include openid (got "${env.OIDC_SCOPES}")`);
  }
  const idNumberClaim = env.OIDC_ID_NUMBER_CLAIM?.trim() || "id_number";
  if (!/^[A-Za-z_][\w.:-]{0,99}$/.test(idNumberClaim)) {
    throw new ConfigError(`OIDC_ID_NUMBER_CLAIM must be a claim name (got "${env.OIDC_ID_NUMBER_CLAIM}")`);
  }
  return {
    issuer,
    clientId: (env.OIDC_CLIENT_ID as string).trim(),
    clientSecret: (env.OIDC_CLIENT_SECRET as string).trim(),
    clientAuth: oneOf(env, "OIDC_CLIENT_AUTH", OIDC_CLIENT_AUTHS, "client_secret_basic"),
    scopes: scopes.join(" "),
    idNumberClaim,
    allowHttp: parsed.protocol === "http:",
  };
}

/** MQTT_URL turns the devices on; MQTT_TOPIC_ROOT (default tongban) names their topics' first level. */
function mqttSettings(env: Env): MqttSettings | undefined {
  const brokerUrl = url(env, "MQTT_URL", ["mqtt:", "mqtts:", "ws:", "wss:"]);
  if (brokerUrl === undefined) return undefined;
  const topicRoot = env.MQTT_TOPIC_ROOT?.trim() || "tongban";
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(topicRoot)) {
    throw new ConfigError(
      `MQTT_TOPIC_ROOT must be 1 to 40 letters, digits, - or _ (no / + # or spaces; got "${env.MQTT_TOPIC_ROOT}")`,
    );
  }
  return { url: brokerUrl.trim(), topicRoot };
}

function auditAnchor(env: Env): AuditAnchorSettings {
  const anchorUrl = url(env, "AUDIT_ANCHOR_URL", ["https:", "http:"])?.trim();
  const token = env.AUDIT_ANCHOR_TOKEN?.trim() || undefined;
  if (token !== undefined && anchorUrl === undefined) {
    throw new ConfigError(
      "AUDIT_ANCHOR_TOKEN is set but AUDIT_ANCHOR_URL is not: set the receiver's URL too, or unset the token",
    );
  }
  if (token !== undefined && token.length < 32) {
    throw new ConfigError(
      "AUDIT_ANCHOR_TOKEN must be at least 32 characters long (make one with: openssl rand -base64 32)",
    );
  }
  return { minutes: integer(env, "AUDIT_ANCHOR_MINUTES", 10, 0, 24 * 60), url: anchorUrl, token };
}

function metricsToken(env: Env): string | undefined {
  const value = env.METRICS_TOKEN?.trim();
  if (!value) return undefined;
  if (value.length < 32) {
    throw new ConfigError(
      "METRICS_TOKEN must be at least 32 characters long (make one with: openssl rand -base64 32)",
    );
  }
  return value;
}

export function loadConfig(given: Env = process.env): Config {
  const env = withSecretFiles(given);
  const port = integer(env, "PORT", 3000, 1, 65535);
  const host = env.HOST?.trim() || "0.0.0.0";
  const baseUrl = (url(env, "BASE_URL", ["http:", "https:"]) ?? `http://localhost:${port}`).replace(
    /\/$/,
    "",
  );
  const dataDir = resolve(env.DATA_DIR?.trim() || "data");
  const databaseUrl = url(env, "DATABASE_URL", ["postgres:", "postgresql:"]);
  const ownerUrl = databaseOwnerUrl(
    url(env, "DATABASE_OWNER_URL", ["postgres:", "postgresql:"]),
    databaseUrl,
  );
  ensureDataDir(dataDir);
  // An address on https is a real installation: no demo accounts with a published password, and the
  // second factor on, unless asked for.
  const demo = boolean(env, "DEMO", !baseUrl.startsWith("https:"));
  const oidc = oidcSettings(env);
  const mqtt = mqttSettings(env);
  const anchor = auditAnchor(env);
  const sms = smsSettings(env);
  const clamd = clamdSettings(env);
  const currentKey = personalDataKey(env, dataDir);
  // The same rule as the demo's: an installation at its real https address talks to nothing in clear.
  const requireTls = boolean(env, "REQUIRE_TLS", baseUrl.startsWith("https:") && !demo);
  if (requireTls) {
    refusePlainTextPeers({
      databaseUrl,
      databaseOwnerUrl: ownerUrl,
      mqttUrl: mqtt?.url,
      auditAnchorUrl: anchor.url,
      smsUrl: sms?.url,
      clamdUrl: clamd?.url,
      oidcIssuer: oidc && { url: oidc.issuer, allowHttp: oidc.allowHttp },
    });
  }
  return {
    port,
    host,
    baseUrl,
    dataDir,
    databaseUrl,
    databaseOwnerUrl: ownerUrl,
    embeddedFsync: boolean(env, "EMBEDDED_FSYNC", true),
    sessionSecret: sessionSecret(env, dataDir),
    personalDataKey: currentKey,
    personalDataKeysRetired: retiredKeys(env, currentKey),
    logLevel: oneOf(env, "LOG_LEVEL", LOG_LEVELS, "info"),
    defaultLocale: oneOf(env, "DEFAULT_LOCALE", LOCALES, "zh-CN"),
    demo,
    requireStaffMfa: boolean(env, "REQUIRE_STAFF_MFA", !demo),
    requirePeopleMfa: boolean(env, "REQUIRE_PEOPLE_MFA", false),
    mail: {
      smtpUrl: url(env, "SMTP_URL", ["smtp:", "smtps:"]),
      from: env.MAIL_FROM?.trim() || "通办 Tongban <noreply@localhost>",
    },
    sms,
    workers: boolean(env, "WORKERS", true),
    auditSealing: oneOf(env, "AUDIT_SEALING", ["batch", "inline"] as const, "batch"),
    auditAnchor: anchor,
    cryptoSuite: oneOf(env, "CRYPTO_SUITE", CRYPTO_SUITES, "international"),
    trustProxy: proxies(env),
    metricsToken: metricsToken(env),
    rateLimitPerMinute: integer(env, "RATE_LIMIT_PER_MINUTE", 1200, 0, 10_000_000),
    sessionCacheSeconds: integer(env, "SESSION_CACHE_SECONDS", 5, 0, 300),
    sessionIdleMinutes: integer(env, "SESSION_IDLE_MINUTES", 30, 5, 12 * 60),
    signIn: {
      maxFailures: integer(env, "SIGNIN_MAX_FAILURES", 5, 1, 100),
      lockoutMinutes: integer(env, "SIGNIN_LOCKOUT_MINUTES", 15, 1, 24 * 60),
      perIpPerMinute: integer(env, "SIGNIN_PER_IP_PER_MINUTE", 20, 1, 10000),
    },
    oidc,
    mqtt,
    requireTls,
    listenerTls: listenerTls(env),
    adminNetworks: adminNetworks(env),
    clamd,
    govstackMediatorNetworks: networkList(env, "GOVSTACK_MEDIATOR_NETWORKS"),
  };
}
