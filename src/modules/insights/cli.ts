import type { DatabaseHandle } from "../../platform/db/database.ts";
import { rebuildInsights } from "./rollup.ts";

const USAGE = `Usage: tongban insights <command>

Commands:
  rebuild   count every case again into the insight roll-ups (after a restore, or cases edited in
            the database directly); the figures change at once when it is done`;

export interface CommandOutput {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/** `tongban insights …`. Returns the process exit code. */
export async function insightsCommand(
  database: Pick<DatabaseHandle, "db">,
  args: string[],
  output: CommandOutput = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const [command, ...rest] = args;
  if (command === "help" || command === "--help" || command === "-h") {
    output.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (command !== "rebuild" || rest.length > 0) {
    const what =
      args.length > 0 ? `Unknown command "insights ${args.join(" ")}".` : "Say what to do with insight.";
    output.stderr.write(`tongban: ${what}\n${USAGE}\n`);
    return 1;
  }
  // One transaction, so no bar: it says when it starts and what it did.
  output.stderr.write("Counting every case again into the insight roll-ups…\n");
  const began = performance.now();
  const { cases } = await rebuildInsights(database.db);
  const seconds = ((performance.now() - began) / 1000).toFixed(1);
  output.stdout.write(
    `Insight roll-ups rebuilt: ${cases.toLocaleString("en-US")} cases counted in ${seconds} s.\n`,
  );
  return 0;
}
