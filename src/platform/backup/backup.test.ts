import { randomBytes } from "node:crypto";
import { cpSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memoryLogger, type TestApp, testConfig } from "../../../test/app.ts";
import { createTestDatabase, type TestDatabase } from "../../../test/db.ts";
import { sealAudit } from "../../modules/audit/seal.ts";
import { applyBundle, type BundleWorld, bundleWorld, handleChild } from "../../modules/bundles/testing.ts";
import { caseTestApp } from "../../modules/cases/testing.ts";
import type { Config } from "../config.ts";
import { keyId } from "../crypto.ts";
import type { Db } from "../db/database.ts";
import { openMigrated } from "../db/open-migrated.ts";
import { fileStoreFor, listStore, storeRoot } from "../files/store.ts";
import { isSealed, unsealFile } from "../sealing.ts";
import { backup, restore } from "./backup.ts";
import { keyFingerprint, MANIFEST, type Manifest } from "./manifest.ts";

let t: TestApp;
let w: BundleWorld;
let source: Config;
let manifest: Manifest;
let dir: string;
const targets: TestDatabase[] = [];
const log = memoryLogger([]);
const onPostgres = process.env.TEST_DATABASE_URL !== undefined;

const folder = () => mkdtempSync(join(tmpdir(), "tongban-backup-"));
const keyOf = (config: Config) => config.personalDataKey.toString("base64");

/** A new installation to restore into: an empty DATA_DIR and, on PostgreSQL, an empty database. */
async function installation(env: Record<string, string> = {}): Promise<Config> {
  if (!onPostgres) return testConfig({ PERSONAL_DATA_KEY: keyOf(source), ...env });
  const target = await createTestDatabase({ migrate: false });
  targets.push(target);
  return testConfig({ PERSONAL_DATA_KEY: keyOf(source), DATABASE_URL: target.url as string, ...env });
}

/** Every row of the tables that must come back, in a stable order, as text. */
async function rowsOf(db: Db): Promise<Record<string, string[]>> {
  const tables = ["cases", "case_events", "case_materials", "case_tasks", "files", "licences", "audit_log"];
  const result: Record<string, string[]> = {};
  for (const table of tables) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db);
    result[table] = rows.map((r) => JSON.stringify(r, Object.keys(r).sort())).sort();
  }
  return result;
}

beforeAll(async () => {
  t = await caseTestApp();
  w = await bundleWorld(t);
  // Three child cases with their materials, one worked to a licence and one refused.
  const applied = await applyBundle(w, "backup-1");
  expect(applied.statusCode, applied.body).toBe(201);
  const db = t.platform.database.db;
  const children = await db
    .selectFrom("bundle_cases as b")
    .innerJoin("cases as c", "c.id", "b.case_id")
    .innerJoin("catalog_offerings as o", "o.id", "c.offering_id")
    .innerJoin("departments as d", "d.id", "o.department_id")
    .select(["c.id", "d.line"])
    .where("b.bundle_application_id", "=", applied.json().id)
    .orderBy("b.position")
    .execute();
  await handleChild(w, children[0]?.id as string, children[0]?.line as string, "grant");
  await handleChild(w, children[1]?.id as string, children[1]?.line as string, "deny");
  await sealAudit(db);
  source = { ...t.platform.config, databaseUrl: t.testDb.url };
  dir = join(folder(), "backup");
  manifest = await backup(source, t.platform.database, dir);
});

afterAll(async () => {
  await t?.close();
  for (const target of targets) await target.close();
});

