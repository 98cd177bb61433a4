import { closeSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";

/** PGlite's files take one process at a time; a second one would corrupt them, so it is refused. */
export class DataDirBusyError extends Error {
  override name = "DataDirBusyError";
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Takes DATA_DIR for this process; returns the function that gives it back. */
export function lockDataDir(dataDir: string): () => void {
  const file = join(dataDir, "tongban.pid");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number.parseInt(readFileSync(file, "utf8"), 10);
      if (Number.isInteger(holder) && holder !== process.pid && alive(holder)) {
        throw new DataDirBusyError(
          `DATA_DIR "${dataDir}" is in use by another Tongban process (pid ${holder}). ` +
            "The embedded database serves one process at a time: stop that process, or give this one " +
            "another DATA_DIR, or use PostgreSQL through DATABASE_URL to run several.",
        );
      }
      // Left behind by a process that died: take it over.
      rmSync(file, { force: true });
    }
  }
  throw new DataDirBusyError(`DATA_DIR "${dataDir}": could not take ${file}; remove it if no Tongban runs`);
}
