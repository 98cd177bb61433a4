import type { BundleSums } from "./bundle-store.ts";
import type { VoiceSums } from "./voice-store.ts";

/**
 * The figures a dashboard shows beside the cases': the public's voice and the one-thing bundles, each of
 * the region whatever department, item or channel is chosen.
 */

/** A share, or null when there is nothing to share out (never a 0 that looks like a measurement). */
export const share = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

export interface VoiceFigures {
  received: number;
  answered: number;
  /** Working days from receipt to answer, over those answered. */
  meanDays: number | null;
  onTimeRate: number | null;
  /** Received and not yet answered at the end of the period. */
  backlog: number;
}

export function voiceFigures(rows: VoiceSums[], kind: VoiceSums["kind"]): VoiceFigures {
  const r = rows.find((x) => x.kind === kind);
  return {
    received: r?.received ?? 0,
    answered: r?.answered ?? 0,
    meanDays: r ? share(r.answered_days_sum, r.measured) : null,
    onTimeRate: r ? share(r.answered_on_time, r.answered) : null,
    backlog: r?.backlog ?? 0,
  };
}

/** 一件事一次办: a bundle's time against the sum of its parts, over the applications settled. */
export interface BundleFigures {
  received: number;
  /** Applications whose last child closed in the period. */
  settled: number;
  /** Working days from the application to its last child's close. */
  meanDays: number | null;
  /** The children's own working days (each its submission to its close) added up. */
  meanPartsDays: number | null;
  /** The bundle's days over its parts' days: below 1, the departments worked side by side. */
  ratio: number | null;
  /** Submitted and not yet settled at the end of the period. */
  backlog: number;
}

export interface NamedBundle {
  code: string;
  name: string;
  nameEn: string;
  figures: BundleFigures;
}

function bundleFigures(rows: BundleSums[]): BundleFigures {
  const sum = (key: keyof Omit<BundleSums, "bundle_code" | "name">) => rows.reduce((n, r) => n + r[key], 0);
  const measured = sum("measured");
  return {
    received: sum("received"),
    settled: sum("settled"),
    meanDays: share(sum("bundle_days_sum"), measured),
    meanPartsDays: share(sum("parts_days_sum"), measured),
    ratio: share(sum("bundle_days_sum"), sum("parts_days_sum")),
    backlog: sum("backlog"),
  };
}

/** Every bundle's figures, busiest first, and all of them summed. */
export function bundlesOf(rows: BundleSums[]): { total: BundleFigures; byBundle: NamedBundle[] } {
  return {
    total: bundleFigures(rows),
    byBundle: rows
      .map((r) => ({
        code: r.bundle_code,
        name: r.name?.zh ?? r.bundle_code,
        nameEn: r.name?.en ?? r.bundle_code,
        figures: bundleFigures([r]),
      }))
      .sort((a, b) => b.figures.received - a.figures.received || a.code.localeCompare(b.code)),
  };
}
