import type { Locale } from "../../platform/config.ts";
import type { FieldProblem } from "../../platform/errors.ts";
import { type CaseTemplateParams, caseTemplates } from "./case-templates.ts";
import { type RatingsTemplateParams, ratingsTemplates } from "./ratings-templates.ts";
import { redactParams } from "./redaction.ts";
import { type RequestsTemplateParams, requestsTemplates } from "./requests-templates.ts";
import type { Channel } from "./tables.ts";

/** What each template is filled with; callers get these types through `queueNotification`. */
export interface TemplateParams extends CaseTemplateParams, RatingsTemplateParams, RequestsTemplateParams {
  "account.verify_email": { name: string; link: string };
  "account.reset_password": { name: string; link: string; minutes: number };
  /** `purpose` is shown as given: pass it in the recipient's language ("确认授权委托"). */
  one_time_code: { code: string; purpose: string; minutes: number };
  /**
   * A principal's consent to a mandate asked for at a service point: the message names who asks, for
   * which services and until when, so the principal knows what giving the code agrees to. `services`
   * and `until` are shown as given: pass them in the recipient's language.
   */
  "mandate.consent_code": { code: string; agent: string; services: string; until: string; minutes: number };
  /**
   * A case's result waits in a 24-hour smart locker: where (`place`: the hall, the locker and its
   * compartment, in the recipient's language), the code that opens it, and the last day it is kept.
   */
  "locker.pickup_code": { code: string; caseNumber: string; place: string; until: string; link: string };
}
export type TemplateName = keyof TemplateParams;

/**
 * How a parameter is checked when queued: links must be http(s), so no `javascript:` reaches an href.
 * "text" is one line; "lines" may hold line breaks (a list of missing materials), which HTML shows as <br>.
 * The kind also says what the log may show of it (`redactParams`): a "code" is a one-time secret, a
 * "link" may carry one in its query (`?token=`), and a "secret_link" is one itself (a case's short link).
 */
export type ParamKind = "text" | "lines" | "link" | "secret_link" | "minutes" | "code";

/** Every parameter, escaped for HTML: an HTML body can only be built from these. */
export type Escaped<P> = { readonly [K in keyof P]: string };

interface EmailWords<P> {
  subject(p: P): string;
  text(p: P): string;
  /** The inside of `<body>`. */
  html(p: Escaped<P>): string;
}

/** What the in-app inbox shows: plain text, escaped by the page that shows it. */
export interface InboxText {
  title: string;
  body: string;
}

/** A template in both languages (the `Record<Locale, …>` will not compile with one missing). */
export interface Template<P> {
  params: { readonly [K in keyof P]-?: ParamKind };
  email: Record<Locale, EmailWords<P>>;
  /** Only templates with words for a text message may go by SMS. */
  sms?: Record<Locale, (p: P) => string>;
  /** The inbox's words; without them, the e-mail's subject and text. */
  inbox?: Record<Locale, (p: P) => InboxText>;
}

const minutesEn = (n: number) => (n === 1 ? "1 minute" : `${n} minutes`);

const footer: Record<Locale, string> = {
  "zh-CN": "此邮件由通办系统自动发送，请勿直接回复。",
  en: "This message was sent automatically by Tongban. Please do not reply to it.",
};

const button = (link: string, label: string) =>
  `<p><a href="${link}" style="display:inline-block;padding:.6em 1.2em;background:#0b57d0;color:#fff;text-decoration:none;border-radius:4px">${label}</a></p>` +
  `<p style="font-size:.875em;color:#555;word-break:break-all">${link}</p>`;

