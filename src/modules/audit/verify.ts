import type { Executor } from "../../platform/db/database.ts";
import { checkHeads } from "./anchor.ts";
import { lastRecordedHeads } from "./anchor-store.ts";
import { GENESIS_HASH } from "./chain.ts";
import { sealAudit } from "./seal.ts";
import * as store from "./verify-store.ts";

/**
 * What broke a chain first:
 * - changed: the entry's content no longer gives its hash;
 * - removed: an entry is missing (a gap in the numbering, or the entry's prev_hash names no entry);
 * - reordered: the entry's prev_hash is the hash of another entry than the one before it;
 * - truncated: the head names more entries, or another last hash, than the log ends with;
 * - unanchored: entries after the one the head names, or in a province with no head, which
 *   recordAudit never writes;
 * - rewritten: a province's chain, intact on its own, no longer holds the head the national chain's
 *   last `audit.heads` entry recorded — it was rebuilt since, links and all.
 */
export interface VerifyProblem {
  kind: "changed" | "removed" | "reordered" | "truncated" | "unanchored" | "rewritten";
  /**
   * The province whose chain it is in; null for the one chain the country kept before migration 0044,
   * which every province's chain goes on from. Entry numbers count within a chain.
   */
  province: string | null;
  seq: number;
  message: string;
}

/** Where a province's chain ends. */
export interface VerifiedHead {
  province: string;
  seq: number;
  hash: string;
}

export type VerifyResult =
  | { ok: true; entries: number; heads: VerifiedHead[] }
  | {
      ok: false;
      problem: VerifyProblem;
      /** Entries found intact before the problem. */
      entries: number;
    };

export interface VerifyOptions {
  /** Called as batches are checked, with the entries checked so far and the number there should be. */
  onProgress?: (checked: number, total: number) => void;
  batchSize?: number;
  /** Batches asked for ahead of the one being checked. */
  lookahead?: number;
}

const BIGINT_MIN = "-9223372036854775808";
const short = (hash: string) => hash.slice(0, 12);

/** One chain to walk: its entries come after `afterSeq` (hashed `afterHash`) up to the head. */
interface Chain {
  province: string | undefined;
  afterSeq: number;
  afterHash: string;
  head: { seq: number; hash: string; maxSeq: number | null };
}

type Walked =
  | { ok: true; entries: number }
  | { ok: false; problem: Omit<VerifyProblem, "province">; entries: number };

/**
 * Walks the audit trail in order and recomputes every hash, reporting the first entry that was changed,
 * removed or reordered, and a tail cut off or added behind a head's back: first the one chain the
 * country kept before migration 0044 (if it kept one), then each province's chain, as its head in
 * `audit_head` names it.
 *
 * It checks the entries the heads named when it began; entries appended meanwhile are left for the next
 * run. It reads ranges of entry numbers, asking for the next ranges while the current one is checked; the
 * database renders and hashes each entry's canonical text, so the process only follows the links.
 */
export async function verifyAuditChain(db: Executor, options: VerifyOptions = {}): Promise<VerifyResult> {
  // What waits to be sealed is sealed first: verify speaks for the whole trail.
  await sealAudit(db);
  const provinces = await store.chainProvinces(db);
  const heads: (store.ChainHead & { province: string })[] = [];
  for (const province of provinces) {
    const head = await store.readHead(db, province);
    if (head) heads.push({ ...head, province });
  }
  const national = heads.find((h) => h.province === "00");
  if (!national) {
    return {
      ok: false,
      entries: 0,
      problem: {
        kind: "truncated",
        province: "00",
        seq: 0,
        message: "the national audit head row is missing, so the end of the log is unknown",
      },
    };
  }
  const chains: Chain[] = heads.map((h) => ({
    province: h.province,
    afterSeq: h.baseSeq,
    afterHash: h.baseHash,
    head: h,
  }));
  if (national.baseSeq > 0) {
    const seq = national.baseSeq;
    chains.unshift({
      province: undefined,
      afterSeq: 0,
      afterHash: GENESIS_HASH,
      head: { seq, hash: national.baseHash, maxSeq: seq },
    });
  }
  const total = chains.reduce((sum, c) => sum + c.head.seq - c.afterSeq, 0);
  options.onProgress?.(0, total);

  let entries = 0;
  const fail = (province: string | null, walked: Extract<Walked, { ok: false }>): VerifyResult => ({
    ok: false,
    problem: { ...walked.problem, province },
    entries: entries + walked.entries,
  });
  const split = heads.find((h) => h.baseSeq !== national.baseSeq || h.baseHash !== national.baseHash);
  if (split) {
    return fail(split.province, {
      ok: false,
      entries: 0,
      problem: {
        kind: "changed",
        seq: split.baseSeq,
        message: `its head says the chain begins after entry ${split.baseSeq} (${short(split.baseHash)}…), not where the national chain was split, after entry ${national.baseSeq} (${short(national.baseHash)}…)`,
      },
    });
  }
  for (const chain of chains) {
    const done = entries;
    const walked = await walkChain(db, chain, options, (checked) =>
      options.onProgress?.(done + checked, total),
    );
    if (!walked.ok) return fail(chain.province ?? null, walked);
    entries += walked.entries;
  }
  const stray = await store.entryWithoutHead(db, provinces, national.baseSeq);
  if (stray) {
    return fail(stray.province, {
      ok: false,
      entries: 0,
      problem: {
        kind: "unanchored",
        seq: stray.seq,
        message: `entries of province ${stray.province} from entry ${stray.seq} on have no head: they were written around the audit trail`,
      },
    });
  }
  // Each chain holds together on its own; the national chain's record of the others' heads ties them
  // together, so one province's chain rebuilt wholesale is caught here without any anchor kept off the box.
  const recorded = await lastRecordedHeads(db);
  if (recorded && recorded.seq <= national.seq) {
    const check = await checkHeads(
      db,
      recorded.heads,
      `the national chain's entry ${recorded.seq} (audit.heads)`,
    );
    if (!check.ok) {
      return fail(check.province, {
        ok: false,
        entries: 0,
        problem: { kind: "rewritten", seq: check.seq, message: check.message },
      });
    }
  }
  return { ok: true, entries, heads: heads.map((h) => ({ province: h.province, seq: h.seq, hash: h.hash })) };
}

