import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cookiesOf, createTestApp, type TestApp } from "../../../test/app.ts";
import {
  idNumber,
  personAccount,
  seedRegionSlice,
  staffMember,
  TEST_PASSWORD,
} from "../../../test/factories.ts";
import { day, someone } from "../mandates/testing.ts";
import { formSession, postForm, sessionCookie } from "./testing.ts";

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ env: { SESSION_CACHE_SECONDS: "0", SIGNIN_PER_IP_PER_MINUTE: "1000" } });
  await seedRegionSlice(t.platform.database.db);
});
afterAll(() => t.close());

async function staffSession(role: "window_clerk" | "administrator" | "supervisor", jurisdiction = "330523") {
  const member = await staffMember(t.platform.database.db, role, jurisdiction);
  const signedIn = await t.app.inject({
    method: "POST",
    url: "/api/v1/session",
    payload: { username: member.username, password: TEST_PASSWORD },
  });
  return { ...member, cookie: `tb_session=${cookiesOf(signedIn).tb_session}` };
}

const lookUp = (payload: Record<string, unknown>, cookie?: string) =>
  t.app.inject({
    method: "POST",
    url: "/api/v1/persons/lookup",
    payload,
    ...(cookie ? { headers: { cookie } } : {}),
  });

const readsOf = (cookie: string) => t.app.inject({ url: "/api/v1/account/data-reads", headers: { cookie } });

