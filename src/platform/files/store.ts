import { createHash, randomBytes } from "node:crypto";
import { type FileHandle, mkdir, open, readdir, readFile, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import type { Config } from "../config.ts";
import { DecryptionError } from "../crypto.ts";
import type { Executor } from "../db/database.ts";
import { isSealed, opening, seal, unsealFile } from "../sealing.ts";
import { fileErrors } from "./errors.ts";
import type { FileMediaType } from "./tables.ts";

/**
 * The file store: bytes on disk named by their SHA-256, under `<DATA_DIR>/files/<aa>/<bb>/<sha256>`.
 *
 * Naming content by its hash makes a stored file immutable and makes storing it again free (the same
 * scan uploaded for two applications is one file). The two levels of folders (65,536 of them) keep every
 * folder small: a million files is about fifteen to a folder. The name a person gave a file is never
 * part of a path: the only ids accepted are 64 lowercase hex characters, checked before the disk is
 * touched, so nothing like `../` can reach it.
 *
 * A file is written to a temporary name in its final folder, flushed to disk, then renamed: a crash
 * leaves at worst a stray temporary file, never a half file under a real name, and the rename is
 * flushed with its folder so an acknowledged upload survives a power cut. The `files` row (what the
 * bytes are) is written by the caller's transaction after the bytes, so a committed row always has its
 * file; bytes without a row, from a transaction that rolled back, are harmless and rewritten by the
 * next identical upload.
 *
 * Every file is sealed on disk (sealing.ts) under PERSONAL_DATA_KEY's "files" subkey: scans of ID
 * cards, licences and signatures are the most sensitive personal data Tongban holds. The name stays the
 * SHA-256 of the plaintext, so ids, de-duplication and the `files` table are as they were; reading opens
 * and authenticates, and a file changed on disk fails rather than being served as something else. A
 * file stored before sealing existed (no magic) is still served as it is, until `tongban keys rotate`
 * seals it (reseal.ts).
 */
export interface FileStore {
  put(bytes: Uint8Array): Promise<{ sha256: string; size: number }>;
  read(sha256: string): Promise<Buffer>;
  /**
   * The file's bytes as they are read. A missing file makes the stream fail with not_found before its
   * first byte, which a Fastify reply turns into a 404 as no header has gone out yet.
   */
  stream(sha256: string): Readable;
  exists(sha256: string): Promise<boolean>;
}

const SHA256 = /^[0-9a-f]{64}$/;

export function isSha256(id: string): boolean {
  return SHA256.test(id);
}

export const storeRoot = (config: Pick<Config, "dataDir">): string => join(config.dataDir, "files");

export const pathIn = (root: string, sha256: string): string =>
  join(root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);

export function fileStoreFor(config: Pick<Config, "dataDir" | "personalDataKey">): FileStore {
  const root = storeRoot(config);
  const key = config.personalDataKey;
  const pathOf = (sha256: string): string => {
    if (!isSha256(sha256)) throw fileErrors.notFound();
    return pathIn(root, sha256);
  };
  return {
    async put(bytes) {
      const sha256 = createHash("sha256").update(bytes).digest("hex");
      const path = pathOf(sha256);
      if (!(await isFile(path))) await writeDurably(path, sealFile(key, sha256, bytes));
      return { sha256, size: bytes.length };
    },
    async read(sha256) {
      const path = pathOf(sha256);
      let stored: Buffer;
      try {
        stored = await readFile(path);
      } catch (error) {
        throw missingAsNotFound(error);
      }
      return openFile(key, sha256, stored);
    },
    stream(sha256) {
      return Readable.from(openedChunks(key, sha256, chunksOf(pathOf(sha256))), { objectMode: false });
    },
    async exists(sha256) {
      return isFile(pathOf(sha256));
    },
  };
}

/** Sealed as the store seals: under the "files" subkey, bound to the file's name. */
export const sealFile = (key: Buffer, sha256: string, bytes: Uint8Array): Buffer =>
  seal(key, "files", bytes, sha256);

/** A stored file's plaintext: opened when sealed, as it is when stored before sealing. */
export function openFile(key: Buffer, sha256: string, stored: Buffer): Buffer {
  if (!isSealed(stored)) return stored;
  try {
    return unsealFile(key, "files", stored, sha256);
  } catch (error) {
    throw namingFile(error, sha256);
  }
}

/**
 * A stored file's plaintext as it is read, chunk by chunk. Sealed in chunks (sealing.ts) rather than
 * whole, a file is served without being held in memory, and no byte goes out before it is authenticated:
 * a file changed on disk fails at its first changed chunk — before the first byte when that is the
 * first, else by cutting the response short (its length was announced), never by sending other bytes.
 */
export async function* openedChunks(
  key: Buffer,
  sha256: string,
  chunks: AsyncIterable<Buffer>,
): AsyncGenerator<Buffer> {
  try {
    yield* opening(key, "files", sha256, { plain: true })(chunks);
  } catch (error) {
    throw namingFile(error, sha256);
  }
}

function namingFile(error: unknown, sha256: string): unknown {
  return error instanceof DecryptionError
    ? new DecryptionError(`the stored file ${sha256} cannot be read: ${error.message}`)
    : error;
}

/** The files under a store's root, by name; stray temporary files of an interrupted upload are not. */
export async function listStore(root: string): Promise<{ sha256: string; path: string }[]> {
  const found: { sha256: string; path: string }[] = [];
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

const CHUNK = 64 * 1024;

export async function* chunksOf(path: string): AsyncGenerator<Buffer> {
  let handle: FileHandle;
  try {
    handle = await open(path, "r");
  } catch (error) {
    throw missingAsNotFound(error);
  }
  try {
    for (;;) {
      const { bytesRead, buffer } = await handle.read(Buffer.allocUnsafe(CHUNK), 0, CHUNK, null);
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
}

function missingAsNotFound(error: unknown): unknown {
  return (error as NodeJS.ErrnoException).code === "ENOENT" ? fileErrors.notFound() : error;
}

export async function writeDurably(path: string, bytes: Uint8Array): Promise<void> {
  const folder = join(path, "..");
  await mkdir(folder, { recursive: true });
  const temporary = `${path}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    const handle = await open(temporary, "wx", 0o640);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    // Two uploads of the same content may race here: each renames a complete copy over the other.
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  await syncFolder(folder);
}

async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** What the `files` row says about stored bytes. */
export interface StoredFile {
  sha256: string;
  size: number;
  mediaType: FileMediaType;
  activeContent: boolean;
  createdAt: Date;
}

/** Records what the bytes are; the same content recorded again keeps its first row. */
export async function recordFile(tx: Executor, file: Omit<StoredFile, "createdAt">): Promise<void> {
  await tx
    .insertInto("files")
    .values({
      sha256: file.sha256,
      size: file.size,
      media_type: file.mediaType,
      active_content: file.activeContent,
    })
    .onConflict((conflict) => conflict.column("sha256").doNothing())
    .execute();
}

export async function findFile(db: Executor, sha256: string): Promise<StoredFile | undefined> {
  if (!isSha256(sha256)) return undefined;
  const row = await db.selectFrom("files").selectAll().where("sha256", "=", sha256).executeTakeFirst();
  return (
    row && {
      sha256: row.sha256,
      size: Number(row.size),
      mediaType: row.media_type,
      activeContent: row.active_content,
      createdAt: row.created_at,
    }
  );
}

export async function getFile(db: Executor, sha256: string): Promise<StoredFile> {
  const file = await findFile(db, sha256);
  if (!file) throw fileErrors.notFound();
  return file;
}
