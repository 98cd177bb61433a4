import { ConfigError } from "./config-error.ts";

type Env = Record<string, string | undefined>;

/** Where clamd listens: a unix socket's path, or a host and port. */
export type ClamdAddress = { path: string } | { host: string; port: number };

/** ClamAV's daemon, which looks at every upload before it is kept (files/scan.ts). */
export interface ClamdSettings {
  /** CLAMD_URL as given, for messages: `unix:///run/clamav/clamd.ctl` or `tcp://127.0.0.1:3310`. */
  url: string;
  address: ClamdAddress;
  /** CLAMD_TIMEOUT_SECONDS (default 30): a scan not answered by then refuses the upload with 503. */
  timeoutMs: number;
}

/** clamd's own default TCPSocket. */
export const CLAMD_PORT = 3310;

const FORMS = "unix:///path/to/clamd.ctl or tcp://host:3310";

/**
 * CLAMD_URL turns scanning on; unset, uploads are not scanned (the server says so at start). Set but
 * empty stops the start like any other bad value: a line `CLAMD_URL=` left in an environment file is
 * more likely a scanner forgotten than a scanner refused, and either way the operator should decide.
 */
export function clamdSettings(env: Env): ClamdSettings | undefined {
  const given = env.CLAMD_URL;
  const timeoutGiven = env.CLAMD_TIMEOUT_SECONDS?.trim();
  if (given === undefined) {
    if (timeoutGiven) {
      throw new ConfigError(
        `CLAMD_TIMEOUT_SECONDS is set but CLAMD_URL is not: set clamd's address too (${FORMS}), or unset CLAMD_TIMEOUT_SECONDS`,
      );
    }
    return undefined;
  }
  const raw = given.trim();
  if (raw === "") {
    throw new ConfigError(
      `CLAMD_URL is set but empty: set it to clamd's address (${FORMS}), or remove it to run without scanning uploads`,
    );
  }
  return { url: raw, address: clamdAddress(raw), timeoutMs: timeoutSeconds(timeoutGiven) * 1000 };
}

function clamdAddress(raw: string): ClamdAddress {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`CLAMD_URL is not a valid URL (got "${raw}"; expected ${FORMS})`);
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new ConfigError(
      `CLAMD_URL takes no query, fragment or credentials (got "${raw}"; expected ${FORMS})`,
    );
  }
  if (url.protocol === "unix:") {
    const path = decodeURIComponent(url.pathname);
    // unix://clamd.ctl reads "clamd.ctl" as a host: the path needs the third slash.
    if (url.hostname !== "" || !path.startsWith("/") || path.endsWith("/")) {
      throw new ConfigError(
        `CLAMD_URL must name the socket by its absolute path, with three slashes: unix:///run/clamav/clamd.ctl (got "${raw}")`,
      );
    }
    return { path };
  }
  if (url.protocol === "tcp:") {
    if (url.hostname === "") {
      throw new ConfigError(`CLAMD_URL names no host (got "${raw}"; expected tcp://host:${CLAMD_PORT})`);
    }
    if (url.pathname !== "" && url.pathname !== "/") {
      throw new ConfigError(
        `CLAMD_URL takes no path after the port (got "${raw}"; expected tcp://host:${CLAMD_PORT})`,
      );
    }
    return { host: url.hostname.replace(/^\[|\]$/g, ""), port: url.port ? Number(url.port) : CLAMD_PORT };
  }
  throw new ConfigError(
    `CLAMD_URL must start with unix:// or tcp:// (got ${url.protocol}//…; expected ${FORMS})`,
  );
}

function timeoutSeconds(raw: string | undefined): number {
  if (!raw) return 30;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 600) {
    throw new ConfigError(`CLAMD_TIMEOUT_SECONDS must be a whole number from 1 to 600 (got "${raw}")`);
  }
  return Number(raw);
}
