import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { copyFile, mkdir, open, rename, rm, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { pipeline } from "node:stream/promises";
import { DecryptionError } from "../crypto.ts";
import { chunksOf, listStore, openedChunks } from "../files/store.ts";
import { isSealed, sealing } from "../sealing.ts";
import { BackupError } from "./manifest.ts";

/**
 * Copies of the file store (`files/aa/bb/<sha256>`): every file is read back, opened and hashed after
 * it is copied, so a backup never holds a file that is not what its name says, and a restore never puts
 * one in the store. A sealed file is copied as it is (sealed under the "files" subkey of the key it
 * names); a file stored before sealing existed is sealed on the way, under the current key, so no
 * material is ever in a backup in clear, nor back in a store restored from an old backup. A file already
 * at its place is left there (its name is its content).
 */

interface StoredFile {
  sha256: string;
  path: string;
}

async function sha256Of(key: Buffer, file: StoredFile, path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of openedChunks(key, file.sha256, chunksOf(path))) hash.update(chunk);
  return hash.digest("hex");
}

async function present(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isFile() ?? false;
}

async function sealedOnDisk(path: string): Promise<boolean> {
  const handle = await open(path, "r");
  try {
    const { bytesRead, buffer } = await handle.read(Buffer.alloc(8), 0, 8, 0);
    return isSealed(buffer.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

/**
 * Copies one file to `root`'s place for it, through a temporary name, flushed, checked, then renamed —
 * as the store itself writes. Returns its size there.
 */
async function copyChecked(key: Buffer, file: StoredFile, root: string): Promise<number> {
  const target = join(root, file.sha256.slice(0, 2), file.sha256.slice(2, 4), file.sha256);
  if (await present(target)) return (await stat(target)).size;
  await mkdir(dirname(target), { recursive: true });
  const temporary = `${target}.${process.pid}.restoring`;
  if (await sealedOnDisk(file.path)) await copyFile(file.path, temporary);
  else await pipeline(chunksOf(file.path), sealing(key, "files", file.sha256), createWriteStream(temporary));
  const handle = await open(temporary, "r");
  await handle.sync().finally(() => handle.close());
  let actual: string;
  try {
    actual = await sha256Of(key, file, temporary);
  } catch (error) {
    await rm(temporary, { force: true });
    if (!(error instanceof DecryptionError)) throw error;
    throw new BackupError(`the file ${file.sha256} is damaged (${error.message}): not copied`);
  }
  if (actual !== file.sha256) {
    await rm(temporary, { force: true });
    throw new BackupError(`the file ${file.sha256} is damaged (its content hashes to ${actual}): not copied`);
  }
  const { size } = await stat(temporary);
  await rename(temporary, target);
  return size;
}

/** Copies every file of `from` into `to`; `onFile` counts them as they go. */
export async function copyStore(
  key: Buffer,
  from: string,
  to: string,
  onFile: (copied: number, total: number) => void = () => {},
): Promise<{ count: number; bytes: number }> {
  const files = await listStore(from);
  let bytes = 0;
  for (const [i, file] of files.entries()) {
    bytes += await copyChecked(key, file, to);
    onFile(i + 1, files.length);
  }
  return { count: files.length, bytes };
}
