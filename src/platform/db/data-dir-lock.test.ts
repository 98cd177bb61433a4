import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DataDirBusyError, lockDataDir } from "./data-dir-lock.ts";

describe("the DATA_DIR lock", () => {
  it("refuses a second holder while the first lives, and frees the directory on release", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tongban-lock-"));
    // Another live process holds it.
    const other = spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)"]);
    writeFileSync(join(dir, "tongban.pid"), String(other.pid));
    try {
      expect(() => lockDataDir(dir)).toThrow(DataDirBusyError);
      expect(() => lockDataDir(dir)).toThrow(`in use by another Tongban process (pid ${other.pid})`);
    } finally {
      other.kill();
    }
    await new Promise((resolve) => other.once("exit", resolve));
    // Its holder is gone: the stale lock is taken over.
    const release = lockDataDir(dir);
    expect(existsSync(join(dir, "tongban.pid"))).toBe(true);
    release();
    expect(existsSync(join(dir, "tongban.pid"))).toBe(false);
  });
});
