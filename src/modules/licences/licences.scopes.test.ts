import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.ts";
import { creditCode, seedRegionSlice } from "../../../test/factories.ts";
import { as, type Someone, someone } from "../mandates/testing.ts";
import { issueSample, lineStaff, type SignedInStaff } from "./testing.ts";

let t: TestApp;
let holder: Someone;
let stranger: Someone;
let agent: Someone;
let staff: Record<
  | "countyClerk"
  | "departmentApprover"
  | "otherCountyApprover"
  | "otherLineApprover"
  | "provinceSupervisor"
  | "provinceApprover"
  | "countyAdministrator",
  SignedInStaff
>;
let licenceId: string;
let organisationLicenceId: string;

beforeAll(async () => {
  t = await createTestApp({ env: { SIGNIN_PER_IP_PER_MINUTE: "1000", SESSION_CACHE_SECONDS: "0" } });
  await seedRegionSlice(t.platform.database.db);
  holder = await someone(t, { name: "赵一" });
  stranger = await someone(t, { name: "钱二" });
  agent = await someone(t, { name: "孙三" });
  staff = {
    countyClerk: await lineStaff(t, "window_clerk", "330523"),
    departmentApprover: await lineStaff(t, "approver", "330523"),
    otherCountyApprover: await lineStaff(t, "approver", "330522"),
    otherLineApprover: await lineStaff(t, "approver", "330523", "public_security"),
    provinceSupervisor: await lineStaff(t, "supervisor", "33"),
    provinceApprover: await lineStaff(t, "approver", "33"),
    countyAdministrator: await lineStaff(t, "administrator", "330523"),
  };
  licenceId = (
    await issueSample(t, { kind: "person", id: holder.id, name: holder.name, identifierMasked: null })
  ).id;
  const organisation = (
    await as(t, holder, "POST", "/api/v1/organisations", {
      kind: "enterprise",
      name: "安吉赵氏竹制品有限公司",
      creditCode: creditCode(),
      regionCode: "330523",
    })
  ).json();
  await as(t, holder, "POST", `/api/v1/organisations/${organisation.id}/agents`, { agent: agent.email });
  organisationLicenceId = (
    await issueSample(t, {
      kind: "organisation",
      id: organisation.id,
      name: organisation.name,
      identifierMasked: null,
    })
  ).id;
});
afterAll(() => t.close());

type Caller = keyof typeof staff | "holder" | "stranger" | "agent";
const who = (caller: Caller) =>
  caller === "holder"
    ? holder
    : caller === "stranger"
      ? stranger
      : caller === "agent"
        ? agent
        : staff[caller];

async function statuses(
  request: (caller: Caller) => Promise<{ statusCode: number }>,
  callers: Caller[],
): Promise<Record<string, number>> {
  const answers: Record<string, number> = {};
  for (const caller of callers) answers[caller] = (await request(caller)).statusCode;
  return answers;
}

describe("who may do what with e-licences", () => {
  it("asks anonymous callers to sign in, except to check a licence or read the keys", async () => {
    for (const [method, url] of [
      ["GET", "/api/v1/licences"],
      ["GET", `/api/v1/licences/${licenceId}`],
      ["GET", `/api/v1/licences/${licenceId}/certificate.pdf`],
      ["POST", `/api/v1/licences/${licenceId}/revocation`],
    ] as const) {
      const response = await as(t, undefined, method, url, method === "POST" ? { reason: "试" } : undefined);
      expect([url, response.statusCode]).toEqual([url, 401]);
    }
    expect((await t.app.inject(`/api/v1/licences/${licenceId}/verification`)).statusCode).toBe(200);
    const department = staff.departmentApprover.departmentId;
    expect((await t.app.inject(`/api/v1/departments/${department}/signing-keys`)).statusCode).toBe(200);
  });

  it("lists licences for people only: staff are told no", async () => {
    expect((await as(t, holder, "GET", "/api/v1/licences")).statusCode).toBe(200);
    expect((await as(t, staff.provinceSupervisor, "GET", "/api/v1/licences")).statusCode).toBe(403);
  });

  it("shows a person's licence to them and to staff who handle cases in its region, and to no one else", async () => {
    const answers = await statuses(
      (caller) => as(t, who(caller), "GET", `/api/v1/licences/${licenceId}`),
      ["holder", "stranger", "agent", ...(Object.keys(staff) as Caller[])],
    );
    expect(answers).toEqual({
      holder: 200,
      stranger: 404,
      agent: 404,
      countyClerk: 200,
      departmentApprover: 200,
      otherCountyApprover: 404,
      otherLineApprover: 200,
      provinceSupervisor: 200,
      provinceApprover: 200,
      countyAdministrator: 404,
    });
    const certificate = await statuses(
      (caller) => as(t, who(caller), "GET", `/api/v1/licences/${licenceId}/certificate.pdf`),
      ["holder", "stranger", "countyClerk", "otherCountyApprover"],
    );
    expect(certificate).toEqual({ holder: 200, stranger: 404, countyClerk: 200, otherCountyApprover: 404 });
  });

  it("shows an organisation's licence to its legal representative and its agents", async () => {
    const answers = await statuses(
      (caller) => as(t, who(caller), "GET", `/api/v1/licences/${organisationLicenceId}`),
      ["holder", "agent", "stranger"],
    );
    expect(answers).toEqual({ holder: 200, agent: 200, stranger: 404 });
    const listed = (await as(t, agent, "GET", "/api/v1/licences"))
      .json()
      .items.map((l: { id: string }) => l.id);
    expect(listed).toEqual([organisationLicenceId]);
  });

  it("lets only approvers of the issuing department revoke: those who can see it are refused, others find nothing", async () => {
    const callers: Caller[] = [
      "holder",
      "stranger",
      "countyClerk",
      "otherCountyApprover",
      "otherLineApprover",
      "provinceSupervisor",
      "provinceApprover",
      "countyAdministrator",
      "departmentApprover",
    ];
    const answers = await statuses(
      (caller) => as(t, who(caller), "POST", `/api/v1/licences/${licenceId}/revocation`, { reason: "试" }),
      callers,
    );
    expect(answers).toEqual({
      holder: 403,
      stranger: 404,
      countyClerk: 403,
      otherCountyApprover: 404,
      otherLineApprover: 403,
      provinceSupervisor: 403,
      provinceApprover: 403,
      countyAdministrator: 404,
      departmentApprover: 200,
    });
  });

  it("puts a staff member's read of a person's licence on the person's 'who read my data' page", async () => {
    await as(t, staff.countyClerk, "GET", `/api/v1/licences/${organisationLicenceId}`);
    const before = (await as(t, holder, "GET", "/api/v1/account/data-reads")).json().items.length;
    await as(t, staff.countyClerk, "GET", `/api/v1/licences/${licenceId}`);
    const reads = (await as(t, holder, "GET", "/api/v1/account/data-reads")).json().items;
    expect(reads).toHaveLength(before + 1);
    expect(reads[0]).toMatchObject({
      action: "personal_data.read",
      purpose: `reading e-licence ${licenceId}`,
    });
  });
});