describe("a backup", () => {
  it("holds the database and every file, and a manifest of what it holds", async () => {
    expect(manifest.mode).toBe(onPostgres ? "postgres" : "pglite");
    expect(manifest.counts.cases).toBe(3);
    expect(manifest.counts.case_events).toBeGreaterThan(10);
    expect(manifest.counts.licences).toBe(1);
    expect(manifest.counts.audit_entries).toBeGreaterThan(0);
    expect(manifest.auditHead?.seq).toBe(manifest.counts.audit_entries);
    expect(manifest.migration).toMatch(/^\d{4}_/);
    const files = await listStore(join(dir, "files"));
    expect(files.length).toBe(manifest.files.count);
    expect(files.length).toBeGreaterThanOrEqual(manifest.counts.files);
  });

  it("goes back whole: every case, event, file and audit entry, the chain intact", async () => {
    const config = await installation();
    const report = await restore(config, log, dir);
    expect(report.counts).toEqual(manifest.counts);
    expect(report.audit.entries).toBe(manifest.counts.audit_entries);
    const restored = await openMigrated(config, log);
    try {
      expect(await rowsOf(restored.db)).toEqual(await rowsOf(t.platform.database.db));
      const { rows } = await sql<{ sha256: string }>`select sha256 from files`.execute(restored.db);
      expect(rows.length).toBeGreaterThan(0);
      const [before, after] = [fileStoreFor(source), fileStoreFor(config)];
      for (const { sha256 } of rows) expect(await after.read(sha256)).toEqual(await before.read(sha256));
    } finally {
      await restored.close();
    }
  });

  it("holds no personal data in clear: no name, ID number, mobile or e-mail, no material's content", async () => {
    const person = w.applicant;
    const personal = [person.name, person.idNumber, person.mobile, person.email].map((v) => Buffer.from(v));
    const material = [Buffer.from("%PDF"), Buffer.from("/Type /Catalog")];
    const raw = readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => readFileSync(join(entry.parentPath, entry.name)));
    expect(raw.length).toBe(manifest.files.count + 2);
    for (const bytes of raw) {
      for (const value of [...personal, ...material]) expect(bytes.includes(value)).toBe(false);
    }
    expect(manifest).toMatchObject({ format: 2, sealedUnder: keyId(source.personalDataKey) });
    // What the search would have found unsealed: the materials, and (embedded) the names in the database.
    const files = await listStore(join(dir, "files"));
    const opened = files.map((f) =>
      unsealFile(source.personalDataKey, "files", readFileSync(f.path), f.sha256),
    );
    expect(opened.some((bytes) => bytes.includes(material[0] as Buffer))).toBe(true);
    if (!onPostgres) {
      const dump = unsealFile(
        source.personalDataKey,
        "backups",
        readFileSync(join(dir, manifest.database)),
        "database dump",
      );
      expect(gunzipSync(dump).includes(Buffer.from(person.email))).toBe(true);
    }
  });

  it("is not written over anything", async () => {
    await expect(backup(source, t.platform.database, dir)).rejects.toThrow(
      /is not empty: back up into a new folder/,
    );
  });
});

