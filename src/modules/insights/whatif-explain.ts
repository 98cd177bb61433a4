import { en, zhCN } from "./mining-messages.ts";
import type { Change, WhatIfResult } from "./whatif.ts";

type Key = keyof typeof zhCN;

const fill = (text: string, params: Record<string, string | number>) =>
  text.replace(/\{(\w+)\}/g, (whole, name: string) => String(params[name] ?? whole));

/**
 * The estimate in plain words, in both languages at once: the API hands both to whoever shows it, and
 * a saved draft can carry them. Without an estimate, only why not and what to do.
 */
export function explain(
  r: Omit<WhatIfResult, "explanation">,
  changes: readonly Change[],
): { zh: string; en: string } {
  const keys: [Key, Record<string, string | number>][] = [];
  if (r.reason !== null) {
    keys.push([`insights.whatif.explain.${r.reason}`, { cases: r.casesUsed, minimum: r.minimumCases }]);
  } else if (r.estimate) {
    keys.push([
      "insights.whatif.explain.method",
      {
        cases: r.casesUsed,
        region: r.region.name,
        from: r.period.from,
        to: r.period.to,
        samples: r.samples,
        seed: r.seed,
      },
    ]);
    keys.push([
      "insights.whatif.explain.result",
      {
        baseline: r.estimate.baseline.mean.value,
        proposal: r.estimate.proposal.mean.value,
        saving: r.estimate.saving.mean.value,
        low: r.estimate.saving.mean.low,
        high: r.estimate.saving.mean.high,
      },
    ]);
    keys.push(["insights.whatif.explain.limits", {}]);
  }
  if (changes.some((c) => c.kind === "budget")) keys.push(["insights.whatif.explain.budget", {}]);
  return {
    zh: keys.map(([key, params]) => fill(zhCN[key], params)).join(""),
    en: keys.map(([key, params]) => fill(en[key], params)).join(" "),
  };
}
