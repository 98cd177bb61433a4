import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.ts";
import { department, seedRegionSlice } from "../../../test/factories.ts";
import { clientsCommand } from "./cli.ts";
import { mountProbes, PROBE } from "./testing.ts";

let t: TestApp;
let police: string;
/** How many times a command opened the database. */
let opened = 0;

beforeAll(async () => {
  t = await createTestApp({ env: { SESSION_CACHE_SECONDS: "0" }, extend: mountProbes });
  await seedRegionSlice(t.platform.database.db);
  police = await department(t.platform.database.db, "330523", "public_security");
});
afterAll(() => t.close());

/** Runs `tongban clients …` on the test's database, which it does not close. */
async function clients(...args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await clientsCommand(
    async () => {
      opened += 1;
      return { db: t.platform.database.db, close: async () => {} };
    },
    args,
    { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } },
  );
  return { code, stdout, stderr };
}

const tokenIn = (stdout: string) => /token: +(tbc_\S+)/.exec(stdout)?.[1] ?? "";
const idIn = (stdout: string) => /id: +([0-9a-f-]{36})/.exec(stdout)?.[1] ?? "";
const probe = (token: string) =>
  t.app.inject({ method: "GET", url: PROBE.registry, headers: { authorization: `Bearer ${token}` } });

describe("tongban clients", () => {
  it("creates a client, printing its id and its token once, with what to do with it", async () => {
    const made = await clients(
      "create",
      "--department",
      police,
      "--name",
      "安吉县公安局户籍系统",
      "--scopes",
      "registry.read, registry.publish",
    );
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toMatch(/^API client created: 安吉县公安局户籍系统 \(.*公安局, 330523\)\n/);
    expect(made.stdout).toContain("scopes: registry.read, registry.publish");
    expect(made.stdout).toContain("Authorization: Bearer <token>");
    expect(made.stdout).toContain(`tongban clients rotate ${idIn(made.stdout)}`);
    expect(made.stderr).toBe("");
    const token = tokenIn(made.stdout);
    expect((await probe(token)).json()).toMatchObject({ kind: "client", id: idIn(made.stdout) });

    const listed = await clients("list");
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(
      new RegExp(
        `${idIn(made.stdout)}  live +330523 .*安吉县公安局户籍系统  \\[registry.read, registry.publish\\]`,
      ),
    );
    expect(listed.stdout).not.toContain(token.slice(37));

    // Made by whoever runs the command on the server: "system" in the audit trail.
    const audit = await sql<{ action: string; actor_kind: string; actor_id: string | null }>`
      select action, actor_kind, actor_id from audit_log where subject_id = ${idIn(made.stdout)}`.execute(
      t.platform.database.db,
    );
    expect(audit.rows).toEqual([{ action: "api_client.create", actor_kind: "system", actor_id: null }]);
  });

  it("rotates a token, after which the old one fails and the new one works, and disables a client", async () => {
    const made = await clients(
      "create",
      "--department",
      police,
      "--name",
      "共享平台",
      "--scopes",
      "registry.read",
    );
    const id = idIn(made.stdout);
    const rotated = await clients("rotate", id);
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(rotated.stdout).toMatch(/^Token replaced: 共享平台/);
    expect(tokenIn(rotated.stdout)).not.toBe(tokenIn(made.stdout));
    expect((await probe(tokenIn(made.stdout))).statusCode).toBe(401);
    expect((await probe(tokenIn(rotated.stdout))).statusCode).toBe(200);

    const disabled = await clients("disable", id);
    expect(disabled.code).toBe(0);
    expect(disabled.stdout).toMatch(/^API client disabled: 共享平台/);
    expect((await probe(tokenIn(rotated.stdout))).statusCode).toBe(401);
    expect((await clients("list")).stdout).toMatch(new RegExp(`${id}  disabled`));

    // A disabled client stays so: exit 1, saying what to do instead.
    const again = await clients("rotate", id);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^tongban: This API client is disabled for good: create a new client/);
  });

  it("refuses an unknown department, no scopes and an unknown scope with exit 2, naming each fix", async () => {
    const unknown = await clients(
      "create",
      "--department",
      "7d1d0c53-5b0e-4a8c-9a36-3a3e1c0f4b2a",
      "--name",
      "x",
      "--scopes",
      "registry.read",
    );
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(
      'tongban: --department: no department has the id "7d1d0c53-5b0e-4a8c-9a36-3a3e1c0f4b2a": find the ' +
        "department's id with GET /api/v1/departments?region=<region code>\n",
    );

    const empty = await clients("create", "--department", police, "--name", "x", "--scopes", " , ");
    expect(empty.code).toBe(2);
    expect(empty.stderr).toBe(
      "tongban: --scopes: name at least one of registry.read, registry.publish, registry.subscribe, " +
        "application.submit, case.work, case.decide, registry.usage, separated by commas\n",
    );

    const wrong = await clients(
      "create",
      "--department",
      police,
      "--name",
      "x",
      "--scopes",
      "registry.read,all",
    );
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(
      /^tongban: --scopes: "all" is not a scope: use one or more of registry.read/,
    );

    // Nothing given: every flag named at once.
    const bare = await clients("create");
    expect(bare.code).toBe(2);
    expect(bare.stderr.split("\n").filter(Boolean)).toEqual([
      expect.stringMatching(/^tongban: --name: must be 1 to 100 characters/),
      expect.stringMatching(/^tongban: --scopes: name at least one of/),
      expect.stringMatching(/^tongban: --department: say whose system this is/),
    ]);
    const made = await t.platform.database.db
      .selectFrom("api_clients")
      .select("id")
      .where("name", "=", "x")
      .execute();
    expect(made).toEqual([]);
  });

  it("refuses a wrong command or arguments with exit 2 and the usage, before opening the database", async () => {
    const before = opened;
    for (const args of [
      [],
      ["frobnicate"],
      ["rotate"],
      ["disable", "a", "b"],
      ["list", "--all"],
      ["create", "--colour", "red"],
    ]) {
      const result = await clients(...args);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stderr).toMatch(/^tongban: .+\nUsage: tongban clients <command>/);
    }
    const help = await clients("help");
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("rotate <id>");
    expect(opened).toBe(before);
  });

  it("names an unknown client id with exit 2 and where to find the right one", async () => {
    for (const id of ["7d1d0c53-5b0e-4a8c-9a36-3a3e1c0f4b2a", "not-an-id"]) {
      const result = await clients("disable", id);
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        "tongban: No API client has this id: `tongban clients list` shows every client's id.\n",
      );
    }
  });
});

describe("the tongban command", () => {
  it("runs clients, exiting 2 on a usage error", async () => {
    const bin = join(import.meta.dirname, "..", "..", "..", "bin", "tongban.js");
    const env = {
      PATH: process.env.PATH ?? "",
      LOG_LEVEL: "warn",
      DATA_DIR: mkdtempSync(join(tmpdir(), "tongban-clients-")),
      ...(t.testDb.url ? { DATABASE_URL: t.testDb.url } : {}),
    };
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(
        process.execPath,
        // A mistake told from the arguments alone: the database (embedded, new) is never opened.
        [bin, "clients", "list", "everything"],
        { env },
      );
      let stderr = "";
      child.stderr.on("data", (d) => {
        stderr += d;
      });
      child.on("exit", (code) => resolve({ code, stderr }));
    });
    expect(result.stderr).toMatch(/^tongban: clients list takes nothing more\.\nUsage: tongban clients/);
    expect(result.code).toBe(2);
  });
});
