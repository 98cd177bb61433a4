import * as applicants from "../../modules/applicants/messages.ts";
import * as applications from "../../modules/applications/messages.ts";
import * as applicationPages from "../../modules/applications/pages-messages.ts";
import * as audit from "../../modules/audit/messages.ts";
import * as bundles from "../../modules/bundles/messages.ts";
import * as calendar from "../../modules/calendar/messages.ts";
import * as cases from "../../modules/cases/messages.ts";
import * as casePages from "../../modules/cases/pages-messages.ts";
import * as work from "../../modules/cases/work-messages.ts";
import * as catalogAdmin from "../../modules/catalog/admin-messages.ts";
import * as catalog from "../../modules/catalog/messages.ts";
import * as catalogPages from "../../modules/catalog/pages-messages.ts";
import * as consultations from "../../modules/consultations/messages.ts";
import * as devices from "../../modules/devices/messages.ts";
import * as disclosure from "../../modules/disclosure/messages.ts";
import * as exchange from "../../modules/exchange/messages.ts";
import * as govstack from "../../modules/govstack/messages.ts";
import * as intake from "../../modules/halls/intake-messages.ts";
import * as halls from "../../modules/halls/messages.ts";
import * as queue from "../../modules/halls/queue-messages.ts";
import * as identity from "../../modules/identity/messages.ts";
import * as insights from "../../modules/insights/messages.ts";
import * as mining from "../../modules/insights/mining-messages.ts";
import * as licences from "../../modules/licences/messages.ts";
import * as mandates from "../../modules/mandates/messages.ts";
import * as notify from "../../modules/notify/messages.ts";
import * as points from "../../modules/points/messages.ts";
import * as ratings from "../../modules/ratings/messages.ts";
import * as requests from "../../modules/requests/messages.ts";
import * as requestPages from "../../modules/requests/page-messages.ts";
import * as supervision from "../../modules/supervision/messages.ts";
import * as webhooks from "../../modules/webhooks/messages.ts";
import * as sessions from "../auth/messages.ts";
import { LOCALES, type Locale } from "../config.ts";
import * as documents from "../documents/messages.ts";
import * as files from "../files/messages.ts";
import { en as platformEn } from "./en.ts";
import { zhCN as platformZh } from "./zh-CN.ts";

/** The one catalogue: the platform's words and each module's, merged. */
const zhCN = {
  ...platformZh,
  ...identity.zhCN,
  ...audit.zhCN,
  ...notify.zhCN,
  ...applicants.zhCN,
  ...mandates.zhCN,
  ...calendar.zhCN,
  ...catalog.zhCN,
  ...catalogPages.zhCN,
  ...catalogAdmin.zhCN,
  ...cases.zhCN,
  ...casePages.zhCN,
  ...work.zhCN,
  ...applications.zhCN,
  ...applicationPages.zhCN,
  ...licences.zhCN,
  ...documents.zhCN,
  ...files.zhCN,
  ...webhooks.zhCN,
  ...exchange.zhCN,
  ...bundles.zhCN,
  ...halls.zhCN,
  ...queue.zhCN,
  ...intake.zhCN,
  ...devices.zhCN,
  ...points.zhCN,
  ...ratings.zhCN,
  ...requests.zhCN,
  ...requestPages.zhCN,
  ...consultations.zhCN,
  ...disclosure.zhCN,
  ...supervision.zhCN,
  ...insights.zhCN,
  ...mining.zhCN,
  ...sessions.zhCN,
  ...govstack.zhCN,
};
export type MessageKey = keyof typeof zhCN;
const en: Record<MessageKey, string> = {
  ...platformEn,
  ...identity.en,
  ...audit.en,
  ...notify.en,
  ...applicants.en,
  ...mandates.en,
  ...calendar.en,
  ...catalog.en,
  ...catalogPages.en,
  ...catalogAdmin.en,
  ...cases.en,
  ...casePages.en,
  ...work.en,
  ...applications.en,
  ...applicationPages.en,
  ...licences.en,
  ...documents.en,
  ...files.en,
  ...webhooks.en,
  ...exchange.en,
  ...bundles.en,
  ...halls.en,
  ...queue.en,
  ...intake.en,
  ...devices.en,
  ...points.en,
  ...ratings.en,
  ...requests.en,
  ...requestPages.en,
  ...consultations.en,
  ...disclosure.en,
  ...supervision.en,
  ...insights.en,
  ...mining.en,
  ...sessions.en,
  ...govstack.en,
};
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

const catalogues: Record<Locale, Record<MessageKey, string>> = { "zh-CN": zhCN, en };

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

export function translator(locale: Locale): Translate {
  const catalogue = catalogues[locale];
  return (key, params) => {
    const text = catalogue[key];
    return params ? text.replace(/\{(\w+)\}/g, (whole, name: string) => String(params[name] ?? whole)) : text;
  };
}

export function hasMessage(key: string): key is MessageKey {
  return key in zhCN;
}
