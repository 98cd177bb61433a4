import type { NodemailerError, Transporter } from "nodemailer";
import type { Logger } from "pino";
import type { Config } from "../../platform/config.ts";
import { isLoopbackHost } from "../../platform/transport-security.ts";
import type { Channel } from "./tables.ts";
import type { RenderedMessage } from "./templates.ts";

/** A rendered message on its way out. */
export interface OutgoingMessage extends RenderedMessage {
  notificationId: string;
  channel: Channel;
  /** An e-mail address or a mobile number. */
  to: string;
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

/**
 * Writes the message to the log instead of sending it: the demo works without a mail server or SMS
 * gateway. Links and codes end up in the log, so production must configure a real transport.
 */
export function loggingTransport(): Transport {
  return {
    async send(message, { log }) {
      log.info(
        {
          notification: message.notificationId,
          channel: message.channel,
          to: message.to,
          subject: message.subject,
          text: message.text,
        },
        `${message.channel === "sms" ? "text message" : "e-mail"} written to the log, not sent`,
      );
      return {};
    },
  };
}

/** The transports the settings call for; says once (here) when a channel only goes to the log. */
export function createTransports(config: Pick<Config, "mail" | "requireTls">, log: Logger): Transports {
  const { smtpUrl, from } = config.mail;
  if (!smtpUrl) {
    log.warn(
      "SMTP_URL is not set: e-mail is written to the log, not sent. Set SMTP_URL=smtp://… to send it.",
    );
  }
  log.warn("No SMS gateway is configured: text messages are written to the log, not sent.");
  return {
    email: smtpUrl
      ? // REQUIRE_TLS spares a relay on this machine, as it does every other peer there.
        smtpTransport(smtpUrl, from, {
          requireTls: config.requireTls && !isLoopbackHost(new URL(smtpUrl).hostname),
        })
      : loggingTransport(),
    sms: loggingTransport(),
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
