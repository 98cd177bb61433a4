import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.ts";
import { department, seedRegionSlice } from "../../../test/factories.ts";
import { checkIdNumber } from "../../platform/personal-data.ts";
import { apiClient, type TestClient } from "../clients/testing.ts";
import { govstackCommand } from "./cli.ts";
import { standInIdNumber } from "./stand-in.ts";
import { GOVSTACK_PROBE, mountGovstackProbes, uniqueMediatorClient } from "./testing.ts";

let t: TestApp;
let police: string;
let client: TestClient;
/** How many times a command opened the database. */
let opened = 0;

beforeAll(async () => {
  t = await createTestApp({
    env: { SESSION_CACHE_SECONDS: "0", GOVSTACK_MEDIATOR_NETWORKS: "127.0.0.1/32" },
    extend: mountGovstackProbes,
  });
  await seedRegionSlice(t.platform.database.db);
  police = await department(t.platform.database.db, "330523", "public_security");
  client = await apiClient(t.platform.database.db, police, ["application.submit"], "安吉县公安局门户");
});
afterAll(() => t.close());

/** Runs `tongban govstack …` on the test's database, which it does not close. */
async function govstack(...args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await govstackCommand(
    {
      open: async () => {
        opened += 1;
        return { db: t.platform.database.db, close: async () => {} };
      },
      config: t.platform.config,
    },
    args,
    { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } },
  );
  return { code, stdout, stderr };
}

const probe = (headers: Record<string, string>) =>
  t.app.inject({ method: "GET", url: GOVSTACK_PROBE.client, headers });

describe("tongban govstack identities", () => {
  it("binds a header value to a client for its token, lists it, and removes it", async () => {
    const header = uniqueMediatorClient("portal");
    const added = await govstack("identities", "add", "--client", client.id, "--header", header);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toMatch(
      new RegExp(`^GovStack identity added: ${header} → 安吉县公安局门户 \\(.*公安局, 330523\\)\\n`),
    );
    expect(added.stdout).toContain("with the client's token (Authorization: Bearer …) only");
    expect(added.stdout).toContain("people with a Tongban account, by resident ID number");

    const withToken = await probe({ ...client.headers, "information-mediator-client": header });
    expect(withToken.json()).toMatchObject({ kind: "client", id: client.id, identity: header });
    // Not via the mediator: the header alone, even from the mediator's network, names no one.
    expect((await probe({ "information-mediator-client": header })).statusCode).toBe(401);

    const listed = await govstack("identities", "list");
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`${header}  ${client.id}  安吉县公安局门户 .*\\[token only\\]`));

    const audit = await sql<{ action: string; actor_kind: string }>`
      select action, actor_kind from audit_log where action like 'govstack.%' and details->>'mediatorClient' = ${header}
      order by seq`.execute(t.platform.database.db);
    expect(audit.rows).toEqual([{ action: "govstack.identity_add", actor_kind: "system" }]);

    const removed = await govstack("identities", "remove", header);
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stdout).toMatch(/^GovStack identity removed: /);
    expect((await probe({ ...client.headers, "information-mediator-client": header })).statusCode).toBe(403);
    expect((await govstack("identities", "list")).stdout).not.toContain(header);
  });

  it("binds a via-mediator default identity with a stand-in applicant", async () => {
    const header = uniqueMediatorClient("eregistrations-dev");
    const added = await govstack(
      "identities",
      "add",
      "--client",
      client.id,
      "--header",
      header,
      "--via-mediator",
      "--default",
      "--stand-in-applicants",
    );
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain("or without one from GOVSTACK_MEDIATOR_NETWORKS");
    expect(added.stdout).toContain("default:    requests from the mediator's network without the header");
    expect(added.stdout).toMatch(/the stand-in person 3305\*+\d{3}[\dX].*never in production/);

    // From the mediator's network (inject's 127.0.0.1), with the header and without.
    expect((await probe({ "information-mediator-client": header })).json()).toMatchObject({ id: client.id });
    expect((await probe({})).json()).toMatchObject({ id: client.id, identity: header });

    const person = await sql<{ name: string; id_number_masked: string }>`
      select p.name, p.id_number_masked from govstack_identities i join persons p on p.id = i.stand_in_person_id
       where i.mediator_client = ${header}`.execute(t.platform.database.db);
    expect(person.rows).toEqual([
      { name: "GovStack 测试申请人", id_number_masked: expect.stringMatching(/^3305/) },
    ]);

    // A second default is refused, naming the one there is.
    const again = await govstack(
      "identities",
      "add",
      "--client",
      client.id,
      "--header",
      uniqueMediatorClient(),
      "--via-mediator",
      "--default",
    );
    expect(again.code).toBe(2);
    expect(again.stderr).toBe(
      `tongban: --default: is ${header} already: remove that identity first, or add this one without it\n`,
    );
    expect((await govstack("identities", "list")).stdout).toMatch(
      new RegExp(`${header} .*\\[via mediator, default, stand-in applicants\\]`),
    );
    await govstack("identities", "remove", header);
  });

  it("refuses a malformed header, an unknown client, a taken header and a default without the mediator, with exit 2", async () => {
    const bad = await govstack(
      "identities",
      "add",
      "--client",
      client.id,
      "--header",
      "eGovStack/GOV/90000009/",
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^tongban: --header: must be four parts, INSTANCE\/CLASS\/MEMBER\/SUBSYSTEM/);

    const unknown = await govstack(
      "identities",
      "add",
      "--client",
      "7d1d0c53-5b0e-4a8c-9a36-3a3e1c0f4b2a",
      "--header",
      uniqueMediatorClient(),
    );
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe("tongban: --client: is not an API client's id: see tongban clients list\n");

    const header = uniqueMediatorClient();
    expect((await govstack("identities", "add", "--client", client.id, "--header", header)).code).toBe(0);
    const taken = await govstack("identities", "add", "--client", client.id, "--header", header);
    expect(taken.code).toBe(2);
    expect(taken.stderr).toMatch(/^tongban: --header: is registered already, to the client /);

    const noMediator = await govstack(
      "identities",
      "add",
      "--client",
      client.id,
      "--header",
      uniqueMediatorClient(),
      "--default",
    );
    expect(noMediator.code).toBe(2);
    expect(noMediator.stderr).toBe(
      "tongban: --default: needs the identity to come through the mediator too: add --via-mediator\n",
    );

    // Nothing given: every flag named at once.
    const bare = await govstack("identities", "add");
    expect(bare.code).toBe(2);
    expect(bare.stderr.split("\n").filter(Boolean)).toEqual([
      expect.stringMatching(/^tongban: --header: must be four parts/),
      expect.stringMatching(/^tongban: --client: is not an API client's id/),
    ]);
  });

  it("names an unknown header value on remove with exit 2", async () => {
    const result = await govstack("identities", "remove", "eGovStack/GOV/00000000/nobody");
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "tongban: No GovStack identity has this header value: `tongban govstack identities list` shows them.\n",
    );
  });

  it("refuses a wrong command or arguments with exit 2 and the usage, before opening the database", async () => {
    const before = opened;
    for (const args of [
      [],
      ["frobnicate"],
      ["identities"],
      ["identities", "frobnicate"],
      ["identities", "remove"],
      ["identities", "remove", "a", "b"],
      ["identities", "list", "--all"],
      ["identities", "add", "--colour", "red"],
      ["identities", "add", "extra"],
    ]) {
      const result = await govstack(...args);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stderr).toMatch(/^tongban: .+\nUsage: tongban govstack <command>/);
    }
    for (const help of [["help"], ["identities", "help"]]) {
      const result = await govstack(...help);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain("identities add --client <id>");
    }
    expect(opened).toBe(before);
  });
});

