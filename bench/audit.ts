import { randomBytes, randomUUID } from "node:crypto";
import pg from "pg";
import { entryHash, GENESIS_HASH } from "../src/modules/audit/chain.ts";
import { provinceOf } from "../src/platform/db/distribution.ts";
import { childEnv, collectTail, exited, type Measurement, register, spawnGroup } from "./harness.ts";

const BATCH = 10_000;
const COLUMNS = [
  ["seq", "int8"],
  ["at", "timestamptz"],
  ["actor_kind", "text"],
  ["actor_id", "text"],
  ["on_behalf_of", "text"],
  ["action", "text"],
  ["subject_kind", "text"],
  ["subject_id", "text"],
  ["person_id", "text"],
  ["case_id", "text"],
  ["region_code", "text"],
  ["purpose", "text"],
  ["request_id", "text"],
  ["details", "jsonb"],
  ["prev_hash", "text"],
  ["hash", "text"],
  ["province_code", "text"],
] as const;

const INSERT = `insert into audit_log (${COLUMNS.map(([name]) => name).join(", ")})
  select * from unnest(${COLUMNS.map(([, type], i) => `$${i + 1}::${type}[]`).join(", ")})`;

const pick = <T>(items: readonly T[], i: number): T => items[i % items.length] as T;

/**
 * A valid chain of `count` entries shaped like a county's traffic: sign-ins and failed ones, reads of
 * personal data with a purpose and a case, mandate changes, role grants; hashed exactly as recordAudit
 * hashes, written in batches through unnest.
 */
async function writeChain(url: string, count: number, note: (message: string) => void): Promise<void> {
  const staff = Array.from({ length: 400 }, () => randomUUID());
  const people = Array.from({ length: 20_000 }, () => randomUUID());
  const regions = ["330523", "330523001", "330523001002", "330523001201", "330522", "330522001"];
  const purposes = ["核验申请人身份", "审查申请材料", "Checking the applicant's residence", "办理户籍迁移"];
  const client = new pg.Client({ connectionString: url, application_name: "tongban-bench" });
  await client.connect();
  try {
    let prevHash = GENESIS_HASH;
    const startMs = Date.UTC(2026, 0, 5, 0, 30);
    for (let first = 1; first <= count; first += BATCH) {
      const columns: (string | null)[][] = COLUMNS.map(() => []);
      for (let seq = first; seq < Math.min(first + BATCH, count + 1); seq++) {
        const kind = seq % 10;
        const ms = startMs + seq * 37;
        const staffId = pick(staff, seq * 7);
        const personId = kind < 4 ? pick(people, seq * 13) : null;
        const e = {
          seq: String(seq),
          atMicros: `${ms}000`,
          actorKind: kind === 9 ? "anonymous" : kind === 8 ? "person" : "staff",
          actorId: kind === 9 ? null : kind === 8 ? pick(people, seq) : staffId,
          onBehalfOf: kind === 8 ? pick(people, seq + 1) : null,
          action:
            kind < 4
              ? "personal_data.read"
              : kind < 7
                ? "staff.signin"
                : kind === 7
                  ? "staff.role_grant"
                  : kind === 8
                    ? "mandate.revoke"
                    : "staff.signin_failed",
          subjectKind: kind < 4 ? "person" : kind === 8 ? "mandate" : null,
          subjectId: kind < 4 ? personId : kind === 8 ? `m-${seq}` : null,
          personId,
          caseId: kind < 4 ? `case-${Math.floor(seq / 3)}` : null,
          regionCode: pick(regions, seq),
          purpose: kind < 4 ? pick(purposes, seq) : null,
          requestId: randomBytes(8).toString("hex"),
          // As PostgreSQL prints jsonb, which the hash covers: shorter keys first, spaces after : and ,.
          details:
            kind === 7
              ? `{"role": "reviewer", "departmentId": "${pick(staff, seq + 3)}"}`
              : kind === 9
                ? `{"reason": "bad_password", "username": "clerk.${seq % 97}"}`
                : "{}",
          prevHash,
        };
        const hash = entryHash(e);
        const row = [
          e.seq,
          new Date(ms).toISOString(),
          e.actorKind,
          e.actorId,
          e.onBehalfOf,
          e.action,
          e.subjectKind,
          e.subjectId,
          e.personId,
          e.caseId,
          e.regionCode,
          e.purpose,
          e.requestId,
          e.details,
          e.prevHash,
          hash,
          provinceOf(e.regionCode),
        ];
        for (const [i, value] of row.entries()) columns[i]?.push(value);
        prevHash = hash;
      }
      await client.query(INSERT, columns);
      const written = Math.min(first + BATCH - 1, count);
      if (written % 200_000 === 0 || written === count)
        note(`${written.toLocaleString("en-US")} entries written`);
    }
    // The head moves forward only; from the seeded 0 straight to the end is forward.
    await client.query("update audit_head set seq = $1, hash = $2 where id = 1", [count, prevHash]);
    // A trail in service is mostly old entries, long since vacuumed: verify should not be the first to
    // read a million fresh rows (setting their hint bits) nor race the checkpoint of the bulk load.
    await client.query("vacuum (analyze) audit_log");
    await client.query("checkpoint").catch(() => {});
  } finally {
    await client.end();
  }
}

/** Runs the CLI to the end; rejects with its stderr unless it exits 0. */
async function cli(
  env: NodeJS.ProcessEnv,
  args: string[],
  track: (c: ReturnType<typeof spawnGroup>) => unknown,
) {
  const child = spawnGroup(process.execPath, ["bin/tongban.js", ...args], { env });
  track(child);
  const stderr = collectTail(child);
  const code = await exited(child);
  if (code !== 0) throw new Error(`tongban ${args.join(" ")} exited with ${code}\n${stderr()}`);
}

/**
 * `tongban audit verify` as an operator runs it on PostgreSQL, timed from spawn to exit: Node start,
 * loading the bundle, connecting, starting pg-boss and walking the whole chain. The database was migrated
 * (and the bundle built) by an earlier `tongban migrate`. Quick: 100,000 entries instead of 1,000,000.
 */
register({
  metrics: [{ name: "audit.verify_rate", unit: "entries/s", goal: { min: 200_000 } }],
  async run(context): Promise<Measurement[]> {
    const count = context.quick ? 100_000 : 1_000_000;
    const url = await context.freshDatabase();
    const env = childEnv({
      DATABASE_URL: url,
      DATA_DIR: context.tempDir("audit"),
      DEMO: "false",
      LOG_LEVEL: "warn",
    });
    context.note("tongban migrate");
    await cli(env, ["migrate"], context.track);
    context.note(`writing ${count.toLocaleString("en-US")} chained entries`);
    await writeChain(url, count, context.note);

    context.note("tongban audit verify");
    const started = performance.now();
    await cli(env, ["audit", "verify"], context.track);
    const seconds = (performance.now() - started) / 1000;
    context.note(`verified in ${seconds.toFixed(2)} s`);
    return [{ name: "audit.verify_rate", value: Math.round(count / seconds), unit: "entries/s" }];
  },
});
