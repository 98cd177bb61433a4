/**
 * Two database roles (DATABASE_OWNER_URL): the owner migrates, a role that owns nothing serves. On a
 * database and roles of the file's own, made on the PostgreSQL server of TEST_DATABASE_URL and dropped
 * after; the settings' checks and the printed SQL run in either mode.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import pg from "pg";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memoryLogger, type TestApp, testConfig } from "../../../test/app.ts";
import { adminQuery } from "../../../test/db.ts";
import { buildApp } from "../../app.ts";
import { anchorJob } from "../../modules/audit/anchor-job.ts";
import { sealAudit } from "../../modules/audit/seal.ts";
import { verifyAuditChain } from "../../modules/audit/verify.ts";
import { applyOnline, CASE_TEST_ENV, call, caseWorld } from "../../modules/cases/testing.ts";
import { allJobs } from "../../modules/index.ts";
import { type Running, startPlatform } from "../boot.ts";
import { ConfigError } from "../config.ts";
import { dbCommand } from "./cli.ts";
import { DatabaseUnavailableError } from "./database.ts";
import { openMigrated } from "./open-migrated.ts";
import { currentRole } from "./roles.ts";

const server = process.env.TEST_DATABASE_URL;
const skipped = server
  ? undefined
  : "the suite runs on embedded PGlite, which has one role and nothing to keep apart; this runs with TEST_DATABASE_URL";

const failure = (env: Record<string, string>): string => {
  try {
    testConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("expected the configuration to be refused");
};

/** What a command wrote, and its exit code. */
async function run(config: Parameters<typeof dbCommand>[0], args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await dbCommand(config, args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { code, stdout, stderr };
}

describe("DATABASE_OWNER_URL, checked at start", () => {
  const serving = "postgres://tongban@db.example.gov.cn:5432/tongban";
  it.each([
    [
      "not a URL",
      { DATABASE_URL: serving, DATABASE_OWNER_URL: "owner@db" },
      /^DATABASE_OWNER_URL is not a valid URL/,
    ],
    [
      "not PostgreSQL",
      { DATABASE_URL: serving, DATABASE_OWNER_URL: "mysql://owner@db.example.gov.cn/tongban" },
      /^DATABASE_OWNER_URL must start with postgres: or postgresql:\/\//,
    ],
    [
      "set in embedded mode",
      { DATABASE_OWNER_URL: "postgres://owner@db.example.gov.cn/tongban" },
      /^DATABASE_OWNER_URL is set but DATABASE_URL is not: the embedded database \(PGlite\)/,
    ],
    [
      "another database",
      { DATABASE_URL: serving, DATABASE_OWNER_URL: "postgres://owner@db.example.gov.cn/other" },
      /^DATABASE_OWNER_URL names the database "other" and DATABASE_URL "tongban"/,
    ],
    [
      "the serving role itself",
      { DATABASE_URL: serving, DATABASE_OWNER_URL: "postgres://tongban:x@db.example.gov.cn/tongban" },
      /^DATABASE_OWNER_URL and DATABASE_URL both sign in as "tongban"/,
    ],
    [
      "in clear under REQUIRE_TLS",
      {
        REQUIRE_TLS: "true",
        DATABASE_URL: `${serving}?sslmode=verify-full`,
        DATABASE_OWNER_URL: "postgres://owner@db.example.gov.cn/tongban",
      },
      /^DATABASE_OWNER_URL must ask for TLS while REQUIRE_TLS is on/,
    ],
  ])("refuses an owner URL %s, naming the variable", (_, env, message) => {
    expect(failure(env)).toMatch(message);
  });

  it("is a secret setting: read from DATABASE_OWNER_URL_FILE", () => {
    const file = join(mkdtempSync(join(tmpdir(), "tongban-owner-url-")), "database-owner-url");
    writeFileSync(file, "postgres://owner@db.example.gov.cn:5432/tongban\n", { mode: 0o600 });
    const config = testConfig({ DATABASE_URL: serving, DATABASE_OWNER_URL_FILE: file });
    expect(config.databaseOwnerUrl).toBe("postgres://owner@db.example.gov.cn:5432/tongban");
  });

  it("is optional: without it one role migrates and serves, as before", () => {
    expect(testConfig({ DATABASE_URL: serving }).databaseOwnerUrl).toBeUndefined();
    expect(testConfig({}).databaseOwnerUrl).toBeUndefined();
  });
});

describe("tongban db roles and grants", () => {
  const config = {
    databaseUrl: "postgres://tongban_app:pw@db/tongban_prod",
    databaseOwnerUrl: "postgres://tongban_owner:pw@db/tongban_prod",
  };

  it("prints the SQL that makes the two roles, named from the URLs, without passwords", async () => {
    const { code, stdout } = await run(config, ["roles"]);
    expect(code).toBe(0);
    expect(stdout).toContain('create role "tongban_owner" login;');
    expect(stdout).toContain('create role "tongban_app" login nosuperuser nocreatedb nocreaterole');
    expect(stdout).toContain('create database "tongban_prod" owner "tongban_owner";');
    expect(stdout).toContain("revoke create on schema public from public;");
    expect(stdout).not.toContain("pw");
  });

  it("prints the grants: the audit trail append-only, no TRUNCATE anywhere", async () => {
    const { code, stdout } = await run(config, ["grants", "--serving", 'odd"name']);
    expect(code).toBe(0);
    expect(stdout).toContain('grant select, insert on "public"."audit_log" to "odd""name"');
    expect(stdout).toContain('grant update ("seq", "hash") on "public"."audit_head" to "odd""name"');
    expect(stdout).toContain('grant select, insert, delete on "public"."audit_pending"');
    expect(stdout).toContain('revoke truncate, references, trigger on all tables in schema "pgboss"');
    expect(stdout).not.toMatch(/grant [^;]*truncate/);
  });

  it("answers a wrong command with its usage and exit code 2", async () => {
    const { code, stderr } = await run(config, ["drop"]);
    expect(code).toBe(2);
    expect(stderr).toContain('unknown command "db drop"');
  });
});

describe.skipIf(skipped !== undefined)(
  `two roles on PostgreSQL${skipped ? ` (skipped: ${skipped})` : ""}`,
  () => {
    const suffix = randomBytes(4).toString("hex");
    const owner = `tb_owner_${suffix}`;
    const serving = `tb_serve_${suffix}`;
    const rogue = `tb_rogue_${suffix}`;
    const member = `tb_member_${suffix}`;
    const database = `tb_roles_${suffix}`;
    const urlAs = (role: string) => {
      const url = new URL(server as string);
      url.username = role;
      url.password = "";
      url.pathname = `/${database}`;
      return url.toString();
    };
    const env = (role = serving) => ({
      ...CASE_TEST_ENV,
      DATABASE_URL: urlAs(role),
      DATABASE_OWNER_URL: urlAs(owner),
    });
    const asAdmin = (text: string) => adminQuery(urlAs(new URL(server as string).username), text);
    let running: Running | undefined;

    /** Runs `text` signed in as `role`, answering the error's SQLSTATE, or "ok". */
    async function attempt(role: string, text: string): Promise<string> {
      const client = new pg.Client({ connectionString: urlAs(role) });
      await client.connect();
      try {
        await client.query(text);
        return "ok";
      } catch (error) {
        return (error as { code?: string }).code ?? String(error);
      } finally {
        await client.end();
      }
    }

    beforeAll(async () => {
      for (const role of [owner, serving, rogue, member])
        await adminQuery(server as string, `create role ${role} login`);
      await adminQuery(server as string, `create database ${database} owner ${owner}`);
      running = await startPlatform(testConfig(env()), pino({ level: "silent" }), allJobs(), { work: false });
    });

    afterAll(async () => {
      await running?.stop();
      await adminQuery(server as string, `drop database if exists ${database} with (force)`);
      for (const role of [member, rogue, serving, owner])
        await adminQuery(server as string, `drop role if exists ${role}`);
    });

    it("migrates as the owner and serves as a role that owns nothing: a case submitted and read, its audit sealed and verified", async () => {
      const platform = running as Running;
      expect(platform.database.servesOnly).toBe(true);
      expect(await currentRole(platform.database.db)).toBe(serving);
      const { rows } = await sql<{ owner: string }>`
      select distinct tableowner as owner from pg_tables where schemaname in ('public', 'pgboss')`.execute(
        platform.database.db,
      );
      expect(rows.map((r) => r.owner)).toEqual([owner]);

      const logs: Record<string, unknown>[] = [];
      const app = await buildApp({ ...platform, log: memoryLogger(logs) });
      await app.ready();
      const t: TestApp = {
        app,
        platform,
        testDb: { handle: platform.database, url: urlAs(serving), close: async () => {} },
        logs,
        close: () => app.close(),
      };
      try {
        const w = await caseWorld(t);
        const { caseId, number } = await applyOnline(w);
        const read = await call(t, w.clerk, "GET", `/api/v1/cases/${caseId}`);
        expect(read.statusCode, read.body).toBe(200);
        expect(read.json()).toMatchObject({ number });
      } finally {
        await t.close();
      }
      const db = platform.database.db;
      await sealAudit(db);
      const pending = await sql<{ n: number }>`select count(*)::int as n from audit_pending`.execute(db);
      expect(pending.rows[0]?.n).toBe(0);
      const verified = await verifyAuditChain(db);
      expect(verified).toMatchObject({ ok: true });
      expect(verified.entries).toBeGreaterThan(0);
    });

    it("runs the job workers as the serving role: an anchor job done, pg-boss's upkeep without an error", async () => {
      const logs: Record<string, unknown>[] = [];
      const workers = await startPlatform(testConfig(env()), memoryLogger(logs), allJobs(), { work: true });
      try {
        const id = await workers.jobs.send(anchorJob.name, {});
        await expect
          .poll(async () => (await workers.jobs.find(anchorJob.name, id))?.state, { timeout: 20_000 })
          .toBe("completed");
      } finally {
        await workers.stop();
      }
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from audit_log where action = 'audit.heads'`.execute(
        (running as Running).database.db,
      );
      expect(rows[0]?.n).toBeGreaterThan(0);
      expect(logs.filter((line) => (line.level as number) >= 50)).toEqual([]);
    });

    it.each([
      ["turn the audit log's triggers off", "alter table audit_log disable trigger all"],
      ["turn the head's guard off", "alter table audit_head disable trigger audit_head_forward_only"],
      ["empty the audit log", "truncate audit_log"],
      ["empty the pending entries", "truncate audit_pending"],
      ["change an audit entry", "update audit_log set action = 'case.nothing' where seq = 1"],
      ["remove an audit entry", "delete from audit_log"],
      ["move a chain's base", "update audit_head set base_seq = 0"],
      ["edit a case event", "update case_events set reason = 'rewritten'"],
      ["drop the audit log", "drop table audit_log"],
      ["alter a table", "alter table cases add column planted int"],
      ["drop pg-boss's jobs", "drop table pgboss.job"],
      ["make a table", "create table planted (id int)"],
      ["record a migration", "insert into kysely_migration (name, timestamp) values ('9999_planted', '')"],
    ])("refuses the serving role to %s (permission denied)", async (_, text) => {
      expect(await attempt(serving, text)).toBe("42501");
    });

    it("grants afresh at every start, a table added since included", async () => {
      await attempt(owner, "create table added_later (id int)");
      expect(await attempt(serving, "insert into added_later values (1)")).toBe("42501");
      const database = await openMigrated(testConfig(env()), pino({ level: "silent" }));
      await database.close();
      expect(await attempt(serving, "insert into added_later values (1)")).toBe("ok");
      expect(await attempt(serving, "truncate added_later")).toBe("42501");
    });

    it("serves without DATABASE_OWNER_URL once the owner has migrated: the owner's credential stays off the node", async () => {
      const { DATABASE_OWNER_URL: _, ...servingOnly } = env();
      const node = await startPlatform(testConfig(servingOnly), pino({ level: "silent" }), allJobs(), {
        work: false,
      });
      try {
        expect(await currentRole(node.database.db)).toBe(serving);
        expect(node.jobs.ready).toBe(true);
      } finally {
        await node.stop();
      }
    });

    it("refuses to start when the serving role is a superuser, owns a table or is the owner's member", async () => {
      const refusal = async (role: string) => {
        const error = await openMigrated(testConfig(env(role)), pino({ level: "silent" })).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(DatabaseUnavailableError);
        return (error as Error).message;
      };
      const admin = new URL(server as string).username;
      expect(await refusal(admin)).toMatch(
        new RegExp(`^DATABASE_URL: the serving role "${admin}" is a superuser`),
      );
      await asAdmin(`create table stray (id int)`);
      await asAdmin(`alter table stray owner to ${rogue}`);
      expect(await refusal(rogue)).toMatch(/owns public\.stray .*tongban db roles prints the SQL/);
      await adminQuery(server as string, `grant ${owner} to ${member}`);
      expect(await refusal(member)).toMatch(/owns the database .*owns public\./);
      await asAdmin(`drop table stray`);
    });

    it("tongban db check says whether DATABASE_URL's role may serve apart", async () => {
      const fit = await run({ databaseUrl: urlAs(serving), databaseOwnerUrl: urlAs(owner) }, ["check"]);
      expect(fit).toMatchObject({ code: 0 });
      expect(fit.stdout).toContain(`"${serving}" owns nothing of Tongban's`);
      const unfit = await run({ databaseUrl: urlAs(member), databaseOwnerUrl: urlAs(owner) }, ["check"]);
      expect(unfit.code).toBe(1);
      expect(unfit.stderr).toContain(`"${member}" cannot serve apart from the owner`);
    });
  },
);