const templates: { readonly [T in TemplateName]: Template<TemplateParams[T]> } = {
  "account.verify_email": {
    params: { name: "text", link: "link" },
    email: {
      "zh-CN": {
        subject: () => "请确认您的电子邮箱 — 通办",
        text: (p) =>
          `${p.name}，您好：\n\n请打开下面的链接，确认这是您的电子邮箱：\n${p.link}\n\n` +
          "如果您没有注册通办账号，请忽略此邮件。\n",
        html: (p) =>
          `<p>${p.name}，您好：</p><p>请点击下面的按钮，确认这是您的电子邮箱。</p>${button(p.link, "确认电子邮箱")}` +
          "<p>如果您没有注册通办账号，请忽略此邮件。</p>",
      },
      en: {
        subject: () => "Confirm your e-mail address — Tongban",
        text: (p) =>
          `Hello ${p.name},\n\nOpen the link below to confirm that this is your e-mail address:\n${p.link}\n\n` +
          "If you did not sign up for Tongban, ignore this message.\n",
        html: (p) =>
          `<p>Hello ${p.name},</p><p>Confirm that this is your e-mail address with the button below.</p>` +
          `${button(p.link, "Confirm e-mail address")}<p>If you did not sign up for Tongban, ignore this message.</p>`,
      },
    },
  },
  "account.reset_password": {
    params: { name: "text", link: "link", minutes: "minutes" },
    email: {
      "zh-CN": {
        subject: () => "重设您的通办密码",
        text: (p) =>
          `${p.name}，您好：\n\n有人请求重设您通办账号的密码。请在 ${p.minutes} 分钟内打开下面的链接，设置新密码：\n` +
          `${p.link}\n\n如果这不是您本人的操作，请忽略此邮件，您的密码不会改变。\n`,
        html: (p) =>
          `<p>${p.name}，您好：</p><p>有人请求重设您通办账号的密码。请在 ${p.minutes} 分钟内点击下面的按钮，设置新密码。</p>` +
          `${button(p.link, "设置新密码")}<p>如果这不是您本人的操作，请忽略此邮件，您的密码不会改变。</p>`,
      },
      en: {
        subject: () => "Reset your Tongban password",
        text: (p) =>
          `Hello ${p.name},\n\nSomeone asked to reset the password of your Tongban account. ` +
          `Open the link below within ${minutesEn(p.minutes)} to choose a new password:\n${p.link}\n\n` +
          "If this was not you, ignore this message: your password stays as it is.\n",
        html: (p) =>
          `<p>Hello ${p.name},</p><p>Someone asked to reset the password of your Tongban account. ` +
          `Choose a new password within ${minutesEn(Number(p.minutes))} with the button below.</p>` +
          `${button(p.link, "Choose a new password")}<p>If this was not you, ignore this message: your password stays as it is.</p>`,
      },
    },
  },
  one_time_code: {
    params: { code: "code", purpose: "text", minutes: "minutes" },
    email: {
      "zh-CN": {
        // The code stays out of the subject, which lock screens and mail lists show to anyone nearby.
        subject: () => "您的通办验证码",
        text: (p) =>
          `您的验证码：${p.code}\n用途：${p.purpose}\n${p.minutes} 分钟内有效。` +
          "请勿将验证码告诉任何人，工作人员不会向您索要。\n",
        html: (p) =>
          `<p>您的验证码：</p><p style="font-size:2em;letter-spacing:.2em;font-weight:bold">${p.code}</p>` +
          `<p>用途：${p.purpose}<br>${p.minutes} 分钟内有效。请勿将验证码告诉任何人，工作人员不会向您索要。</p>`,
      },
      en: {
        subject: () => "Your Tongban one-time code",
        text: (p) =>
          `Your one-time code: ${p.code}\nFor: ${p.purpose}\nIt is valid for ${minutesEn(p.minutes)}. ` +
          "Do not share it with anyone: our staff will never ask for it.\n",
        html: (p) =>
          `<p>Your one-time code:</p><p style="font-size:2em;letter-spacing:.2em;font-weight:bold">${p.code}</p>` +
          `<p>For: ${p.purpose}<br>It is valid for ${minutesEn(Number(p.minutes))}. ` +
          "Do not share it with anyone: our staff will never ask for it.</p>",
      },
    },
    sms: {
      // Mainland operators require the sender's signature in 【】 at the start of every message.
      "zh-CN": (p) =>
        `【通办】您的验证码为 ${p.code}，用于${p.purpose}，${p.minutes} 分钟内有效。请勿告诉他人。`,
      en: (p) =>
        `[Tongban] Your code is ${p.code} for ${p.purpose}, valid for ${minutesEn(p.minutes)}. Do not share it.`,
    },
  },
  "mandate.consent_code": {
    params: { code: "code", agent: "text", services: "text", until: "text", minutes: "minutes" },
    email: {
      "zh-CN": {
        subject: () => "确认授权委托 — 通办",
        text: (p) =>
          `${p.agent}请求代您办理：${p.services}，期限至 ${p.until}。\n` +
          `同意请将验证码 ${p.code} 告诉对方，${p.minutes} 分钟内有效。如不同意，请勿告诉任何人。\n`,
        html: (p) =>
          `<p>${p.agent}请求代您办理：${p.services}，期限至 ${p.until}。</p>` +
          `<p style="font-size:2em;letter-spacing:.2em;font-weight:bold">${p.code}</p>` +
          `<p>同意请将验证码告诉对方，${p.minutes} 分钟内有效。如不同意，请勿告诉任何人。</p>`,
      },
      en: {
        subject: () => "Confirm a mandate — Tongban",
        text: (p) =>
          `${p.agent} asks to act for you in ${p.services} until ${p.until}.\n` +
          `To agree, give them the code ${p.code}; it is valid for ${minutesEn(p.minutes)}. ` +
          "If you do not agree, share it with no one.\n",
        html: (p) =>
          `<p>${p.agent} asks to act for you in ${p.services} until ${p.until}.</p>` +
          `<p style="font-size:2em;letter-spacing:.2em;font-weight:bold">${p.code}</p>` +
          `<p>To agree, give them this code; it is valid for ${minutesEn(Number(p.minutes))}. ` +
          "If you do not agree, share it with no one.</p>",
      },
    },
    sms: {
      "zh-CN": (p) =>
        `【通办】${p.agent}请求代您办理${p.services}，至${p.until}止。同意请将验证码 ${p.code} 告诉对方，` +
        `${p.minutes} 分钟内有效；如不同意，请勿告诉任何人。`,
      en: (p) =>
        `[Tongban] ${p.agent} asks to act for you in ${p.services} until ${p.until}. To agree, give them ` +
        `code ${p.code} (valid ${minutesEn(p.minutes)}). If you do not agree, share it with no one.`,
    },
  },
  "locker.pickup_code": {
    params: { code: "code", caseNumber: "text", place: "text", until: "text", link: "link" },
    email: {
      "zh-CN": {
        // The code stays out of the subject, which lock screens and mail lists show to anyone nearby.
        subject: () => "办理结果已放入智能柜 — 通办",
        text: (p) =>
          `您的办件 ${p.caseNumber} 的办理结果已放入${p.place}。\n取件码：${p.code}，请于 ${p.until} 前领取。` +
          `请勿将取件码告诉他人。\n\n查看办件：${p.link}\n`,
        html: (p) =>
          `<p>您的办件 ${p.caseNumber} 的办理结果已放入${p.place}。</p>` +
          `<p style="font-size:2em;letter-spacing:.2em;font-weight:bold">${p.code}</p>` +
          `<p>请于 ${p.until} 前凭取件码领取，请勿将取件码告诉他人。</p><p><a href="${p.link}">查看办件</a></p>`,
      },
      en: {
        subject: () => "Your result is in a locker — Tongban",
        text: (p) =>
          `The result of your case ${p.caseNumber} is in ${p.place}.\nPick-up code: ${p.code}. Collect it by ` +
          `${p.until}, and share the code with no one.\n\nSee the case: ${p.link}\n`,
        html: (p) =>
          `<p>The result of your case ${p.caseNumber} is in ${p.place}.</p>` +
          `<p style="font-size:2em;letter-spacing:.2em;font-weight:bold">${p.code}</p>` +
          `<p>Collect it with this code by ${p.until}, and share the code with no one.</p>` +
          `<p><a href="${p.link}">See the case</a></p>`,
      },
    },
    sms: {
      "zh-CN": (p) =>
        `【通办】办件${p.caseNumber}的结果已放入${p.place}，取件码 ${p.code}，请于${p.until}前领取。`,
      en: (p) => `[Tongban] Case ${p.caseNumber} is in ${p.place}. Code ${p.code}; collect by ${p.until}.`,
    },
  },
  ...caseTemplates,
  ...ratingsTemplates,
  ...requestsTemplates,
};

