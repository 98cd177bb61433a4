import type { NodemailerError, Transporter } from "nodemailer";
import type { Logger } from "pino";
import type { Config, Locale } from "../../platform/config.ts";
import { maskMobile } from "../../platform/personal-data.ts";
import { DEFAULT_SIGN_NAME, type SmsSettings } from "../../platform/sms-settings.ts";
import { isLoopbackHost } from "../../platform/transport-security.ts";
import type { Channel } from "./tables.ts";
import type { RenderedMessage } from "./templates.ts";

/** A rendered message on its way out. */
export interface OutgoingMessage extends RenderedMessage {
  notificationId: string;
  channel: Channel;
  /** An e-mail address or a mobile number. */
  to: string;
  /** What it was rendered from: a gateway whose provider sends only registered templates maps these. */
  template: string;
  locale: Locale;
  params: Record<string, string | number>;
}

/**
 * Hands messages to the world: an SMTP server, an SMS gateway, or the log. `send` resolves once the
 * other side has taken the message (with its id, when it gives one) and rejects otherwise; a
 * `DeliveryError` with `permanent` says trying again would be refused the same way.
 */
export interface Transport {
  send(message: OutgoingMessage, context: { log: Logger }): Promise<{ id?: string }>;
}

export interface Transports {
  email: Transport;
  sms: Transport;
}

