import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../../../test/app.ts";
import { personAccount } from "../../../test/factories.ts";
import {
  blindIndex,
  cryptoSuite,
  decrypt,
  encrypt,
  keyId,
  setCryptoSuite,
  setRetiredKeys,
} from "../../platform/crypto.ts";
import { allProvinces } from "../../platform/db/distribution.ts";
import { fileStoreFor, listStore, pathIn, storeRoot } from "../../platform/files/store.ts";
import { legacyBlindIndex, legacyEncrypt } from "../../platform/keyring-testing.ts";
import { forgetProcessCaches } from "../../platform/process-cache.ts";
import { findPersonByIdentifier, ID_NUMBER_INDEX } from "../applicants/service.ts";
import { lookupProgress } from "../cases/service.ts";
import { applyOnline, caseTestApp, caseWorld } from "../cases/testing.ts";
import { issuePass, personOfPass } from "../halls/intake-pass.ts";
import { prepareChallenge } from "../identity/second-factor.ts";
import { issueSample } from "../licences/testing.ts";
import { aComplaint, fileVia, seedCategoriesAndRoutes } from "../requests/testing.ts";
import { currentSigningKey } from "../webhooks/signing.ts";
import { keysCommand } from "./cli.ts";
import { ENCRYPTED_COLUMNS, KEPT_COLUMNS } from "./registry.ts";
import { rotateKeys } from "./rotate.ts";

const runSuite = cryptoSuite();

/** What the operator does: a new PERSONAL_DATA_KEY, the old one (or none) in PERSONAL_DATA_KEYS_RETIRED. */
function configure(t: TestApp, current: Buffer, retired: Buffer[]): void {
  Object.assign(t.platform.config, { personalDataKey: current, personalDataKeysRetired: retired });
  setRetiredKeys(current, retired);
}

async function runKeys(t: TestApp, command: string): Promise<{ code: number; text: string }> {
  let text = "";
  const write = (s: string) => {
    text += s;
  };
  const code = await keysCommand(t.platform.database, t.platform.config, [command], {
    stdout: { write },
    stderr: { write: () => {} },
  });
  return { code, text };
}

/** Every non-null value of every registered encrypted column. */
async function encryptedValues(t: TestApp): Promise<{ name: string; value: string }[]> {
  const found: { name: string; value: string }[] = [];
  for (const c of ENCRYPTED_COLUMNS) {
    const { rows } = await sql<{ value: string }>`
      ${allProvinces("a test reads every value")}
      select ${sql.ref(c.column)} as value from ${sql.table(c.table)} where ${sql.ref(c.column)} is not null`.execute(
      t.platform.database.db,
    );
    for (const row of rows) found.push({ name: `${c.table}.${c.column}`, value: row.value });
  }
  return found;
}

/** The key id each stored file's header names, or "plain" for a file stored before sealing. */
async function sealedUnder(t: TestApp): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const file of await listStore(storeRoot(t.platform.config))) {
    const head = readFileSync(file.path).subarray(0, 18);
    found.set(
      file.sha256,
      head.subarray(1, 7).toString() === "TBSEAL" ? head.subarray(10).toString() : "plain",
    );
  }
  return found;
}

