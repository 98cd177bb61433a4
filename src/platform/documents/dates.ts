import type { Locale } from "../config.ts";

// Documents show the day in China whatever the server's time zone: 2026年11月27日, 27 November 2026.
const formats = (options: Intl.DateTimeFormatOptions) => ({
  "zh-CN": new Intl.DateTimeFormat("zh-CN", { timeZone: "Asia/Shanghai", ...options }),
  en: new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Shanghai", ...options }),
});
const DAY = formats({ year: "numeric", month: "long", day: "numeric" });
const TIME = formats({ hour: "2-digit", minute: "2-digit", hourCycle: "h23" });

/** The day in China: 2026年11月27日, or 27 November 2026. */
export function chinaDate(instant: Date, locale: Locale): string {
  return DAY[locale].format(instant);
}

/** The day and the time of day in China: 2026年11月27日 14:05, or 27 November 2026 14:05. */
export function chinaDateTime(instant: Date, locale: Locale): string {
  return `${chinaDate(instant, locale)} ${TIME[locale].format(instant)}`;
}
