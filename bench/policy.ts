import { type BenchContext, childEnv, type Measurement, register, round, stopGroup } from "./harness.ts";
import { compare, getJson, signIn, startServer } from "./load.ts";

// There is no case list yet (it comes with the case engine): the authorized list measured is the audit
// search, which like a case list checks a rule for the request and another for every row it returns.
const LIST = "/api/v1/audit?limit=50";

async function variant(context: BenchContext, url: string, policy: "real" | "allow-all", seed: boolean) {
  const { child, ready } = await startServer<{ port: number }>(
    context,
    "bench/policy-server.ts",
    childEnv({
      DATABASE_URL: url,
      DATA_DIR: context.tempDir(`policy-${policy}`),
      LOG_LEVEL: "info",
      RATE_LIMIT_PER_MINUTE: "10000000",
      BENCH_POLICY: policy,
      BENCH_SEED: String(seed),
    }),
  );
  return { child, port: ready.port };
}

type Page = { items: { seq: number }[] };

/**
 * `auth.policy_overhead_ratio`: requests/s of an authorized list request (the county supervisor's audit
 * search, a page of 50 entries) with the real policy, divided by the same request on a server whose every
 * rule answers yes — two processes on one database, loaded side by side.
 */
register({
  metrics: [
    { name: "auth.policy_overhead_ratio", unit: "ratio", goal: { min: 0.9 } },
    { name: "auth.list_checked_rps", unit: "req/s" },
    { name: "auth.list_allow_all_rps", unit: "req/s" },
  ],
  async run(context): Promise<Measurement[]> {
    context.note("starting both servers on a fresh PostgreSQL database with the demo and 200 entries");
    const url = await context.freshDatabase();
    const real = await variant(context, url, "real", true);
    try {
      const open = await variant(context, url, "allow-all", false);
      try {
        const cookies = {
          real: await signIn(real.port, "anji.supervisor"),
          open: await signIn(open.port, "anji.supervisor"),
        };
        const checked = (await getJson(`http://127.0.0.1:${real.port}${LIST}`, {
          cookie: cookies.real,
        })) as Page;
        const allowed = (await getJson(`http://127.0.0.1:${open.port}${LIST}`, {
          cookie: cookies.open,
        })) as Page;
        const seqs = (page: Page) => page.items.map((e) => e.seq).join(",");
        if (checked.items.length !== 50 || seqs(checked) !== seqs(allowed)) {
          throw new Error(`the two servers list different entries: [${seqs(checked)}] vs [${seqs(allowed)}]`);
        }
        const { a, b, ratio } = await compare(
          context,
          {
            a: { url: `http://127.0.0.1:${real.port}${LIST}`, headers: { cookie: cookies.real } },
            b: { url: `http://127.0.0.1:${open.port}${LIST}`, headers: { cookie: cookies.open } },
          },
          { a: "policy", b: "allow-all" },
        );
        return [
          { name: "auth.policy_overhead_ratio", value: round(ratio, 3), unit: "ratio" },
          { name: "auth.list_checked_rps", value: Math.round(a), unit: "req/s" },
          { name: "auth.list_allow_all_rps", value: Math.round(b), unit: "req/s" },
        ];
      } finally {
        await stopGroup(open.child);
      }
    } finally {
      await stopGroup(real.child);
    }
  },
});