/** Checks one chain from its first entry to its head; `onProgress` hears the entries checked in it. */
async function walkChain(
  db: Executor,
  chain: Chain,
  options: VerifyOptions,
  onProgress: (checked: number) => void,
): Promise<Walked> {
  const batchSize = options.batchSize ?? 50_000;
  const lookahead = options.lookahead ?? 2;
  const { province, afterSeq, head } = chain;
  // Entries after the head's are not part of the chain the head vouches for (they are reported below),
  // and a head beyond the last entry is reported without walking the numbers in between.
  const to = Math.min(head.seq, head.maxSeq ?? afterSeq);

  // Batches are ranges of entry numbers, so several can be asked for at once: the database checks the
  // next ones on other cores while this one's result comes in. A chain that begins at entry 1 takes in
  // any number below 1 in its first range.
  const inFlight: Promise<store.RangeCheck>[] = [];
  let nextFrom = afterSeq + 1;
  const askAhead = () => {
    while (inFlight.length < lookahead && nextFrom <= to) {
      const from = nextFrom === 1 ? BIGINT_MIN : String(nextFrom);
      const until = Math.min(nextFrom + batchSize - 1, to);
      inFlight.push(store.checkRange(db, province, from, String(until)));
      nextFrom = until + 1;
    }
  };

  let expected = afterSeq + 1;
  let prevHash = chain.afterHash;
  const fail = async (
    problem: VerifyProblem | Omit<VerifyProblem, "province">,
    last: number,
  ): Promise<Walked> => {
    await Promise.allSettled(inFlight);
    return { ok: false, problem, entries: last - afterSeq };
  };

  askAhead();
  for (;;) {
    const batch = inFlight.shift();
    if (!batch) break;
    const range = await batch;
    askAhead();
    const { first, broken, last } = range;
    // An empty range says nothing yet: the next entry found, or the head, shows the gap.
    if (!first || !last) continue;
    const atFirst = await problemAt(db, province, first, expected, prevHash);
    if (atFirst) return fail(atFirst, expected - 1);
    if (broken && broken.seq !== first.seq) {
      const before = (broken.beforeSeq as number) + 1;
      const problem = await problemAt(db, province, broken, before, broken.beforeHash as string);
      if (problem) return fail(problem, before - 1);
    }
    expected = last.seq + 1;
    prevHash = last.hash;
    onProgress(expected - 1 - afterSeq);
  }

  const present = expected - 1;
  if (present < head.seq) {
    return fail(
      {
        kind: "truncated",
        seq: expected,
        message: `the head records ${head.seq} entries but the log ends at entry ${present}: the last ${head.seq - present} were removed`,
      },
      present,
    );
  }
  if (prevHash !== head.hash) {
    return fail(
      {
        kind: "truncated",
        seq: head.seq,
        message: `the head's hash ${short(head.hash)}… is not entry ${head.seq}'s: the end of the log was replaced`,
      },
      present,
    );
  }
  if (head.maxSeq !== null && head.maxSeq > head.seq) {
    return fail(
      {
        kind: "unanchored",
        seq: head.seq + 1,
        message: `entries ${head.seq + 1}…${head.maxSeq} lie beyond the head: they were written around the audit trail`,
      },
      present,
    );
  }
  return { ok: true, entries: present - afterSeq };
}

/**
 * What is wrong with an entry that should be number `expected` and follow the entry hashed `prevHash`:
 * a gap in the numbering, a link to another entry, or content that no longer gives its hash — the first
 * of these, as a writer would have broken them in that order.
 */
async function problemAt(
  db: Executor,
  province: string | undefined,
  row: store.VerifyRow,
  expected: number,
  prevHash: string,
): Promise<Omit<VerifyProblem, "province"> | undefined> {
  const { seq } = row;
  if (seq !== expected) {
    return seq > expected
      ? {
          kind: "removed",
          seq: expected,
          message: `entry ${expected} is missing: the log goes on at entry ${seq}`,
        }
      : {
          kind: "changed",
          seq,
          message:
            expected === 1
              ? `entry number ${seq} is not valid: numbering starts at 1`
              : `entry number ${seq} is out of place: entry ${expected} should follow entry ${expected - 1}`,
        };
  }
  if (row.prevHash !== prevHash) {
    const follows = await store.findSeqByHash(db, province, row.prevHash);
    return follows !== undefined
      ? {
          kind: "reordered",
          seq,
          message: `it follows entry ${follows}, not entry ${seq - 1}: entries were swapped or moved`,
        }
      : {
          kind: "removed",
          seq,
          message: `the entry it follows (hash ${short(row.prevHash)}…) is not in the log: an entry before it was removed`,
        };
  }
  if (!row.intact) return { kind: "changed", seq, message: "its content no longer matches its hash" };
  return undefined;
}