describe("a clerk finding a person, and the person seeing it", () => {
  it("answers the profile, records the read with its purpose, and shows it to the person", async () => {
    const person = await personAccount(t.platform, { mobile: "13812345678" });
    const clerk = await staffSession("window_clerk");
    const purpose = "窗口代为填写住房补贴申请";
    const found = await lookUp({ idNumber: person.idNumber, purpose }, clerk.cookie);
    expect(found.statusCode).toBe(200);
    expect(found.json()).toMatchObject({ id: person.id, name: person.name, mobileMasked: "138****5678" });
    expect(found.body).not.toContain(person.idNumber);

    const entry = await t.platform.database.db
      .selectFrom("audit_log")
      .selectAll()
      .where("person_id", "=", person.id)
      .where("action", "=", "personal_data.read")
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ actor_kind: "staff", actor_id: clerk.id, purpose, region_code: "330523" });

    const personCookie = await sessionCookie(t, person.email);
    const reads = await readsOf(personCookie);
    expect(reads.statusCode).toBe(200);
    expect(reads.json().items).toEqual([
      expect.objectContaining({
        action: "personal_data.read",
        purpose,
        reader: expect.objectContaining({ kind: "staff", name: "Test window_clerk" }),
      }),
    ]);

    const page = await t.app.inject({ url: "/account/data-reads", headers: { cookie: personCookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("谁查看了我的信息");
    expect(page.body).toContain(purpose);
    const english = await t.app.inject({
      url: "/account/data-reads",
      headers: { cookie: `${personCookie}; tb_lang=en` },
    });
    expect(english.body).toContain("Who read my data");
    expect(english.body).toContain("Viewed personal data");
  });

  it("names the agent who read the data under a mandate", async () => {
    const principal = await someone(t, { name: "李秀英" });
    const agent = await someone(t, { name: "张代办" });
    const granted = await t.app.inject({
      method: "POST",
      url: "/api/v1/mandates",
      headers: { cookie: principal.cookie },
      payload: { agent: agent.idNumber, agentName: agent.name, validUntil: day(30) },
    });
    expect(granted.statusCode).toBe(201);
    const read = await t.app.inject({
      url: `/api/v1/mandates/${granted.json().id}/principal`,
      headers: { cookie: agent.cookie },
    });
    expect(read.statusCode).toBe(200);
    const reads = await readsOf(principal.cookie);
    expect(reads.json().items).toEqual([
      expect.objectContaining({
        action: "personal_data.read",
        reader: expect.objectContaining({ kind: "person", name: "张代办", onBehalfOf: principal.id }),
      }),
    ]);
    const page = await t.app.inject({ url: "/account/data-reads", headers: { cookie: principal.cookie } });
    expect(page.body).toContain("张代办");
    expect(page.body).toContain("凭您的授权代办");
  });

  it("shows one person nothing of another's reads", async () => {
    const read = await personAccount(t.platform);
    const other = await personAccount(t.platform);
    const clerk = await staffSession("window_clerk");
    expect((await lookUp({ idNumber: read.idNumber, purpose: "核对身份" }, clerk.cookie)).statusCode).toBe(
      200,
    );
    const reads = await readsOf(await sessionCookie(t, other.email));
    expect(reads.json().items).toEqual([]);
    const page = await t.app.inject({
      url: "/account/data-reads",
      headers: { cookie: await sessionCookie(t, other.email) },
    });
    expect(page.body).toContain("还没有人查阅过您的个人信息");
  });

  it("refuses anyone but staff who serve the public", async () => {
    const person = await personAccount(t.platform);
    const body = { idNumber: person.idNumber, purpose: "好奇" };
    expect((await lookUp(body)).statusCode).toBe(401);
    expect((await lookUp(body, await sessionCookie(t, person.email))).statusCode).toBe(403);
    const admin = await staffSession("administrator");
    expect((await lookUp(body, admin.cookie)).statusCode).toBe(403);
    const count = await t.platform.database.db
      .selectFrom("audit_log")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("person_id", "=", person.id)
      .where("action", "=", "personal_data.read")
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it("asks for a valid ID number and a purpose, and records nothing for a number nobody has", async () => {
    const clerk = await staffSession("window_clerk");
    const valid = idNumber();
    const wrongDigit = valid.slice(0, 17) + (valid.endsWith("0") ? "1" : "0");
    const refused = await lookUp({ idNumber: wrongDigit, purpose: "  " }, clerk.cookie);
    expect(refused.statusCode).toBe(400);
    expect(
      refused
        .json()
        .errors.map((f: { field: string }) => f.field)
        .sort(),
    ).toEqual(["/idNumber", "/purpose"]);
    expect((await lookUp({ idNumber: valid }, clerk.cookie)).statusCode).toBe(400);

    const before = await t.platform.database.db
      .selectFrom("audit_log")
      .select("seq")
      .orderBy("seq", "desc")
      .limit(1)
      .executeTakeFirst();
    const missing = await lookUp({ idNumber: valid, purpose: "核对身份" }, clerk.cookie);
    expect(missing.statusCode).toBe(404);
    const after = await t.platform.database.db
      .selectFrom("audit_log")
      .select("seq")
      .orderBy("seq", "desc")
      .limit(1)
      .executeTakeFirst();
    expect(after?.seq).toEqual(before?.seq);
  });

  it("sends a visitor who is not signed in to sign in, and refuses staff the person's list", async () => {
    const page = await t.app.inject("/account/data-reads");
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe("/account/signin?next=%2Faccount%2Fdata-reads");
    expect((await t.app.inject("/api/v1/account/data-reads")).statusCode).toBe(401);
    const clerk = await staffSession("window_clerk");
    expect((await readsOf(clerk.cookie)).statusCode).toBe(403);
  });
});

describe("the look-up page", () => {
  it("finds a person from the clerk's workspace, records the read, and lists every problem of a bad form", async () => {
    const person = await personAccount(t.platform, { name: "陈桂兰", mobile: "13900001111" });
    const clerk = await staffSession("window_clerk");
    const workspace = await t.app.inject({ url: "/me", headers: { cookie: clerk.cookie } });
    expect(workspace.body).toContain('href="/persons/lookup"');
    expect(workspace.body).not.toContain('href="/audit"');

    const session = await formSession(t, "/persons/lookup", clerk.cookie);
    const refused = await postForm(t, "/persons/lookup", { idNumber: "123", purpose: "" }, session);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('href="#idNumber"');
    expect(refused.body).toContain('href="#purpose"');

    const found = await postForm(
      t,
      "/persons/lookup",
      { idNumber: person.idNumber, purpose: "窗口核对身份" },
      session,
    );
    expect(found.statusCode).toBe(200);
    expect(found.body).toContain("陈桂兰");
    expect(found.body).toContain("139****1111");
    expect(found.body).not.toContain(person.idNumber);
    const reads = await readsOf(await sessionCookie(t, person.email));
    expect(reads.json().items[0]).toMatchObject({ purpose: "窗口核对身份" });
  });

  it("sends a visitor to the staff sign-in and refuses an administrator", async () => {
    const visitor = await t.app.inject("/persons/lookup");
    expect(visitor.statusCode).toBe(303);
    expect(visitor.headers.location).toBe("/signin?next=%2Fpersons%2Flookup");
    const admin = await staffSession("administrator");
    const refused = await t.app.inject({
      url: "/persons/lookup",
      headers: { cookie: admin.cookie, accept: "text/html" },
    });
    expect(refused.statusCode).toBe(403);
  });
});