describe.each(["international", "national"] as const)("tongban keys rotate under the %s suite", (suite) => {
  const scheme = suite === "national" ? "s" : "v";
  const plainScan = Buffer.from(`%PDF-1.7 a scan stored in clear before files were sealed (${suite})`);
  const plainId = createHash("sha256").update(plainScan).digest("hex");
  let t: TestApp;
  let oldKey: Buffer;
  const newKey = randomBytes(32);
  let person: { id: string; idNumber: string };
  let legacy: { id: string; idNumber: string };
  let shortToken: string;
  let caseNumber: string;
  let approver: { id: string; username: string; totp_secret: string | null; totp_enrolled_at: Date | null };
  let totpSecret: string;
  let requestId: string;
  let applicantIdNumber: string;

  beforeAll(async () => {
    setCryptoSuite(suite);
    // Each suite has a database of its own: nothing the other's put in a process-wide cache may answer.
    forgetProcessCaches();
    t = await caseTestApp({ CRYPTO_SUITE: suite });
    const w = await caseWorld(t);
    const db = t.platform.database.db;
    oldKey = t.platform.config.personalDataKey;

    person = await personAccount(t.platform);
    // An account made before key ids and subkeys: a `v1.`/`s1.` ID number, its digest under the raw key.
    legacy = await personAccount(t.platform);
    await db
      .updateTable("persons")
      .set({
        id_number_enc: legacyEncrypt(oldKey, legacy.idNumber, `${scheme}1` as "v1" | "s1"),
        id_number_index: legacyBlindIndex(oldKey, ID_NUMBER_INDEX, legacy.idNumber),
      })
      .where("id", "=", legacy.id)
      .execute();

    await seedCategoriesAndRoutes(t);
    const filed = await fileVia(t, undefined, aComplaint);
    expect(filed.statusCode, filed.body).toBe(201);
    requestId = (
      await db
        .selectFrom("public_requests")
        .select("id")
        .where("number", "=", filed.json().number)
        .executeTakeFirstOrThrow()
    ).id;

    approver = await db
      .selectFrom("staff")
      .select(["id", "username", "totp_secret", "totp_enrolled_at"])
      .where("id", "=", w.approver.id)
      .executeTakeFirstOrThrow();
    const challenge = await prepareChallenge(db, t.platform.config, approver);
    if (challenge.mfa !== "enrol") throw new Error("expected an enrolment");
    totpSecret = challenge.secret;

    await issueSample(t, {
      kind: "person",
      id: person.id,
      name: "王芳",
      identifierMasked: "3305**********1234",
    });
    await currentSigningKey(db, oldKey);

    // A material stored before files were sealed, in clear.
    const plainPath = pathIn(storeRoot(t.platform.config), plainId);
    mkdirSync(join(plainPath, ".."), { recursive: true });
    writeFileSync(plainPath, plainScan);

    const opened = await applyOnline(w);
    caseNumber = opened.number;
    applicantIdNumber = w.applicant.idNumber;
    shortToken = (
      await db
        .selectFrom("cases")
        .select("short_token")
        .where("id", "=", opened.caseId)
        .executeTakeFirstOrThrow()
    ).short_token as string;
  });
  afterAll(async () => {
    await t.close();
    setCryptoSuite(runSuite);
  });

  it("names every column holding encrypted values in the registry, and only columns that exist", async () => {
    const db = t.platform.database.db;
    const { rows: textColumns } = await sql<{ table_name: string; column_name: string }>`
      select c.table_name, c.column_name from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
        and c.data_type in ('text', 'character varying')
        -- A partition (the partitioned test run's province tables) is its parent's rows, named once.
        and c.table_name not in (select relname from pg_class where relispartition)`.execute(db);
    const holding: string[] = [];
    for (const { table_name: table, column_name: column } of textColumns) {
      const { rows } = await sql<{ found: boolean }>`
        ${allProvinces("a test scans every table")}
        select exists (select 1 from ${sql.table(table)} where ${sql.ref(column)} ~ '^[vs][12][.]') as found`.execute(
        db,
      );
      if (rows[0]?.found) holding.push(`${table}.${column}`);
    }
    const registered = ENCRYPTED_COLUMNS.map((c) => `${c.table}.${c.column}`);
    // The seed reached the columns this test is about; a new one must be added to registry.ts.
    expect(holding).toEqual(expect.arrayContaining(["persons.id_number_enc", "staff.totp_secret"]));
    expect(holding.filter((name) => !registered.includes(name))).toEqual([]);

    const { rows: all } = await sql<{ name: string }>`
      select table_name || '.' || column_name as name from information_schema.columns
      where table_schema = current_schema()`.execute(db);
    const existing = new Set(all.map((r) => r.name));
    const named = [
      ...registered,
      ...ENCRYPTED_COLUMNS.flatMap((c) => (c.digests ?? []).map((d) => `${c.table}.${d.column}`)),
      ...KEPT_COLUMNS.map((c) => `${c.table}.${c.column}`),
    ];
    expect(named.filter((name) => !existing.has(name))).toEqual([]);
  });

  it("reads what the old key made once it is retired, and check counts what still needs it", async () => {
    configure(t, newKey, [oldKey]);
    const db = t.platform.database.db;
    expect((await findPersonByIdentifier(db, newKey, person.idNumber))?.id).toBe(person.id);
    expect((await findPersonByIdentifier(db, newKey, legacy.idNumber))?.id).toBe(legacy.id);
    for (const { value } of await encryptedValues(t)) expect(() => decrypt(newKey, value)).not.toThrow();

    const check = await runKeys(t, "check");
    expect(check.code).toBe(1);
    expect(check.text).toContain(
      `PERSONAL_DATA_KEY is key ${keyId(newKey)}; PERSONAL_DATA_KEYS_RETIRED holds ${keyId(oldKey)}`,
    );
    expect(check.text).toMatch(
      /persons\.id_number_enc: (\d+) values, \1 not yet under the current key, \1 needing a retired key/,
    );
    expect(check.text).toMatch(/persons\.id_number_index: \d+ values, \d+ not yet under the current key/);
    expect(check.text).toMatch(/public_requests\.contact_phone_enc: 1 values, 1 not yet/);
    // Every file needs the old key but the one stored in clear, which needs none.
    const files = await sealedUnder(t);
    expect([...files.values()].filter((k) => k === keyId(oldKey)).length).toBe(files.size - 1);
    expect(check.text).toContain(
      `file store (DATA_DIR/files): ${files.size} files, ${files.size} not yet sealed under the current key ` +
        `(1 in clear), ${files.size - 1} needing a retired key`,
    );
    expect(files.size).toBeGreaterThan(1);
    // Checking writes nothing.
    expect((await runKeys(t, "check")).text).toBe(check.text);
  });

  it("makes every value and digest again under the current key; a second run changes nothing", async () => {
    const db = t.platform.database.db;
    const rotated = await runKeys(t, "rotate");
    expect(rotated.code).toBe(0);
    for (const name of [
      "persons.id_number_enc",
      "staff.totp_secret",
      "department_signing_keys.private_key_enc",
      "webhook_signing_keys.private_key_enc",
      "public_requests.contact_name_enc",
      "public_requests.contact_phone_enc",
    ]) {
      expect(rotated.text).toMatch(
        new RegExp(`^${name.replace(".", "\\.")}: (\\d+) values, \\1 made again`, "m"),
      );
    }
    for (const { name, value } of await encryptedValues(t)) {
      expect(value.startsWith(`${scheme}2.${keyId(newKey)}.`), name).toBe(true);
    }
    const files = await sealedUnder(t);
    expect(rotated.text).toContain(
      `file store (DATA_DIR/files): ${files.size} files, ${files.size} sealed again under the current key ` +
        `(1 stored in clear before, ${files.size - 1} opened with a retired key)`,
    );
    expect(new Set(files.values())).toEqual(new Set([keyId(newKey)]));
    expect(readFileSync(pathIn(storeRoot(t.platform.config), plainId)).includes(plainScan)).toBe(false);
    const store = fileStoreFor(t.platform.config);
    expect((await store.read(plainId)).equals(plainScan)).toBe(true);
    const persons = await db
      .selectFrom("persons")
      .select(["id", "id_number_index"])
      .where("id", "in", [person.id, legacy.id])
      .execute();
    for (const row of persons) {
      const idNumber = row.id === person.id ? person.idNumber : legacy.idNumber;
      expect(row.id_number_index).toBe(blindIndex(newKey, ID_NUMBER_INDEX, idNumber));
    }

    const again = await rotateKeys(db, newKey);
    expect(again.columns.filter((c) => c.remade > 0)).toEqual([]);
    expect(again.unreadable).toEqual([]);
    const check = await runKeys(t, "check");
    expect(check.code).toBe(0);
    expect(check.text).toContain("Everything is under the current key");
    expect(check.text).toContain(`${files.size} files, 0 not yet sealed under the current key (0 in clear)`);
    const sealedBefore = (await listStore(storeRoot(t.platform.config))).map((f) => readFileSync(f.path));
    expect((await runKeys(t, "rotate")).text).toContain(`${files.size} files, 0 sealed again`);
    const sealedAfter = (await listStore(storeRoot(t.platform.config))).map((f) => readFileSync(f.path));
    expect(sealedAfter).toEqual(sealedBefore);
  });

  it("keeps what was given out under the old key working while it is retired: a pass, a case look-up", async () => {
    const db = t.platform.database.db;
    const pass = issuePass(oldKey, approver.id, person.id);
    expect(personOfPass(newKey, approver.id, pass)).toBe(person.id);
    expect(personOfPass(newKey, approver.id, issuePass(newKey, approver.id, person.id))).toBe(person.id);
    // A case keeps the look-up digests it was opened with: its tails are not stored to make them again.
    const found = await lookupProgress(db, newKey, caseNumber, applicantIdNumber.slice(-6));
    expect(found.view.number).toBe(caseNumber);
    await expect(lookupProgress(db, newKey, caseNumber, "000000")).rejects.toThrow();
    setRetiredKeys(newKey, []);
    expect(() => personOfPass(newKey, approver.id, pass)).toThrow();
    await expect(lookupProgress(db, newKey, caseNumber, applicantIdNumber.slice(-6))).rejects.toThrow();
    setRetiredKeys(newKey, [oldKey]);
  });

  it("reads everything once the old key is removed: look-ups by ID number, contacts, TOTP, signing, a short link", async () => {
    configure(t, newKey, []);
    const db = t.platform.database.db;
    expect((await findPersonByIdentifier(db, newKey, person.idNumber))?.id).toBe(person.id);
    expect((await findPersonByIdentifier(db, newKey, legacy.idNumber))?.id).toBe(legacy.id);
    const request = await db
      .selectFrom("public_requests")
      .select(["contact_name_enc", "contact_phone_enc"])
      .where("id", "=", requestId)
      .executeTakeFirstOrThrow();
    expect(decrypt(newKey, request.contact_phone_enc as string)).toBe(aComplaint.contact.phone);
    expect(decrypt(newKey, request.contact_name_enc as string)).toBe(aComplaint.contact.name);
    const offered = await db
      .selectFrom("staff")
      .select(["id", "username", "totp_secret", "totp_enrolled_at"])
      .where("id", "=", approver.id)
      .executeTakeFirstOrThrow();
    expect(await prepareChallenge(db, t.platform.config, offered)).toMatchObject({ secret: totpSecret });
    // The department's signing key, re-encrypted, still signs.
    await issueSample(t, {
      kind: "person",
      id: person.id,
      name: "王芳",
      identifierMasked: "3305**********1234",
    });
    await currentSigningKey(db, newKey);

    const page = await t.app.inject({ method: "GET", url: `/c/${shortToken}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(caseNumber);

    // Every stored file opens under the new key alone, and is what its name says.
    const store = fileStoreFor(t.platform.config);
    for (const file of await listStore(storeRoot(t.platform.config))) {
      const content = await store.read(file.sha256);
      expect(createHash("sha256").update(content).digest("hex")).toBe(file.sha256);
    }
  });

  it("reports a value no key opens, by table, column and row, and leaves it as it is", async () => {
    const db = t.platform.database.db;
    const stranger = encrypt(randomBytes(32), person.idNumber);
    await db.updateTable("persons").set({ id_number_enc: stranger }).where("id", "=", person.id).execute();
    const report = await rotateKeys(db, newKey);
    expect(report.unreadable).toEqual([
      expect.objectContaining({ table: "persons", column: "id_number_enc", id: person.id }),
    ]);
    const row = await db
      .selectFrom("persons")
      .select("id_number_enc")
      .where("id", "=", person.id)
      .executeTakeFirstOrThrow();
    expect(row.id_number_enc).toBe(stranger);
    // A file sealed under a key the ring does not hold.
    const strangerScan = Buffer.from("%PDF-1.7 sealed under a key nobody kept");
    const strangerId = createHash("sha256").update(strangerScan).digest("hex");
    const stranger2 = randomBytes(32);
    await fileStoreFor({ dataDir: t.platform.config.dataDir, personalDataKey: stranger2 }).put(strangerScan);
    const strangerFile = readFileSync(pathIn(storeRoot(t.platform.config), strangerId));
    const rotated = await runKeys(t, "rotate");
    expect(rotated.code).toBe(1);
    expect(rotated.text).toContain(`persons.id_number_enc of row ${person.id} cannot be decrypted`);
    expect(rotated.text).toContain(
      `stored file ${strangerId} cannot be opened: the file was sealed under key ${keyId(stranger2)}`,
    );
    expect(readFileSync(pathIn(storeRoot(t.platform.config), strangerId))).toEqual(strangerFile);
    rmSync(pathIn(storeRoot(t.platform.config), strangerId));
    // Put back, so the row does not outlive the test unreadable.
    await db
      .updateTable("persons")
      .set({ id_number_enc: encrypt(newKey, person.idNumber) })
      .where("id", "=", person.id)
      .execute();
  });
});
