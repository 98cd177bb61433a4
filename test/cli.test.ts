import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const BIN = join(import.meta.dirname, "..", "bin", "tongban.js");
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) child.kill("SIGKILL");
});

function run(args: string[], env: Record<string, string>, timeoutMs = 60_000) {
  return new Promise<{ code: number | null; stderr: string; stdout: string }>((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH ?? "", LOG_LEVEL: "warn", ...env },
    });
    children.push(child);
    let stderr = "";
    let stdout = "";
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, stdout });
    });
  });
}

const dataDir = () => mkdtempSync(join(tmpdir(), "tongban-cli-"));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe("the command line refuses bad input with one clear line", () => {
  it("names a bad setting", async () => {
    const result = await run(["migrate"], { DATA_DIR: dataDir(), PORT: "eighty" });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('tongban: PORT must be a whole number from 1 to 65535 (got "eighty")\n');
  });

  it("says when the database cannot be reached, without the password", async () => {
    const result = await run(["migrate"], {
      DATA_DIR: dataDir(),
      DATABASE_URL: "postgres://tongban:hunter2@127.0.0.1:1/tongban",
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^tongban: DATABASE_URL: cannot connect to postgres:\/\/tongban:\*\*\*\*@127\.0\.0\.1:1\/tongban \(.*ECONNREFUSED.*\)\. Check that PostgreSQL is running/,
    );
    expect(result.stderr).not.toContain("hunter2");
  });

  it("says when DATA_DIR cannot be written", async () => {
    const file = join(dataDir(), "plain-file");
    writeFileSync(file, "");
    const result = await run(["migrate"], { DATA_DIR: file });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^tongban: DATA_DIR ".*plain-file" is not writable \(EEXIST\)/);
  });

  it("refuses an unknown province before writing anything", async () => {
    const dir = dataDir();
    const result = await run(["regions", "import", "--province", "99"], { DATA_DIR: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^tongban: Unknown province code 99\. Known codes: 11 北京市, .*33 浙江省/);
    // Asked of the divisions package alone: no database was created to find that out.
    expect(readdirSync(dir)).not.toContain("pgdata");
    const after = await run(["regions", "import", "--province", "x", "--all"], { DATA_DIR: dir });
    expect(after.stderr).toMatch(/exactly one of --province NN, --county NNNNNN, --all/);
  });

  it("asks backup and restore for one folder, and says when a folder is not a backup", async () => {
    const dir = dataDir();
    const bare = await run(["backup"], { DATA_DIR: dir });
    expect(bare.code).toBe(1);
    expect(bare.stderr).toMatch(
      /^tongban: backup needs one folder, and nothing else\.\nUsage: tongban backup DIR/,
    );
    const notOne = await run(["restore", dataDir()], { DATA_DIR: dir });
    expect(notOne.code).toBe(1);
    expect(notOne.stderr).toMatch(
      /^tongban: restore: ".*" holds no manifest\.json: it is not a Tongban backup\n$/,
    );
  });

  it("asks the GovStack seed for a folder holding the conformance data, before opening the database", async () => {
    const dir = dataDir();
    const missing = await run(["govstack", "seed", "--data", dir], { DATA_DIR: dir });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^tongban: registration-test-data\.json is not in .* --data\n$/);
    const unknown = await run(["govstack", "seed", "--from", dir], { DATA_DIR: dir });
    expect(unknown.stderr).toMatch(/^tongban: Unknown option '--from'.*tongban govstack seed --data DIR/);
    expect(readdirSync(dir)).not.toContain("pgdata");
  });

  it("names an unknown command and shows the usage", async () => {
    const result = await run(["frobnicate"], { DATA_DIR: dataDir() });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Unknown command "frobnicate"');
    expect(result.stderr).toContain("regions import --province NN");
  });
});

// The embedded database's own lock: nothing of it is in play when the suite runs on PostgreSQL.
describe.skipIf(process.env.TEST_DATABASE_URL !== undefined)("one embedded database, one process", () => {
  it("refuses a second server on the same DATA_DIR and leaves the first one serving", async () => {
    const dir = dataDir();
    const port = await freePort();
    const first = spawn(process.execPath, [BIN, "serve"], {
      env: {
        PATH: process.env.PATH ?? "",
        DATA_DIR: dir,
        PORT: String(port),
        LOG_LEVEL: "warn",
        DEMO: "false",
      },
    });
    children.push(first);
    const deadline = Date.now() + 60_000;
    let ready = false;
    while (!ready && Date.now() < deadline) {
      ready = await fetch(`http://127.0.0.1:${port}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
      if (!ready) await new Promise((r) => setTimeout(r, 200));
    }
    expect(ready).toBe(true);

    const second = await run(["serve"], { DATA_DIR: dir, PORT: String(await freePort()), DEMO: "false" });
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/^tongban: DATA_DIR ".*" is in use by another Tongban process \(pid \d+\)/);

    const still = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(still.status).toBe(200);
    first.kill("SIGTERM");
    const code = await new Promise((resolve) => first.on("exit", resolve));
    expect(code).toBe(0);
  });
});