export class DeliveryError extends Error {
  override name = "DeliveryError";
  constructor(
    message: string,
    readonly permanent: boolean,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * E-mail through an SMTP server: `smtps://` is TLS from the start; `smtp://` upgrades with STARTTLS when
 * offered, or — with `requireTls` — refuses to send to a server that does not offer it, whatever the
 * URL's own options (`ignoreTLS`) say.
 */
export function smtpTransport(url: string, from: string, options: { requireTls?: boolean } = {}): Transport {
  const requireTLS = options.requireTls === true;
  // nodemailer is loaded with the first message, not at start.
  let mailer: Promise<Transporter> | undefined;
  const connect = async () => {
    const { default: nodemailer } = await import("nodemailer");
    return nodemailer.createTransport({
      url,
      // nodemailer waits minutes by default; a job should fail soon and be retried with backoff instead.
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
      // Messages are built from text only: nothing may make nodemailer read a file or fetch a URL.
      disableFileAccess: true,
      disableUrlAccess: true,
      ...(requireTLS ? { requireTLS } : {}),
    });
  };
  return {
    async send(message) {
      try {
        mailer ??= connect();
        const info = await (await mailer).sendMail({
          from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          ...(message.html ? { html: message.html } : {}),
        });
        return { id: info.messageId };
      } catch (error) {
        const e = error as NodemailerError;
        const reply = e.responseCode ? ` (SMTP ${e.responseCode})` : "";
        throw new DeliveryError(`${e.message || String(error)}${reply}`, e.permanent === true, {
          cause: error,
        });
      }
    },
  };
}

/** How long the SMS gateway has to answer before the attempt counts as failed and is retried. */
export const SMS_TIMEOUT_MS = 10_000;

/** Answers that say the gateway is busy or was too slow, not that it refuses the message. */
const TRANSIENT = new Set([408, 425, 429]);

/**
 * Text messages through the operator's SMS gateway over HTTP, by the contract in docs/operations.md
 * ("Sending text messages"): a JSON POST with a bearer token; 2xx means taken, 4xx refused for good,
 * and 5xx, 408, 429, no answer or no connection are tried again by the delivery job. Redirects are not
 * followed: they would carry the token and the code to an address nobody configured.
 */
export function smsGatewayTransport(settings: SmsSettings, options: { timeoutMs?: number } = {}): Transport {
  const timeoutMs = options.timeoutMs ?? SMS_TIMEOUT_MS;
  // Only the origin is ever named: the path or query may hold the gateway's key.
  const gateway = new URL(settings.url).origin;
  return {
    async send(message) {
      const body = {
        to: message.to,
        text: signed(message.text, settings.signName),
        reference: message.notificationId,
        sign: settings.signName,
        template: message.template,
        locale: message.locale,
        params: message.params,
      };
      let response: Response;
      try {
        response = await fetch(settings.url, {
          method: "POST",
          headers: {
            "content-type": "application/json; charset=utf-8",
            accept: "application/json",
            ...(settings.token ? { authorization: `Bearer ${settings.token}` } : {}),
          },
          body: JSON.stringify(body),
          redirect: "manual",
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        const e = error as Error;
        const why =
          e.name === "TimeoutError"
            ? `did not answer within ${timeoutMs / 1000} s`
            : `could not be reached (${causeOf(e)})`;
        throw new DeliveryError(`the SMS gateway ${gateway} ${why}`, false, { cause: error });
      }
      const answer = await readAnswer(response);
      if (response.status >= 200 && response.status < 300) {
        return answer.id === undefined ? {} : { id: answer.id };
      }
      const permanent = response.status < 500 && !TRANSIENT.has(response.status);
      const said = answer.error ? ` (${answer.error})` : "";
      const hint =
        response.status >= 300 && response.status < 400
          ? ": a redirect is not followed, set SMS_URL to the address that takes the message"
          : "";
      throw new DeliveryError(
        `the SMS gateway ${gateway} answered ${response.status}${said}${hint}`,
        permanent,
      );
    },
  };
}

/** The template's own signature replaced by the one registered with the carriers, when that differs. */
function signed(text: string, signName: string): string {
  if (signName === DEFAULT_SIGN_NAME) return text;
  for (const own of ["【通办】", "[Tongban] "]) {
    if (text.startsWith(own)) return `【${signName}】${text.slice(own.length)}`;
  }
  return text;
}

function causeOf(error: Error): string {
  const cause = error.cause as NodeJS.ErrnoException | undefined;
  return cause?.code ?? cause?.message ?? error.message;
}

/**
 * The gateway's id for the message and its error code, when its answer is JSON that has them. Only a
 * short token-like code is kept: an answer may echo the text, and the error goes to the log and the row.
 */
async function readAnswer(response: Response): Promise<{ id?: string; error?: string }> {
  let parsed: unknown;
  try {
    parsed = JSON.parse((await response.text()).slice(0, 10_000));
  } catch {
    return {};
  }
  if (typeof parsed !== "object" || parsed === null) return {};
  const { id, error } = parsed as Record<string, unknown>;
  const token = (value: unknown) =>
    (typeof value === "string" || typeof value === "number") && /^[\w.:-]{1,64}$/.test(String(value))
      ? String(value)
      : undefined;
  return { id: token(id), error: token(error) };
}

/**
 * Writes the message to the log instead of sending it, so an installation without a mail server or an
 * SMS gateway still runs. In the demo the log shows the message whole, because the demo is followed by
 * reading codes and links there; elsewhere it shows the redacted text, every code and link secret
 * masked, since a log is read by more people, and kept longer, than a code may live. A mobile number
 * is never shown whole.
 */
export function loggingTransport(options: { reveal: boolean }): Transport {
  return {
    async send(message, { log }) {
      const shown = options.reveal ? message : message.redacted;
      log.info(
        {
          notification: message.notificationId,
          channel: message.channel,
          to: message.channel === "sms" ? maskMobile(message.to) : message.to,
          subject: shown.subject,
          text: shown.text,
          masked: !options.reveal,
        },
        `${message.channel === "sms" ? "text message" : "e-mail"} written to the log, not sent`,
      );
      return {};
    },
  };
}

/** The transports the settings call for; says once (here) when a channel only goes to the log. */
export function createTransports(
  config: Pick<Config, "mail" | "sms" | "requireTls" | "demo">,
  log: Logger,
  options: { smsTimeoutMs?: number } = {},
): Transports {
  const { smtpUrl, from } = config.mail;
  const fate = config.demo
    ? "written to the log, not sent"
    : "not sent: written to the log with codes and link secrets masked, so no one can use them";
  if (!smtpUrl) log.warn(`SMTP_URL is not set: e-mail is ${fate}. Set SMTP_URL=smtp://… to send it.`);
  if (!config.sms) {
    log.warn(
      `SMS_URL is not set: text messages are ${fate}. Set SMS_URL=https://… (the SMS gateway) to send them.`,
    );
  }
  const toLog = loggingTransport({ reveal: config.demo });
  return {
    email: smtpUrl
      ? // REQUIRE_TLS spares a relay on this machine, as it does every other peer there.
        smtpTransport(smtpUrl, from, {
          requireTls: config.requireTls && !isLoopbackHost(new URL(smtpUrl).hostname),
        })
      : toLog,
    // REQUIRE_TLS refused an http: gateway across the network at start (transport-security.ts).
    sms: config.sms ? smsGatewayTransport(config.sms, { timeoutMs: options.smsTimeoutMs }) : toLog,
  };
}
const created = new WeakMap<Config, Transports>();

/** The process's transports: made on first use and kept, so connections and warnings are not per job. */
export function transportsFor(config: Config, log: Logger): Transports {
  let transports = created.get(config);
  if (!transports) {
    transports = createTransports(config, log);
    created.set(config, transports);
  }
  return transports;
}
