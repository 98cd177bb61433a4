import { resolve } from "node:path";
import type { Logger } from "pino";
import type { Config } from "../config.ts";
import { setCryptoSuite, setRetiredKeys } from "../crypto.ts";
import { openDatabase, pgliteDirOf } from "../db/database.ts";
import { type Progress, type ProgressStream, progress } from "../progress.ts";
import { backup, type OnFile, restore } from "./backup.ts";
import { BackupError } from "./manifest.ts";

/** `tongban backup DIR` and `tongban restore DIR`. */

export interface CommandOutput {
  stdout: { write(text: string): unknown };
  stderr: ProgressStream;
}

const USAGE = {
  backup: `Usage: tongban backup DIR

Backs the database and the file store up into DIR, a new or empty folder, with a manifest of what it
holds; the database and the files are sealed under PERSONAL_DATA_KEY, which a restore needs. Embedded: stop the server first (the embedded database serves one process). PostgreSQL: any
time, from one snapshot; pg_dump of the server's version must be installed.`,
  restore: `Usage: tongban restore DIR

Restores the backup in DIR into an empty DATA_DIR (embedded) or the empty database of DATABASE_URL,
then checks every count of its manifest, the audit chain and every file. PERSONAL_DATA_KEY must be the
key of the installation backed up.`,
};

function bar(output: CommandOutput, label: string): OnFile {
  let shown: Progress | undefined;
  let done = 0;
  return (copied, total) => {
    shown ??= progress({ label, total, stream: output.stderr });
    shown.tick(copied - done);
    done = copied;
    if (copied === total) shown.done();
  };
}

const sizeOf = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Returns the process exit code. */
export async function backupCommand(
  command: "backup" | "restore",
  config: Config,
  log: Logger,
  args: string[],
  output: CommandOutput = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  if (args[0] === "help" || args[0] === "--help" || args[0] === "-h") {
    output.stdout.write(`${USAGE[command]}\n`);
    return 0;
  }
  if (args.length !== 1 || (args[0] as string).startsWith("-")) {
    output.stderr.write(`tongban: ${command} needs one folder, and nothing else.\n${USAGE[command]}\n`);
    return 1;
  }
  const dir = resolve(args[0] as string);
  // As startPlatform does: sealed in the configured suite, opened with the retired keys too.
  setCryptoSuite(config.cryptoSuite);
  setRetiredKeys(config.personalDataKey, config.personalDataKeysRetired);
  try {
    if (command === "backup") {
      const database = await openDatabase({
        databaseUrl: config.databaseUrl,
        pgliteDir: pgliteDirOf(config.dataDir),
      });
      try {
        const m = await backup(config, database, dir, bar(output, "files"));
        output.stdout.write(
          `Backed up into ${dir}: ${m.counts.cases} cases, ${m.counts.case_events} events, ` +
            `${m.counts.audit_entries} audit entries, ${m.files.count} files (${sizeOf(m.files.bytes)}).\n`,
        );
      } finally {
        await database.close();
      }
    } else {
      const r = await restore(config, log, dir, bar(output, "files"));
      output.stdout.write(
        `Restored from ${dir} (taken ${r.manifest.createdAt}): ${r.counts.cases} cases, ` +
          `${r.counts.case_events} events, ${r.files.count} files — every count as the manifest says, ` +
          `every file present, audit chain intact (${r.audit.entries} entries).\n`,
      );
    }
    return 0;
  } catch (error) {
    if (!(error instanceof BackupError)) throw error;
    output.stderr.write(`tongban: ${command}: ${error.message}\n`);
    return 1;
  }
}