describe("the stand-in's ID number", () => {
  it("is valid, born 1900-01-01, in the client's region", () => {
    for (const region of ["330523", "33", "330523001211"]) {
      for (const sequence of [0, 7, 999]) {
        const number = standInIdNumber(region, sequence);
        expect(checkIdNumber(number, new Date("2026-01-01"))).toEqual({ ok: true, value: number });
        expect(number.slice(6, 14)).toBe("19000101");
        expect(number.slice(0, 6)).toBe(region.slice(0, 6).padEnd(6, "0"));
      }
    }
  });
});

describe("the tongban command", () => {
  it("runs govstack, exiting 2 on a usage error", async () => {
    const bin = join(import.meta.dirname, "..", "..", "..", "bin", "tongban.js");
    const env = {
      PATH: process.env.PATH ?? "",
      LOG_LEVEL: "warn",
      DATA_DIR: mkdtempSync(join(tmpdir(), "tongban-govstack-")),
      ...(t.testDb.url ? { DATABASE_URL: t.testDb.url } : {}),
    };
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      // A mistake told from the arguments alone: the database (embedded, new) is never opened.
      const child = spawn(process.execPath, [bin, "govstack", "identities", "list", "everything"], { env });
      let stderr = "";
      child.stderr.on("data", (d) => {
        stderr += d;
      });
      child.on("exit", (code) => resolve({ code, stderr }));
    });
    expect(result.stderr).toMatch(
      /^tongban: govstack identities list takes nothing more\.\nUsage: tongban govstack/,
    );
    expect(result.code).toBe(2);
  });
});