describe("a restore refuses, and writes nothing, when", () => {
  /** The target after a refused restore: no tables and, embedded, no database folder. */
  async function untouched(config: Config): Promise<void> {
    if (config.databaseUrl) {
      const target = targets.at(-1) as TestDatabase;
      const { rows } = await sql<{ n: string }>`
        select count(*) as n from pg_tables where schemaname = 'public'`.execute(target.handle.db);
      expect(Number(rows[0]?.n)).toBe(0);
    } else {
      await expect(readFile(join(config.dataDir, "pgdata", "PG_VERSION"))).rejects.toThrow(/ENOENT/);
    }
  }

  it("the folder is not a backup, or its manifest is damaged or of another format", async () => {
    const config = await installation();
    const empty = folder();
    await expect(restore(config, log, empty)).rejects.toThrow(
      /holds no manifest\.json: it is not a Tongban backup/,
    );
    await writeFile(join(empty, MANIFEST), "{ not json");
    await expect(restore(config, log, empty)).rejects.toThrow(/is not JSON: the backup is damaged/);
    await writeFile(join(empty, MANIFEST), JSON.stringify({ ...manifest, format: 3 }));
    await expect(restore(config, log, empty)).rejects.toThrow(
      /of format 3; this Tongban reads formats 1 and 2/,
    );
    await untouched(config);
  });

  it("the key of the installation does not open the backup, even with its manifest made to say it does", async () => {
    const other = randomBytes(32);
    const copy = join(folder(), "other-key");
    cpSync(dir, copy, { recursive: true });
    await writeFile(
      join(copy, MANIFEST),
      JSON.stringify({ ...manifest, personalDataKey: keyFingerprint(other) }),
    );
    const config = await installation({ PERSONAL_DATA_KEY: other.toString("base64") });
    await expect(restore(config, log, copy)).rejects.toThrow(
      new RegExp(
        `${manifest.database} cannot be opened: the file was sealed under key ${keyId(source.personalDataKey)}, ` +
          `which is neither PERSONAL_DATA_KEY \\(${keyId(other)}\\).*A backup opens only with the PERSONAL_DATA_KEY`,
      ),
    );
    await untouched(config);
    expect(await listStore(storeRoot(config))).toEqual([]);
  });

  it("the database's dump was changed", async () => {
    const copy = join(folder(), "changed");
    cpSync(dir, copy, { recursive: true });
    const dump = join(copy, manifest.database);
    const bytes = await readFile(dump);
    const at = Math.floor(bytes.length / 2);
    bytes.writeUInt8((bytes[at] as number) ^ 0x01, at);
    await writeFile(dump, bytes);
    const config = await installation();
    await expect(restore(config, log, copy)).rejects.toThrow(
      /cannot be opened: it was changed since it was sealed/,
    );
    await untouched(config);
  });

  it("the backup is of the other mode", async () => {
    const other = onPostgres
      ? testConfig({ PERSONAL_DATA_KEY: keyOf(source) })
      : testConfig({ PERSONAL_DATA_KEY: keyOf(source), DATABASE_URL: "postgres://nobody@127.0.0.1:1/none" });
    await expect(restore(other, log, dir)).rejects.toThrow(
      onPostgres ? /backup of a PostgreSQL database/ : /backup of an embedded database/,
    );
  });

  it("the installation's personal-data key is not the backup's", async () => {
    const config = await installation({ PERSONAL_DATA_KEY: Buffer.alloc(32, 7).toString("base64") });
    await expect(restore(config, log, dir)).rejects.toThrow(
      new RegExp(`encrypted with another key \\(fingerprint ${manifest.personalDataKey}\\)`),
    );
    await untouched(config);
  });

  it("a file of the backup is damaged", async () => {
    const damaged = join(folder(), "damaged");
    await backup(source, t.platform.database, damaged);
    const [file] = await listStore(join(damaged, "files"));
    if (!file) throw new Error("the backup holds no file");
    const bytes = await readFile(file.path);
    bytes.writeUInt8((bytes.at(-1) as number) ^ 0xff, bytes.length - 1);
    await writeFile(file.path, bytes);
    const config = await installation();
    await expect(restore(config, log, damaged)).rejects.toThrow(
      new RegExp(`the file ${file.sha256} is damaged`),
    );
    await untouched(config);
    await rm(damaged, { recursive: true });
  });

  it("the target already holds a database", async () => {
    const config = await installation();
    await restore(config, log, dir);
    await expect(restore(config, log, dir)).rejects.toThrow(/is not empty/);
  });
});

describe("a backup made before backups were sealed", () => {
  it("still restores: its dump and files in clear, the files sealed as they come into the store", async () => {
    const key = source.personalDataKey;
    const old = join(folder(), "plain");
    cpSync(dir, old, { recursive: true });
    const plainName = manifest.database.replace(/\.sealed$/, "");
    const sealedDump = join(old, manifest.database);
    await writeFile(
      join(old, plainName),
      unsealFile(key, "backups", await readFile(sealedDump), "database dump"),
    );
    await rm(sealedDump);
    for (const f of await listStore(join(old, "files"))) {
      await writeFile(f.path, unsealFile(key, "files", await readFile(f.path), f.sha256));
    }
    const { sealedUnder: _, ...rest } = manifest;
    await writeFile(join(old, MANIFEST), JSON.stringify({ ...rest, format: 1, database: plainName }));

    const config = await installation();
    const report = await restore(config, log, old);
    expect(report.counts).toEqual(manifest.counts);
    const restored = await listStore(storeRoot(config));
    expect(restored.length).toBe(manifest.files.count);
    const [before, after] = [fileStoreFor(source), fileStoreFor(config)];
    for (const f of restored) {
      expect(isSealed(await readFile(f.path))).toBe(true);
      expect(await after.read(f.sha256)).toEqual(await before.read(f.sha256));
    }
  });
});
