import type { CommandOutput, OpenDatabase } from "./cli.ts";
import { endEveryonesSessions } from "./session-management.ts";

const USAGE = `Usage: tongban sessions <command>

Commands:
  end-all        end every session of every staff member and every person: everyone signs in again.
                 Each running server may still accept a session it saw in the last
                 SESSION_CACHE_SECONDS (5 by default); the audit trail records it as the system's.`;

const USAGE_ERROR = 2;

/** `tongban sessions …`. Returns the process exit code: 2 when the command was asked for wrongly. */
export async function sessionsCommand(
  open: OpenDatabase,
  args: string[],
  output: CommandOutput = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const [command, ...rest] = args;
  if (command === "help" || command === "--help" || command === "-h") {
    output.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (command !== "end-all" || rest.length > 0) {
    const asked =
      args.length > 0 ? `Unknown command "sessions ${args.join(" ")}".` : "Say what to do with sessions.";
    output.stderr.write(`tongban: ${asked}\n${USAGE}\n`);
    return USAGE_ERROR;
  }
  const database = await open();
  try {
    const ended = await endEveryonesSessions(database.db);
    output.stdout.write(
      `Ended ${ended.staff} staff and ${ended.people} people's sessions; everyone signs in again.\n`,
    );
    return 0;
  } finally {
    await database.close();
  }
}
