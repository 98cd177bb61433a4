import type { PageContext } from "../../web/layout.tsx";

/** How insight pages write figures: "—" for a figure there is nothing to measure, never a zero. */
export const percent = (ctx: PageContext, x: number | null) =>
  x === null ? "—" : `${(x * 100).toLocaleString(ctx.locale, { maximumFractionDigits: 1 })}%`;
export const decimal = (ctx: PageContext, x: number | null) =>
  x === null ? "—" : x.toLocaleString(ctx.locale, { maximumFractionDigits: 1 });
export const whole = (ctx: PageContext, x: number) => x.toLocaleString(ctx.locale);
/** A name in the page's language, the other when it has none. */
export const named = (ctx: PageContext, n: { name: string; nameEn: string }) =>
  (ctx.locale === "en" ? n.nameEn || n.name : n.name || n.nameEn) || "—";