export const TEMPLATE_NAMES = Object.keys(templates) as TemplateName[];

export function isTemplateName(value: unknown): value is TemplateName {
  return typeof value === "string" && Object.hasOwn(templates, value);
}

/** What each parameter of a template is: how it is checked, and what a log may show of it. */
export function paramKinds(name: TemplateName): { readonly [key: string]: ParamKind } {
  return templates[name].params;
}

/** The channels a template has words for. */
export function channelsOf(name: TemplateName): Channel[] {
  return templates[name].sms ? ["email", "sms"] : ["email"];
}

const MAX_TEXT = 200;
const MAX_LINES = 2000;

/** Every problem with the parameters of a template at once, as fields under `/params`. */
export function checkParams(name: TemplateName, params: unknown): FieldProblem[] {
  if (typeof params !== "object" || params === null || Array.isArray(params)) {
    return [{ field: "/params", message: "must be an object" }];
  }
  const given = params as Record<string, unknown>;
  const kinds: Record<string, ParamKind> = templates[name].params;
  const problems: FieldProblem[] = [];
  for (const [key, kind] of Object.entries(kinds)) {
    const problem = checkParam(kind, given[key]);
    if (problem) problems.push({ field: `/params/${key}`, message: problem });
  }
  for (const key of Object.keys(given)) {
    if (!(key in kinds))
      problems.push({ field: `/params/${key}`, message: "is not a parameter of this template" });
  }
  return problems;
}

