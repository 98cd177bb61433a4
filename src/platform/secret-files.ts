import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigError } from "./config-error.ts";

type Env = Record<string, string | undefined>;

/**
 * The settings that carry a secret. Each may instead be read from a file a secrets manager writes:
 * `<NAME>_FILE` (Docker and Kubernetes secrets, a Vault agent's template), or systemd's
 * `LoadCredential=` under `$CREDENTIALS_DIRECTORY`, named in lower case with hyphens
 * (`session-secret`), like the secrets Tongban keeps in DATA_DIR. The URLs are here because they carry
 * passwords.
 */
export const SECRET_SETTINGS = [
  "SESSION_SECRET",
  "PERSONAL_DATA_KEY",
  "PERSONAL_DATA_KEYS_RETIRED",
  "DATABASE_URL",
  "DATABASE_OWNER_URL",
  "SMTP_URL",
  "MQTT_URL",
  "OIDC_CLIENT_SECRET",
  "METRICS_TOKEN",
  "AUDIT_ANCHOR_TOKEN",
  "SMS_URL",
  "SMS_TOKEN",
] as const;

/** The credential's name under $CREDENTIALS_DIRECTORY: SESSION_SECRET is `session-secret`. */
export const credentialName = (name: string) => name.toLowerCase().replaceAll("_", "-");

interface Source {
  /** How the operator set it, for messages: `SESSION_SECRET_FILE`, `the systemd credential …`. */
  label: string;
  file?: string;
}

function sourcesOf(env: Env, name: string): Source[] {
  const sources: Source[] = [];
  if (env[name] !== undefined && env[name] !== "") sources.push({ label: name });
  const file = env[`${name}_FILE`]?.trim();
  if (file) sources.push({ label: `${name}_FILE`, file });
  const directory = env.CREDENTIALS_DIRECTORY?.trim();
  const credential = directory ? join(directory, credentialName(name)) : undefined;
  // systemd sets the directory for every credential of the unit: only one named for this setting counts.
  if (credential && existsSync(credential)) {
    sources.push({ label: `the systemd credential ${credentialName(name)}`, file: credential });
  }
  return sources;
}

function readSecret(source: Source & { file: string }): string {
  // Messages start with the setting's own name, so the operator finds what to fix.
  const what = source.label.endsWith("_FILE")
    ? `${source.label} names "${source.file}", which`
    : `${source.label} ("${source.file}")`;
  let content: string;
  try {
    content = readFileSync(source.file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new ConfigError(`${what} cannot be read (${code}): check the path and that this user may read it`);
  }
  // Secrets are written with a final newline by `echo`, editors and templates; the value stops before it.
  const value = content.replace(/\r?\n$/, "");
  if (value.trim() === "") throw new ConfigError(`${what} is empty`);
  return value;
}

/**
 * The environment with every secret setting given through a file replaced by the file's content, so
 * the rest of the configuration reads one value whichever way it came. Two ways for one setting is an
 * error: which one wins would be a guess.
 */
export function withSecretFiles(env: Env): Env {
  const resolved: Env = { ...env };
  for (const name of SECRET_SETTINGS) {
    const sources = sourcesOf(env, name);
    if (sources.length > 1) {
      throw new ConfigError(
        `${sources.map((s) => s.label).join(" and ")} are ${sources.length === 2 ? "both" : "all"} set: give ${name} one way only`,
      );
    }
    const [source] = sources;
    if (source?.file !== undefined) resolved[name] = readSecret({ ...source, file: source.file });
  }
  return resolved;
}
