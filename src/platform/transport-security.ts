import { readFileSync } from "node:fs";
import { isIP } from "node:net";
import { createSecureContext } from "node:tls";
import { ConfigError } from "./config-error.ts";

type Env = Record<string, string | undefined>;

/**
 * Whether a URL's host is this machine: a peer there is reached without crossing a network, so plain
 * text to it is not refused (a PostgreSQL or a mail relay on the same host).
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  if (isIP(host) === 4) return host.startsWith("127.");
  return host === "::1";
}

/** libpq's modes that refuse a server without TLS; `prefer` and `allow` fall back to plain text. */
const TLS_SSLMODES = ["require", "verify-ca", "verify-full"];

/** A unix socket is named by a path: in the host (percent-encoded), in `?host=`, or by no host at all. */
function isLocalDatabase(url: URL): boolean {
  const queryHost = url.searchParams.get("host");
  if (queryHost) return queryHost.startsWith("/") || isLoopbackHost(queryHost);
  const host = decodeURIComponent(url.hostname);
  return host === "" || host.startsWith("/") || isLoopbackHost(host);
}

const ESCAPE = "or set REQUIRE_TLS=false to accept plain text";

/** The peers whose connections REQUIRE_TLS judges, as the configuration has them. */
export interface Peers {
  databaseUrl: string | undefined;
  /** The schema owner's connection (DATABASE_OWNER_URL), which migrates at every start. */
  databaseOwnerUrl?: string | undefined;
  mqttUrl: string | undefined;
  auditAnchorUrl: string | undefined;
  /** The SMS gateway, which is sent every one-time code. */
  smsUrl?: string | undefined;
  /** ClamAV's daemon, which is sent every uploaded file (CLAMD_URL, checked by clamd-settings.ts). */
  clamdUrl?: string | undefined;
  /** An issuer given over http with OIDC_ALLOW_HTTP (a loopback issuer is exempt already). */
  oidcIssuer: { url: string; allowHttp: boolean } | undefined;
}

/**
 * With REQUIRE_TLS on, refuses at start a connection that would carry data in clear across a network:
 * PostgreSQL without an sslmode that insists on TLS, an MQTT broker over `mqtt:` or `ws:`, the receiver
 * of audit anchors, the SMS gateway or an identity platform over http, a clamd over TCP to another
 * host. SMTP is not refused: `smtp:` is sent with STARTTLS required (notify/transports.ts),
 * and webhook receivers are checked when subscribed (webhooks/service.ts).
 */
export function refusePlainTextPeers(peers: Peers): void {
  for (const [name, given] of [
    ["DATABASE_URL", peers.databaseUrl],
    ["DATABASE_OWNER_URL", peers.databaseOwnerUrl],
  ] as const) {
    if (!given) continue;
    const url = new URL(given);
    const sslmode = url.searchParams.get("sslmode");
    if (!isLocalDatabase(url) && !TLS_SSLMODES.includes(sslmode ?? "")) {
      throw new ConfigError(
        `${name} must ask for TLS while REQUIRE_TLS is on: add ?sslmode=verify-full (or require) for ${url.host}` +
          `${sslmode ? ` instead of sslmode=${sslmode}` : ""}, ${ESCAPE}`,
      );
    }
  }
  if (peers.mqttUrl) {
    const url = new URL(peers.mqttUrl);
    if ((url.protocol === "mqtt:" || url.protocol === "ws:") && !isLoopbackHost(url.hostname)) {
      throw new ConfigError(
        `MQTT_URL must start with mqtts:// or wss:// while REQUIRE_TLS is on (got ${url.protocol}//${url.host}…), ${ESCAPE}`,
      );
    }
  }
  if (peers.auditAnchorUrl) {
    const url = new URL(peers.auditAnchorUrl);
    if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
      throw new ConfigError(
        `AUDIT_ANCHOR_URL must start with https:// while REQUIRE_TLS is on (got http://${url.host}…), ${ESCAPE}`,
      );
    }
  }
  if (peers.smsUrl) {
    const url = new URL(peers.smsUrl);
    if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
      throw new ConfigError(
        `SMS_URL must start with https:// while REQUIRE_TLS is on (got http://${url.host}…), ${ESCAPE}`,
      );
    }
  }
  if (peers.clamdUrl) {
    // clamd speaks no TLS at all, and is sent every upload (ID card scans among them): across a network
    // it could only be plain text, so under REQUIRE_TLS it must be on this machine.
    const url = new URL(peers.clamdUrl);
    if (url.protocol === "tcp:" && !isLoopbackHost(url.hostname)) {
      throw new ConfigError(
        `CLAMD_URL must be a unix socket or a clamd on this machine while REQUIRE_TLS is on: clamd has no TLS, ` +
          `so tcp://${url.host} would carry every upload in clear. Run clamd beside Tongban (unix:///run/clamav/clamd.ctl, ` +
          `tcp://127.0.0.1:3310, or a TLS tunnel such as stunnel listening on loopback), ${ESCAPE}`,
      );
    }
  }
  const issuer = peers.oidcIssuer;
  if (issuer?.allowHttp) {
    const url = new URL(issuer.url);
    if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
      throw new ConfigError(
        `OIDC_ALLOW_HTTP=true contradicts REQUIRE_TLS, which is on: use an https:// OIDC_ISSUER (got http://${url.host}…), ${ESCAPE}`,
      );
    }
  }
}

/** The certificate and key Tongban's own listener answers HTTPS with. */
export interface ListenerTls {
  cert: Buffer;
  key: Buffer;
}

function readPem(name: string, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new ConfigError(
      `${name} names "${file}", which cannot be read (${code}): check the path and that this user may read it`,
    );
  }
}

/**
 * TLS_CERT_FILE and TLS_KEY_FILE: HTTPS on the listener, so the hop from the proxy is encrypted too.
 * Both or neither; checked as a pair now, so a key of another certificate stops the start rather
 * than every handshake. A renewed certificate is read at the next start.
 */
export function listenerTls(env: Env): ListenerTls | undefined {
  const certFile = env.TLS_CERT_FILE?.trim();
  const keyFile = env.TLS_KEY_FILE?.trim();
  if (!certFile && !keyFile) return undefined;
  if (!certFile || !keyFile) {
    throw new ConfigError(
      `${certFile ? "TLS_KEY_FILE" : "TLS_CERT_FILE"} is not set: TLS_CERT_FILE and TLS_KEY_FILE go together (set both for HTTPS, or neither)`,
    );
  }
  const cert = readPem("TLS_CERT_FILE", certFile);
  const key = readPem("TLS_KEY_FILE", keyFile);
  try {
    createSecureContext({ cert, key });
  } catch (error) {
    const reason = ((error as Error).message || String(error)).split("\n")[0];
    throw new ConfigError(
      `TLS_CERT_FILE and TLS_KEY_FILE must be a PEM certificate and its own private key ("${certFile}", "${keyFile}": ${reason})`,
    );
  }
  return { cert, key };
}
