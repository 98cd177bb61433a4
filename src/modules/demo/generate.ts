import { sql } from "kysely";
import type { Db, Executor } from "../../platform/db/database.ts";
import type { Progress } from "../../platform/progress.ts";
import { UsageError } from "../../usage-error.ts";
import { layEvents } from "./generate-events.ts";
import { prepareSetup } from "./generate-setup.ts";
import { createLookups, drawCases, genId, HISTORY, layTasks, layTimelines } from "./generate-sql.ts";
import { type RequestCategory, writeVoice } from "./generate-voice.ts";
import { GENERATED_NUMBER, writeCases } from "./generate-write.ts";

/**
 * `tongban demo generate --cases N`: two years of history over the imported divisions, for the insight
 * dashboards, process mining and the benchmarks — cases of the items the regions offer, on their
 * items' plans, from people and organisations of the villages and communities, with their events,
 * tasks, pauses, ratings and 12345 requests (see generate-sql.ts for how a case is drawn).
 *
 * Set-based: each chunk of cases is a few INSERT … SELECT over generate_series, in one transaction.
 * Cases are numbered g = 1, 2, 3 … (their case number starts 9 and then g: generate-write.ts; their id
 * is made from g too), so a run asked for N makes the g ≤ N not made yet: nothing when all are there,
 * the difference after a smaller N, and what an interrupted run left undone.
 *
 * Approximations, on purpose:
 * - One working calendar for the run: that of the region all offerings lie in (a township's own
 *   override of a day is not seen).
 * - Applicants are drawn, not registered: their cases carry a name, a masked ID number (or an
 *   organisation's credit code) and the village they live in, and nobody signs in as them.
 * - No materials, licences, messages or audit entries are made for generated cases: they are history,
 *   not work.
 * - No deemed approvals (no demo process allows one) and no lapsed supplements: an applicant asked
 *   for a supplement always answers within the process's limit.
 */
export const MAX_CASES = 99_999_999;
const CHUNK = 50_000;

export interface GenerateOptions {
  cases: number;
  /** Cases per transaction: each chunk commits on its own. */
  chunk?: number;
  progress?: (total: number) => Progress;
  now?: Date;
}

export interface GenerateReport {
  /** Generated cases there were before and are now. */
  before: number;
  after: number;
}

/** `--cases` as typed: a whole number from 1 to MAX_CASES, else a message saying what to type. */
export function parseCases(raw: string | undefined): number {
  const text = (raw ?? "").replaceAll(/[_,]/g, "").trim();
  const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > MAX_CASES) {
    throw new UsageError(
      `demo generate needs --cases N, a whole number of cases from 1 to ${MAX_CASES.toLocaleString("en-US")}` +
        (raw === undefined ? "" : ` (got "${raw}")`) +
        "; e.g. tongban demo generate --cases 100000",
    );
  }
  return n;
}

/** Generated cases are those whose id is a generated one (generate-sql.ts) and whose number starts 9. */
function generatedIn(db: Executor, lo: number, hi: number) {
  return sql<{ n: string }>`
    ${HISTORY} select count(*) as n from cases
    where id >= ${sql.raw(genId("0", String(lo)))} and id <= ${sql.raw(genId("0", String(hi)))}
      and number like ${`${GENERATED_NUMBER}%`}`.execute(db);
}

/** How many generated cases there are. */
export async function generatedCount(db: Executor): Promise<number> {
  return Number((await generatedIn(db, 1, MAX_CASES)).rows[0]?.n ?? 0);
}

/**
 * Cases are drawn on a fixed grid of chunks (g = 1 … CHUNK, CHUNK + 1 … 2 × CHUNK, …); a chunk is
 * committed whole or not at all, and one whose cases are all there is skipped. Within a chunk, a g
 * whose case exists is left out, so a chunk cut short by an earlier, smaller N is completed.
 */
export async function generateHistory(db: Db, options: GenerateOptions): Promise<GenerateReport> {
  const target = parseCases(String(options.cases));
  const before = await generatedCount(db);
  const chunk = options.chunk ?? CHUNK;
  const pending: { lo: number; hi: number; missing: number }[] = [];
  for (let lo = 1; lo <= target; lo += chunk) {
    const hi = Math.min(target, lo + chunk - 1);
    const have = Number((await generatedIn(db, lo, hi)).rows[0]?.n ?? 0);
    if (have < hi - lo + 1) pending.push({ lo, hi, missing: hi - lo + 1 - have });
  }
  if (pending.length === 0) return { before, after: before };
  const setup = await prepareSetup(db, options.now ?? new Date());
  if (setup.offerings.length === 0) {
    throw new UsageError(
      "demo generate found no offerings to apply for: import regions and a catalogue first (tongban seed loads the demo county)",
    );
  }
  const categories = (
    await sql<RequestCategory>`
      select code, kind, due_working_days as days from request_categories where retired_at is null order by code`.execute(
      db,
    )
  ).rows;
  const lz4 = (
    await sql<{ lz4: boolean }>`
      select coalesce(bool_or('lz4' = any(enumvals)), false) as lz4 from pg_settings
      where name = 'default_toast_compression'`.execute(db)
  ).rows[0]?.lz4;
  const bar = options.progress?.(pending.reduce((sum, p) => sum + p.missing, 0));
  // Two chunks at a time: a chunk is one PostgreSQL backend's work, and a second keeps the other core
  // busy. (PGlite has one connection: its chunks wait for each other.)
  const queue = [...pending];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const { lo, hi, missing } = next;
      await db.transaction().execute(async (tx) => {
        // The staging tables' sizes are guesses to the planner until analysed, and a guess of millions
        // turns on JIT compilation, which costs seconds a statement here and saves nothing.
        await sql`set local jit = off`.execute(tx);
        // Every case keeps its plan (a few kB of JSON), compressed on the way in: lz4, where the server
        // has it, does that several times faster than the default.
        if (lz4) await sql`set local default_toast_compression = lz4`.execute(tx);
        await createLookups(tx, setup);
        await drawCases(tx, setup, lo, hi);
        await layTimelines(tx, setup);
        await layTasks(tx);
        await layEvents(tx);
        await writeCases(tx, setup.tNow);
        await writeVoice(tx, categories, setup.now, setup.tNow);
      });
      bar?.tick(missing);
    }
  };
  await Promise.all([worker(), worker()]);
  bar?.done();
  // Fresh statistics for the planner: a million new rows otherwise wait for autovacuum to be seen.
  await sql`analyze cases, case_events, case_tasks, case_pauses, ratings, public_requests`.execute(db);
  return { before, after: await generatedCount(db) };
}
