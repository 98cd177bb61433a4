import { readFile } from "node:fs/promises";
import type { DatabaseHandle } from "../../platform/db/database.ts";
import { type Progress, type ProgressStream, progress } from "../../platform/progress.ts";
import { type Anchor, AnchorError, checkAnchor, parseAnchor } from "./anchor.ts";
import { verifyAuditChain } from "./verify.ts";

const USAGE = `Usage: tongban audit <command>

Commands:
  verify    check the audit trail's hash chains, one per province; exit 1 naming the first broken entry
  verify --anchor <file or http(s) URL>
            and then that the chains still hold the heads a saved anchor saw (the body the anchor
            receiver got, or the audit.anchor log line): a chain rewritten since fails it`;

export interface CommandOutput {
  stdout: { write(text: string): unknown };
  /** Where the progress bar goes. */
  stderr: ProgressStream;
}

/** `tongban audit …`. Returns the process exit code. */
export async function auditCommand(
  database: Pick<DatabaseHandle, "db">,
  args: string[],
  output: CommandOutput = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const [command, ...rest] = args;
  if (command === "help" || command === "--help" || command === "-h") {
    output.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const anchored = rest.length === 2 && rest[0] === "--anchor" && rest[1] !== "";
  if (command !== "verify" || (rest.length > 0 && !anchored)) {
    const what =
      args.length > 0 ? `Unknown command "audit ${args.join(" ")}".` : "Say what to do with the audit trail.";
    output.stderr.write(`tongban: ${what}\n${USAGE}\n`);
    return 1;
  }
  let anchor: Anchor | undefined;
  if (anchored) {
    const where = rest[1] as string;
    try {
      anchor = parseAnchor(await readAnchor(where));
    } catch (error) {
      output.stderr.write(`tongban: the anchor ${where} cannot be used: ${(error as Error).message}\n`);
      return 1;
    }
  }
  const code = await verify(database, output);
  if (code !== 0 || !anchor) return code;
  const check = await checkAnchor(database.db, anchor);
  if (check.ok) {
    output.stdout.write(`The chains still hold the ${check.heads} heads anchored at ${anchor.at}\n`);
    return 0;
  }
  output.stdout.write(
    `Audit trail rewritten since the anchor: ${check.message}\n` +
      "Repair nothing: back the database up now as evidence, and compare it with the last backup taken " +
      "before the anchor's time to see what was altered; report it to whoever is responsible for security.\n",
  );
  return 1;
}

/** A saved anchor's text, from a file or over http(s). */
async function readAnchor(where: string): Promise<string> {
  if (!/^https?:\/\//i.test(where)) {
    try {
      return await readFile(where, "utf8");
    } catch (error) {
      throw new AnchorError(`it cannot be read (${(error as NodeJS.ErrnoException).code ?? error})`);
    }
  }
  const response = await fetch(where, { signal: AbortSignal.timeout(30_000) }).catch((error: Error) => {
    throw new AnchorError(`it cannot be fetched (${error.message})`);
  });
  if (!response.ok) throw new AnchorError(`fetching it answered ${response.status}`);
  return response.text();
}

async function verify(database: Pick<DatabaseHandle, "db">, output: CommandOutput): Promise<number> {
  let bar: Progress | undefined;
  let shown = 0;
  const result = await verifyAuditChain(database.db, {
    onProgress: (checked, total) => {
      bar ??= progress({ label: "audit verify", total, stream: output.stderr });
      bar.tick(checked - shown);
      shown = checked;
    },
  });
  bar?.done();
  if (result.ok) {
    const heads = result.heads.map((h) => `${h.province} ${h.hash.slice(0, 16)}`).join(", ");
    const chains = result.heads.length === 1 ? "1 chain" : `${result.heads.length} chains`;
    output.stdout.write(
      `Audit trail verified: ${result.entries} entries in ${chains}, intact (heads ${heads})\n`,
    );
    return 0;
  }
  const { kind, province, seq, message } = result.problem;
  // Entries are numbered within their province's chain: the number alone names no entry.
  const chain = province === null ? "the national chain kept before 0044" : `province ${province}'s chain`;
  output.stdout.write(
    `Audit trail broken at entry ${seq} of ${chain}: ${kind} (${message})\n` +
      "Repair nothing: back the database up now as evidence, compare this entry with the last backup that " +
      "verifies to see what was altered, and report it to whoever is responsible for security.\n",
  );
  return 1;
}
