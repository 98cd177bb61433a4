import type { Config } from "../../platform/config.ts";
import { keyId, setCryptoSuite, setRetiredKeys } from "../../platform/crypto.ts";
import type { DatabaseHandle } from "../../platform/db/database.ts";
import { resealStore, type StoreReport } from "../../platform/files/reseal.ts";
import { listStore, storeRoot } from "../../platform/files/store.ts";
import { type ProgressStream, progress } from "../../platform/progress.ts";
import { countValues, type RotationReport, rotateKeys } from "./rotate.ts";

const USAGE = `Usage: tongban keys <command>

Commands:
  rotate    encrypt every personal-data value again under PERSONAL_DATA_KEY, and make its look-up
            digests again; seal every stored file under it, those stored in clear before sealing too;
            values and files under PERSONAL_DATA_KEYS_RETIRED are opened with those. Resumable: run it
            again after an interruption, and a run with nothing left to do changes nothing
  check     count, without writing, what rotate would do and what still needs a retired key;
            exit 1 until nothing does (then the retired keys may go: docs/operations.md, "Key lifecycle")`;

export interface CommandOutput {
  stdout: { write(text: string): unknown };
  stderr: ProgressStream;
}

/** `tongban keys …`. Returns the process exit code. */
export async function keysCommand(
  database: Pick<DatabaseHandle, "db">,
  config: Pick<Config, "personalDataKey" | "personalDataKeysRetired" | "cryptoSuite" | "dataDir">,
  args: string[],
  output: CommandOutput = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const [command, ...rest] = args;
  if (command === "help" || command === "--help" || command === "-h") {
    output.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if ((command !== "rotate" && command !== "check") || rest.length > 0) {
    const what =
      args.length > 0 ? `Unknown command "keys ${args.join(" ")}".` : "Say what to do with the keys.";
    output.stderr.write(`tongban: ${what}\n${USAGE}\n`);
    return 1;
  }
  // As startPlatform does: values are made in the configured suite, opened with the retired keys too.
  setCryptoSuite(config.cryptoSuite);
  setRetiredKeys(config.personalDataKey, config.personalDataKeysRetired);
  const check = command === "check";
  const retired = config.personalDataKeysRetired.map(keyId);
  output.stdout.write(
    `PERSONAL_DATA_KEY is key ${keyId(config.personalDataKey)}; ` +
      `PERSONAL_DATA_KEYS_RETIRED ${retired.length > 0 ? `holds ${retired.join(", ")}` : "is empty"}\n`,
  );
  const bar = progress({
    label: check ? "keys check" : "keys rotate",
    total: (await countValues(database.db)) + (await listStore(storeRoot(config))).length,
    stream: output.stderr,
  });
  const report = await rotateKeys(database.db, config.personalDataKey, {
    check,
    onProgress: (rows) => bar.tick(rows),
  });
  const files = await resealStore(config, { check, onProgress: (n) => bar.tick(n) });
  bar.done();
  return check ? printCheck(report, files, output) : printRotation(report, files, output);
}

const STORE = "file store (DATA_DIR/files)";

function printRotation(report: RotationReport, files: StoreReport, output: CommandOutput): number {
  for (const c of report.columns) {
    const retired = c.retired > 0 ? ` (${c.retired} opened with a retired key)` : "";
    output.stdout.write(
      `${c.name}: ${c.values} values, ${c.remade} made again under the current key${retired}\n`,
    );
  }
  output.stdout.write(
    `${STORE}: ${files.files} files, ${files.resealed} sealed again under the current key ` +
      `(${files.plain} stored in clear before, ${files.retired} opened with a retired key)\n`,
  );
  const unreadable = printUnreadable(report, output);
  return printUnreadableFiles(files, output) || unreadable ? 1 : 0;
}

function printCheck(report: RotationReport, files: StoreReport, output: CommandOutput): number {
  for (const c of report.columns) {
    output.stdout.write(
      `${c.name}: ${c.values} values, ${c.remade} not yet under the current key, ${c.retired} needing a retired key\n`,
    );
  }
  output.stdout.write(
    `${STORE}: ${files.files} files, ${files.resealed} not yet sealed under the current key ` +
      `(${files.plain} in clear), ${files.retired} needing a retired key\n`,
  );
  const unreadable = [printUnreadable(report, output), printUnreadableFiles(files, output)].includes(true);
  const stale = report.columns.reduce((sum, c) => sum + c.remade, files.resealed);
  const retired = report.columns.reduce((sum, c) => sum + c.retired, files.retired);
  if (stale === 0 && !unreadable) {
    output.stdout.write(
      "Everything is under the current key: the retired keys open nothing here any more. Remove them from " +
        "PERSONAL_DATA_KEYS_RETIRED once no code, link or device given out under them is still in use, and " +
        "keep them, offline, as long as a backup made before the rotation is kept.\n",
    );
    return 0;
  }
  if (stale > 0) {
    output.stdout.write(
      `${stale} values are not under the current key (${retired} of them need a retired key): run tongban keys rotate.\n`,
    );
  }
  return 1;
}

function printUnreadableFiles(files: StoreReport, output: CommandOutput): boolean {
  for (const u of files.unreadable)
    output.stdout.write(`stored file ${u.sha256} cannot be opened: ${u.reason}\n`);
  if (files.unreadable.length > 0) {
    output.stdout.write(
      `${files.unreadable.length} stored files open under no key of the ring, or are damaged, and were left as ` +
        "they are: add the key they were sealed under to PERSONAL_DATA_KEYS_RETIRED, or put the file back from a " +
        "backup, and run again.\n",
    );
  }
  return files.unreadable.length > 0;
}

function printUnreadable(report: RotationReport, output: CommandOutput): boolean {
  for (const u of report.unreadable) {
    output.stdout.write(`${u.table}.${u.column} of row ${u.id} cannot be decrypted: ${u.reason}\n`);
  }
  if (report.unreadable.length > 0) {
    output.stdout.write(
      `${report.unreadable.length} values open under no key of the ring and were left as they are: add the key ` +
        "they were made under to PERSONAL_DATA_KEYS_RETIRED (a backup's DATA_DIR, an old secret store) and run again.\n",
    );
  }
  return report.unreadable.length > 0;
}