function checkParam(kind: ParamKind, value: unknown): string | undefined {
  switch (kind) {
    case "text":
      if (typeof value !== "string" || value.trim() === "") return "must be a non-empty text";
      if (value.length > MAX_TEXT) return `must be at most ${MAX_TEXT} characters`;
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we refuse
      if (/[\u0000-\u001f\u007f]/.test(value)) return "must be one line without control characters";
      return undefined;
    case "lines":
      if (typeof value !== "string" || value.trim() === "") return "must be a non-empty text";
      if (value.length > MAX_LINES) return `must be at most ${MAX_LINES} characters`;
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we refuse
      if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value))
        return "must be text without control characters other than line breaks";
      return undefined;
    case "link":
    case "secret_link":
      return typeof value === "string" && isWebLink(value)
        ? undefined
        : "must be an http:// or https:// link";
    case "minutes":
      return Number.isInteger(value) && (value as number) > 0 && (value as number) <= 7 * 24 * 60
        ? undefined
        : "must be a whole number of minutes, at least 1";
    case "code":
      return typeof value === "string" && /^[0-9A-Za-z]{4,12}$/.test(value)
        ? undefined
        : "must be 4 to 12 letters or digits";
  }
}

function isWebLink(value: string): boolean {
  if (value.length > 2000) return false;
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** What a transport sends: a subject and HTML only for e-mail. */
export interface RenderedMessage {
  subject?: string;
  text: string;
  html?: string;
  /** The same subject and text with every secret masked (`redactParams`): what a log may hold. */
  redacted: { subject?: string; text: string };
}

/**
 * The message in the recipient's language. The parameters were checked when queued; a template this
 * version no longer knows, or a channel it has no words for, throws (and the delivery fails visibly).
 */
export function render(channel: Channel, name: string, locale: Locale, params: object): RenderedMessage {
  if (!isTemplateName(name)) throw new Error(`Unknown notification template "${name}"`);
  // The template's own parameter type was enforced when queued; here they come back from the database.
  const template = templates[name] as Template<Record<string, string | number>>;
  const values = params as Record<string, string | number>;
  const masked = redactParams(template.params, values);
  if (channel === "sms") {
    const sms = template.sms?.[locale];
    if (!sms) throw new Error(`Template "${name}" has no words for a text message`);
    return { text: sms(values), redacted: { text: sms(masked) } };
  }
  const words = template.email[locale];
  const subject = words.subject(values);
  const escaped = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, escapeHtml(String(v))]));
  const text = (p: Record<string, string | number>) => `${words.text(p)}\n--\n${footer[locale]}\n`;
  return {
    subject,
    text: text(values),
    html: htmlPage(locale, subject, words.html(escaped)),
    redacted: { subject: words.subject(masked), text: text(masked) },
  };
}

/**
 * The inbox's title and body in one language, as plain text. The parameters must have been checked
 * (`checkParams`); the e-mail's footer is left out, since the message is read inside Tongban.
 */
export function renderInbox(name: TemplateName, locale: Locale, params: object): InboxText {
  const template = templates[name] as Template<Record<string, string | number>>;
  const values = params as Record<string, string | number>;
  const inbox = template.inbox?.[locale];
  if (inbox) return inbox(values);
  const words = template.email[locale];
  return { title: words.subject(values), body: words.text(values).trim() };
}

function htmlPage(locale: Locale, subject: string, body: string): string {
  return (
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(subject)}</title></head>` +
    `<body style="margin:0;padding:1em;font-family:sans-serif;font-size:16px;line-height:1.6;color:#1a1a1a">` +
    `<div style="max-width:36em;margin:0 auto">${body}` +
    `<hr style="border:0;border-top:1px solid #ddd;margin-top:2em"><p style="font-size:.875em;color:#555">${footer[locale]}</p>` +
    "</div></body></html>"
  );
}
