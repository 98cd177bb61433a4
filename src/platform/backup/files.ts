import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { copyFile, mkdir, open, readdir, rename, rm, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { isSha256 } from "../files/store.ts";
import { BackupError } from "./manifest.ts";

/**
 * Copies of the file store (`files/aa/bb/<sha256>`): every file is read back and hashed after it is
 * copied, so a backup never holds a file that is not what its name says, and a restore never puts one
 * in the store. A file already at its place is left there (its name is its content).
 */

export interface StoredFile {
  sha256: string;
  path: string;
}

/** The files under a store's root, by name; stray temporary files of an interrupted upload are not. */
export async function listStore(root: string): Promise<StoredFile[]> {
  const found: StoredFile[] = [];
  const dirs = async (path: string) =>
    (await readdir(path, { withFileTypes: true }).catch(() => [])).filter(
      (e) => e.isDirectory() && /^[0-9a-f]{2}$/.test(e.name),
    );
  for (const a of await dirs(root)) {
    for (const b of await dirs(join(root, a.name))) {
      const folder = join(root, a.name, b.name);
      for (const entry of await readdir(folder, { withFileTypes: true })) {
        if (entry.isFile() && isSha256(entry.name))
          found.push({ sha256: entry.name, path: join(folder, entry.name) });
      }
    }
  }
  return found;
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

async function present(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isFile() ?? false;
}

/**
 * Copies one file to `root`'s place for it, through a temporary name, flushed, checked, then renamed —
 * as the store itself writes. Returns its size.
 */
async function copyChecked(file: StoredFile, root: string): Promise<number> {
  const target = join(root, file.sha256.slice(0, 2), file.sha256.slice(2, 4), file.sha256);
  const { size } = await stat(file.path);
  if (await present(target)) return size;
  await mkdir(dirname(target), { recursive: true });
  const temporary = `${target}.${process.pid}.restoring`;
  await copyFile(file.path, temporary);
  const handle = await open(temporary, "r");
  await handle.sync().finally(() => handle.close());
  const actual = await sha256Of(temporary);
  if (actual !== file.sha256) {
    await rm(temporary, { force: true });
    throw new BackupError(`the file ${file.sha256} is damaged (its content hashes to ${actual}): not copied`);
  }
  await rename(temporary, target);
  return size;
}

/** Copies every file of `from` into `to`; `onFile` counts them as they go. */
export async function copyStore(
  from: string,
  to: string,
  onFile: (copied: number, total: number) => void = () => {},
): Promise<{ count: number; bytes: number }> {
  const files = await listStore(from);
  let bytes = 0;
  for (const [i, file] of files.entries()) {
    bytes += await copyChecked(file, to);
    onFile(i + 1, files.length);
  }
  return { count: files.length, bytes };
}
