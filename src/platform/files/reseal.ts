import { createHash } from "node:crypto";
import { open, readFile } from "node:fs/promises";
import type { Config } from "../config.ts";
import { DecryptionError, keyId } from "../crypto.ts";
import { HEADER_BYTES, isSealed, type SealState, sealState, unsealFile } from "../sealing.ts";
import { listStore, sealFile, storeRoot, writeDurably } from "./store.ts";

/**
 * The file store's part of `tongban keys rotate` and `tongban keys check`: every stored file not sealed
 * under the current key in the configured suite — stored before sealing existed (plain), or under a key
 * now retired — opened and sealed again, written as the store writes (temporary name, flushed, renamed,
 * folder flushed), so a file is whole under one key or the other at every moment and a reader that
 * opened it before keeps its old copy. A file already current is not touched: a second run changes
 * nothing. A file is opened whole: uploads are at most 50 MB (cases/definition.ts, `maxUploadMb`).
 */

export interface StoreReport {
  /** Files looked at. */
  files: number;
  /** Sealed again under the current key; when checking, how many would be. */
  resealed: number;
  /** Of those, stored plain, before sealing. */
  plain: number;
  /** Of those, sealed under a retired key: what must reach 0 before the key is removed. */
  retired: number;
  /** Files no key of the ring opens, or whose content is not their name: reported, never rewritten. */
  unreadable: { sha256: string; reason: string }[];
}

export interface ResealOptions {
  /** Count what resealing would do, and write nothing. */
  check?: boolean;
  /** After each file. */
  onProgress?: (files: number) => void;
}

export async function resealStore(
  config: Pick<Config, "dataDir" | "personalDataKey">,
  options: ResealOptions = {},
): Promise<StoreReport> {
  const key = config.personalDataKey;
  const report: StoreReport = { files: 0, resealed: 0, plain: 0, retired: 0, unreadable: [] };
  for (const file of await listStore(storeRoot(config))) {
    report.files += 1;
    try {
      const state = sealState(key, await headOf(file.path));
      if (!state?.current) {
        if (!options.check) await reseal(key, file);
        count(report, key, state);
      }
    } catch (error) {
      if (!(error instanceof DecryptionError)) throw error;
      report.unreadable.push({ sha256: file.sha256, reason: error.message });
    }
    options.onProgress?.(1);
  }
  return report;
}

function count(report: StoreReport, key: Buffer, state: SealState | undefined): void {
  report.resealed += 1;
  if (!state) report.plain += 1;
  else if (state.keyId !== keyId(key)) report.retired += 1;
}

async function headOf(path: string): Promise<Buffer> {
  const handle = await open(path, "r");
  try {
    const { bytesRead, buffer } = await handle.read(Buffer.alloc(HEADER_BYTES), 0, HEADER_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

async function reseal(key: Buffer, file: { sha256: string; path: string }): Promise<void> {
  const stored = await readFile(file.path);
  const plaintext = isSealed(stored) ? unsealFile(key, "files", stored, file.sha256) : stored;
  // A plain file is not authenticated: one whose content is not its name is damaged, not sealed as it is.
  const actual = createHash("sha256").update(plaintext).digest("hex");
  if (actual !== file.sha256) throw new DecryptionError(`it is damaged: its content hashes to ${actual}`);
  await writeDurably(file.path, sealFile(key, file.sha256, plaintext));
}
