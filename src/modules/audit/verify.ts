import type { Executor } from "../../platform/db/database.ts";
import { GENESIS_HASH } from "./chain.ts";
import * as store from "./chain-store.ts";
import { sealAudit } from "./seal.ts";

/**
 * What broke the chain first:
 * - changed: the entry's content no longer gives its hash;
 * - removed: an entry is missing (a gap in the numbering, or the entry's prev_hash names no entry);
 * - reordered: the entry's prev_hash is the hash of another entry than the one before it;
 * - truncated: the head names more entries, or another last hash, than the log ends with;
 * - unanchored: entries after the one the head names, which recordAudit never writes.
 */
export interface VerifyProblem {
  kind: "changed" | "removed" | "reordered" | "truncated" | "unanchored";
  seq: number;
  message: string;
}

export type VerifyResult =
  | { ok: true; entries: number; headHash: string }
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

/**
 * Walks the audit trail in order and recomputes every hash, reporting the first entry that was changed,
 * removed or reordered, and a tail cut off or added behind the head's back.
 *
 * It checks the entries the head named when it began; entries appended meanwhile are left for the next
 * run. It reads ranges of entry numbers, asking for the next ranges while the current one is checked; the
 * database renders and hashes each entry's canonical text, so the process only follows the links.
 */
export async function verifyAuditChain(db: Executor, options: VerifyOptions = {}): Promise<VerifyResult> {
  const batchSize = options.batchSize ?? 50_000;
  const lookahead = options.lookahead ?? 2;
  // What waits to be sealed is sealed first: verify speaks for the whole trail.
  await sealAudit(db);
  const head = await store.readHead(db);
  if (!head) {
    return {
      ok: false,
      entries: 0,
      problem: {
        kind: "truncated",
        seq: 0,
        message: "the audit head row is missing, so the end of the log is unknown",
      },
    };
  }
  // Entries after the head's are not part of the chain the head vouches for (they are reported below),
  // and a head beyond the last entry is reported without walking the numbers in between.
  const to = Math.min(head.seq, head.maxSeq ?? 0);
  const total = head.seq;
  options.onProgress?.(0, total);

  // Batches are ranges of entry numbers, so several can be asked for at once: the database checks the
  // next ones on other cores while this one's result comes in. The first range takes in any number below 1.
  const inFlight: Promise<store.RangeCheck>[] = [];
  let nextFrom = 1;
  const askAhead = () => {
    while (inFlight.length < lookahead && nextFrom <= to) {
      const from = nextFrom === 1 ? BIGINT_MIN : String(nextFrom);
      const until = Math.min(nextFrom + batchSize - 1, to);
      inFlight.push(store.checkRange(db, from, String(until)));
      nextFrom = until + 1;
    }
  };

  let expected = 1;
  let prevHash = GENESIS_HASH;
  const fail = async (problem: VerifyProblem, entries: number): Promise<VerifyResult> => {
    await Promise.allSettled(inFlight);
    return { ok: false, problem, entries };
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
    const atFirst = await problemAt(db, first, expected, prevHash);
    if (atFirst) return fail(atFirst, expected - 1);
    if (broken && broken.seq !== first.seq) {
      const before = (broken.beforeSeq as number) + 1;
      const problem = await problemAt(db, broken, before, broken.beforeHash as string);
      if (problem) return fail(problem, before - 1);
    }
    expected = last.seq + 1;
    prevHash = last.hash;
    options.onProgress?.(expected - 1, total);
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
  return { ok: true, entries: present, headHash: head.hash };
}

/**
 * What is wrong with an entry that should be number `expected` and follow the entry hashed `prevHash`:
 * a gap in the numbering, a link to another entry, or content that no longer gives its hash — the first
 * of these, as a writer would have broken them in that order.
 */
async function problemAt(
  db: Executor,
  row: store.VerifyRow,
  expected: number,
  prevHash: string,
): Promise<VerifyProblem | undefined> {
  const { seq } = row;
  if (seq !== expected) {
    return seq > expected
      ? {
          kind: "removed",
          seq: expected,
          message: `entry ${expected} is missing: the log goes on at entry ${seq}`,
        }
      : { kind: "changed", seq, message: `entry number ${seq} is not valid: numbering starts at 1` };
  }
  if (row.prevHash !== prevHash) {
    const follows = await store.findSeqByHash(db, row.prevHash);
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
