import { type RawBuilder, sql } from "kysely";
import type { Executor } from "../../platform/db/database.ts";
import { CODE_LENGTH } from "./codes.ts";
import { COMMITTEE_RANGES } from "./import.ts";

export const PROBLEM_KINDS = [
  /** Below province level with no parent row (a null parent_code, or one that names no region). */
  "missingParent",
  /** A province with a parent, or a parent that is not exactly one level up. */
  "wrongParentLevel",
  /** The code's length is not the length of its level (2, 4, 6, 9, 12 digits). */
  "levelMismatch",
  /** The code does not start with its parent's code. */
  "codeOutsideParent",
  /** A village or community without urban_rural. */
  "villageUnclassified",
  /** A village or community whose urban_rural disagrees with the last three digits of its code. */
  "villageMisclassified",
  /** urban_rural set above village level. */
  "classifiedNonVillage",
] as const;

export type ProblemKind = (typeof PROBLEM_KINDS)[number];

export interface ProblemCount {
  count: number;
  /** Up to SAMPLE_SIZE codes, in code order. */
  samples: string[];
}

export interface RegionCheckSummary {
  id: string;
  ranAt: Date;
  regionsChecked: number;
  /** Regions with at least one problem; one region may count under several kinds. */
  problems: number;
  details: Record<ProblemKind, ProblemCount>;
}

export const SAMPLE_SIZE = 20;

/**
 * The nightly consistency check of the region tree: one pass over regions joined to their parents,
 * counted in SQL, and one row written to region_checks.
 */
export async function checkRegionTree(db: Executor): Promise<RegionCheckSummary> {
  const conditions = problemConditions();
  const any = sql.join(
    PROBLEM_KINDS.map((kind) => sql`(${conditions[kind]})`),
    sql` or `,
  );
  const perKind = PROBLEM_KINDS.map(
    (kind) => sql`
      count(*) filter (where ${conditions[kind]})::int as ${sql.ref(`${kind}_count`)},
      (array_agg(r.code order by r.code) filter (where ${conditions[kind]}))[1:${sql.lit(SAMPLE_SIZE)}]
        as ${sql.ref(`${kind}_samples`)}`,
  );
  const { rows } = await sql<Record<string, unknown>>`
    select count(*)::int as checked, count(*) filter (where ${any})::int as problems, ${sql.join(perKind)}
    from regions r left join regions p on p.code = r.parent_code
  `.execute(db);
  const row = rows[0] ?? {};
  const details = Object.fromEntries(
    PROBLEM_KINDS.map((kind) => [
      kind,
      {
        count: Number(row[`${kind}_count`] ?? 0),
        samples: (row[`${kind}_samples`] as string[] | null) ?? [],
      },
    ]),
  ) as Record<ProblemKind, ProblemCount>;
  const regionsChecked = Number(row.checked ?? 0);
  const problems = Number(row.problems ?? 0);
  const saved = await db
    .insertInto("region_checks")
    .values({ regions_checked: regionsChecked, problems, details: JSON.stringify(details) })
    .returning(["id", "ran_at"])
    .executeTakeFirstOrThrow();
  return { id: saved.id, ranAt: saved.ran_at, regionsChecked, problems, details };
}

/** Each kind as a condition on `r` (the region) and `p` (its parent, null when missing). */
function problemConditions(): Record<ProblemKind, RawBuilder<unknown>> {
  const expectedLength = sql`case r.level ${sql.join(
    Object.entries(CODE_LENGTH).map(
      ([level, length]) => sql`when ${sql.lit(Number(level))} then ${sql.lit(length)}`,
    ),
    sql` `,
  )} end`;
  const expectedKind = sql`case when length(r.code) = 12 then case ${sql.join(
    COMMITTEE_RANGES.map(
      (range) =>
        sql`when right(r.code, 3)::int between ${sql.lit(range.from)} and ${sql.lit(range.to)} then ${sql.lit(range.kind)}`,
    ),
    sql` `,
  )} end end`;
  return {
    missingParent: sql`r.level > 1 and p.code is null`,
    wrongParentLevel: sql`(r.level = 1 and r.parent_code is not null) or (p.code is not null and p.level <> r.level - 1)`,
    levelMismatch: sql`length(r.code) is distinct from ${expectedLength}`,
    codeOutsideParent: sql`p.code is not null and left(r.code, length(p.code)) <> p.code`,
    villageUnclassified: sql`r.level = 5 and r.urban_rural is null`,
    villageMisclassified: sql`r.level = 5 and r.urban_rural is not null and r.urban_rural is distinct from ${expectedKind}`,
    classifiedNonVillage: sql`r.level <> 5 and r.urban_rural is not null`,
  };
}
