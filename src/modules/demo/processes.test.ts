import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cookiesOf, type TestApp } from "../../../test/app.ts";
import { creditCode } from "../../../test/factories.ts";
import { call, caseTestApp, TINY_PDF } from "../cases/testing.ts";
import { DEMO_ITEMS } from "../catalog/demo/index.ts";
import { actorForToken } from "../identity/service.ts";
import { type Someone, someone } from "../mandates/testing.ts";
import { seedDemoProcesses } from "./cases.ts";
import { DEMO_PROCESSES, SUPERVISING_LINE } from "./processes.ts";
import { DEMO_COUNTY, DEMO_PASSWORD, DEMO_TOWNSHIP, seedDemo } from "./seed.ts";

/**
 * The five services of the demo, each run end to end through the HTTP API on a demo-seeded database:
 * an applicant applies, and the demo staff accounts sign in and work the tasks their worklists show —
 * each task checked to sit with the department the law gives it, and nowhere else.
 */

let t: TestApp;
let village: string;

beforeAll(async () => {
  t = await caseTestApp();
  await seedDemo(t.platform.database.db);
  const rural = await t.platform.database.db
    .selectFrom("regions")
    .select("code")
    .where("parent_code", "=", DEMO_TOWNSHIP)
    .where("urban_rural", "=", "rural")
    .orderBy("code")
    .executeTakeFirstOrThrow();
  village = rural.code;
}, 120_000);
afterAll(() => t.close());

type Service = keyof typeof DEMO_PROCESSES;
interface Session {
  cookie: string;
}

const sessions = new Map<string, Session>();
async function staff(username: string): Promise<Session> {
  const known = sessions.get(username);
  if (known) return known;
  const response = await t.app.inject({
    method: "POST",
    url: "/api/v1/session",
    payload: { username, password: DEMO_PASSWORD },
  });
  expect(response.statusCode, response.body).toBe(201);
  const session = { cookie: `tb_session=${cookiesOf(response).tb_session}` };
  sessions.set(username, session);
  return session;
}

/** The department of a line in a region, as the public departments API names it. */
async function department(region: string, line: string): Promise<{ id: string; name: string }> {
  const listed = (await call(t, undefined, "GET", `/api/v1/departments?region=${region}`)).json();
  const found = listed.items.find((d: { line: string }) => d.line === line);
  if (!found) throw new Error(`${region} has no department of ${line}`);
  return { id: found.id, name: found.name };
}

const county = (line: string) => department(DEMO_COUNTY, line);
const township = (line: string) => department(DEMO_TOWNSHIP, line);

async function organisation(who: Someone, name: string): Promise<string> {
  const response = await call(t, who, "POST", "/api/v1/organisations", {
    kind: "enterprise",
    name,
    creditCode: creditCode(),
    regionCode: DEMO_COUNTY,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id;
}

/** Applies in one request, a small PDF for every material the item requires; the case's id. */
async function apply(
  who: Someone,
  service: Service,
  region: string,
  answers: object,
  forOrganisation?: string,
): Promise<string> {
  const { itemCode } = DEMO_PROCESSES[service];
  const item = DEMO_ITEMS.find((i) => i.code === itemCode);
  if (!item) throw new Error(`No demo item ${itemCode}`);
  const offering = await t.platform.database.db
    .selectFrom("catalog_offerings as o")
    .innerJoin("catalog_items as i", "i.id", "o.item_id")
    .select("o.id")
    .where("i.code", "=", itemCode)
    .where("o.region_code", "=", region)
    .executeTakeFirstOrThrow();
  const materials = item.content.materials
    .filter((m) => m.required)
    .map((m) => ({ key: m.key, fileName: `${m.key}.pdf`, contentBase64: TINY_PDF.toString("base64") }));
  const response = await call(
    t,
    who,
    "POST",
    "/api/v1/submissions",
    {
      offering: offering.id,
      ...(forOrganisation ? { for: { organisation: forOrganisation } } : {}),
      answers,
      materials,
      delivery: { method: "download" },
    },
    { "idempotency-key": `demo-${randomUUID()}` },
  );
  expect(response.statusCode, response.body).toBe(201);
  return response.json().caseId;
}

interface WorkItem {
  taskId: string;
  taskVersion: number;
  stageKind: string;
  department: { id: string; name: { zh: string } };
  case: { id: string };
}

async function worklist(username: string, caseId: string): Promise<WorkItem[]> {
  const response = await call(t, await staff(username), "GET", "/api/v1/work/tasks?limit=200");
  expect(response.statusCode, response.body).toBe(200);
  return response.json().items.filter((i: WorkItem) => i.case.id === caseId);
}

/**
 * One step: the case's task is on the staff member's worklist — one task, of the department expected —
 * and the action on it succeeds. The case as the staff member then sees it.
 */
async function step(username: string, caseId: string, expected: { id: string; name: string }, body: object) {
  const [item, ...more] = await worklist(username, caseId);
  expect(more).toEqual([]);
  expect(item?.department).toEqual({ id: expected.id, name: expect.objectContaining({ zh: expected.name }) });
  const response = await call(
    t,
    await staff(username),
    "POST",
    `/api/v1/work/tasks/${item?.taskId}/actions`,
    {
      version: item?.taskVersion,
      ...body,
    },
  );
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

const agree = { action: "complete", opinion: "agree" };
const grant = (legalBasis: string) => ({ action: "grant", reason: "符合法定条件", legalBasis });

async function expectIssuedLicence(view: { state: string; outcome: string; licenceId: string | null }) {
  expect(view).toMatchObject({ state: "closed", outcome: "granted" });
  expect(view.licenceId).toEqual(expect.any(String));
  const verified = await call(t, undefined, "GET", `/api/v1/licences/${view.licenceId}/verification`);
  expect(verified.json()).toMatchObject({ genuine: true, status: "valid" });
}

/** Who did what, and for which department, as the case's timeline keeps it. */
async function timeline(caseId: string): Promise<[string, string | null][]> {
  const events = (
    await call(t, await staff("anji.supervisor"), "GET", `/api/v1/cases/${caseId}/timeline`)
  ).json();
  return events.map((e: { action: string; department: { zh: string } | null }) => [
    e.action,
    e.department?.zh ?? null,
  ]);
}

describe("the demo processes", () => {
  it("are each item's newest definition, saved by the province's catalogue manager", async () => {
    for (const { itemCode, definition } of Object.values(DEMO_PROCESSES)) {
      const response = await call(
        t,
        await staff("zj.catalog"),
        "GET",
        `/api/v1/catalog/items/${itemCode}/process-definitions`,
      );
      expect(response.statusCode).toBe(200);
      const [latest, ...older] = response.json();
      expect(older).toEqual([]);
      expect(latest.definition).toEqual(JSON.parse(JSON.stringify(definition)));
    }
    const savers = await t.platform.database.db
      .selectFrom("process_definitions as p")
      .innerJoin("staff as s", "s.id", "p.created_by")
      .select("s.username")
      .distinct()
      .execute();
    expect(savers).toEqual([{ username: "zj.catalog" }]);
  });

  it("add no version when seeded again", async () => {
    const token = (await staff("zj.catalog")).cookie.replace("tb_session=", "");
    const manager = await actorForToken(t.platform.database.db, token);
    if (!manager) throw new Error("zj.catalog is not signed in");
    const versions = () => t.platform.database.db.selectFrom("process_definitions").select("id").execute();
    const before = await versions();
    // Each demo process once, beside any other module's demo definitions (disclosure's request item).
    expect(before.length).toBeGreaterThanOrEqual(Object.keys(DEMO_PROCESSES).length);
    expect(await seedDemoProcesses(t.platform.database.db, manager)).toBe(0);
    expect(await versions()).toHaveLength(before.length);
  });
});

describe("enterprise establishment registration (企业设立登记)", () => {
  it("goes from the centre's window to market regulation, which registers and issues the licence", async () => {
    const founder = await someone(t, { name: "陈志远" });
    const company = await organisation(founder, "安吉竹乡投资有限公司");
    const caseId = await apply(
      founder,
      "enterprise",
      DEMO_COUNTY,
      {
        enterpriseName: "安吉竹韵茶业有限公司",
        enterpriseType: "有限责任公司（自然人投资或控股）",
        domicile: "安吉县递铺街道天荒坪北路 1 号",
        businessScope: "茶叶种植；初级农产品收购；食品销售",
        registeredCapital: 100,
        shareholderCount: 2,
        legalRepresentative: "陈志远",
        premisesCommitment: true,
      },
      company,
    );
    // The township's clerk does not see a county case; the county's does.
    expect(await worklist("dipu.clerk", caseId)).toEqual([]);
    const centre = await county("government_service");
    const market = await county("market_regulation");
    await step("anji.clerk", caseId, centre, { action: "accept" });
    await step("anji.reviewer", caseId, market, agree);
    await step("anji.approver", caseId, market, grant("《中华人民共和国市场主体登记管理条例》第十九条"));
    const issued = await step("anji.reviewer", caseId, market, { action: "issue" });
    await expectIssuedLicence(issued);
    expect(await timeline(caseId)).toEqual([
      ["submit", null],
      ["accept", centre.name],
      ["complete", market.name],
      ["grant", market.name],
      ["issue", market.name],
      ["deliver", centre.name],
      ["close", null],
    ]);
  });
});

/** An education research society: not of a directly registered kind, so it needs its supervising unit. */
const society = (groupName: string) => ({
  groupName,
  category: "学术性",
  scope: "家庭教育与青少年阅读的理论研究、学术交流、咨询服务",
  domicile: "安吉县递铺街道昌硕东路 2 号",
  funds: 5,
  individualMembers: 60,
  institutionalMembers: 0,
  staff: 2,
  direct: false,
  sponsor: "安吉县教育局",
});

describe("social group establishment registration (社会团体成立登记)", () => {
  it("checks the name at civil affairs and asks the supervising unit in parallel, then registers", async () => {
    const founder = await someone(t, { name: "沈文清" });
    const sponsor = await organisation(founder, "安吉县启航教育咨询有限公司");
    const caseId = await apply(founder, "socialGroup", DEMO_COUNTY, society("安吉县家庭教育研究会"), sponsor);
    const civil = await county("civil_affairs");
    const education = await county(SUPERVISING_LINE);
    await step("anji.clerk", caseId, await county("government_service"), { action: "accept" });

    // 并联: the name check and the supervising unit's review are open at once, each in its department.
    expect(await worklist("anji.edu.reviewer", caseId)).toHaveLength(1);
    expect(await worklist("anji.reviewer", caseId)).toEqual([]);
    const waiting = await step("anji.civil.reviewer", caseId, civil, agree);
    expect(waiting.state).toBe("review");
    expect(waiting.tasks.filter((k: { status: string }) => k.status === "open")).toEqual([
      expect.objectContaining({
        key: "sponsor_review",
        department: expect.objectContaining({ id: education.id }),
      }),
    ]);
    // The join: civil affairs has nothing more to do until the supervising unit has answered.
    expect(await worklist("anji.civil.reviewer", caseId)).toEqual([]);
    await step("anji.edu.reviewer", caseId, education, agree);

    await step("anji.civil.reviewer", caseId, civil, agree);
    await step("anji.civil.approver", caseId, civil, grant("《社会团体登记管理条例》第九条、第十条"));
    await expectIssuedLicence(await step("anji.civil.reviewer", caseId, civil, { action: "issue" }));
    const steps = await timeline(caseId);
    expect(steps.filter(([action]) => action === "complete").map(([, d]) => d)).toEqual([
      civil.name,
      education.name,
      civil.name,
    ]);
  });

  it("refuses the supervising unit's task to a reviewer of another department", async () => {
    const founder = await someone(t);
    const caseId = await apply(
      founder,
      "socialGroup",
      DEMO_COUNTY,
      society("安吉县青少年阅读研究会"),
      await organisation(founder, "安吉县书香文化有限公司"),
    );
    await step("anji.clerk", caseId, await county("government_service"), { action: "accept" });
    const [sponsorTask] = await worklist("anji.edu.reviewer", caseId);
    const refused = await call(
      t,
      await staff("anji.civil.reviewer"),
      "POST",
      `/api/v1/work/tasks/${sponsorTask?.taskId}/actions`,
      agree,
    );
    expect(refused.statusCode).toBe(403);
    const view = (await call(t, await staff("anji.edu.reviewer"), "GET", `/api/v1/cases/${caseId}`)).json();
    expect(view.tasks.find((k: { key: string }) => k.key === "sponsor_review").status).toBe("open");
  });
});

describe("enterprise investment project filing (企业投资项目备案)", () => {
  it("is checked and filed by development and reform the same day, and closes without a licence", async () => {
    const investor = await someone(t, { name: "周海波" });
    const caseId = await apply(
      investor,
      "investmentFiling",
      DEMO_COUNTY,
      {
        projectName: "年产 500 吨白茶精深加工项目",
        location: "安吉县溪龙乡",
        nature: "新建",
        content: "新建厂房 8000 平方米，购置白茶加工生产线 2 条",
        totalInvestment: 3000,
        industryClass: "鼓励类",
        plannedStart: "2026-09-01",
        newLand: false,
      },
      await organisation(investor, "安吉白茶产业发展有限公司"),
    );
    const drc = await county("development_reform");
    await step("anji.clerk", caseId, await county("government_service"), { action: "accept" });
    await step("anji.drc.reviewer", caseId, drc, agree);
    const filed = await step(
      "anji.drc.approver",
      caseId,
      drc,
      grant("《企业投资项目核准和备案管理条例》第十三条"),
    );
    expect(filed).toMatchObject({ state: "closed", outcome: "granted", licenceId: null });
  });
});

describe("rural homestead approval (农村村民宅基地审批)", () => {
  it("is reviewed by the township, then by natural resources and agriculture together, and approved by the township", async () => {
    const villager = await someone(t, { name: "潘建华", addressRegionCode: village });
    const caseId = await apply(villager, "homestead", DEMO_TOWNSHIP, {
      buildType: "原址翻建",
      site: "古城村 3 组，东至道路，南至潘某宅，西至山脚，北至村道",
      landArea: 120,
      floorArea: 240,
      storeys: 3,
      householdSize: 4,
      usesFarmland: false,
      oldHomestead: "拆旧建新",
      standardDesign: true,
    });
    const townshipOffice = await township("agriculture_rural_affairs");
    const land = await county("natural_resources");
    const agriculture = await county("agriculture_rural_affairs");
    await step("dipu.clerk", caseId, await county("government_service"), { action: "accept" });

    // The township reviews first: the county bureaus see nothing yet.
    expect(await worklist("anji.agri.reviewer", caseId)).toEqual([]);
    expect(await worklist("anji.land.reviewer", caseId)).toEqual([]);
    await step("dipu.agri.reviewer", caseId, townshipOffice, agree);

    // Then both bureaus at once; agriculture answers first here, and the stage waits for planning.
    const waiting = await step("anji.agri.reviewer", caseId, agriculture, agree);
    expect(waiting.state).toBe("review");
    expect(await worklist("dipu.agri.approver", caseId)).toEqual([]);
    await step("anji.land.reviewer", caseId, land, agree);

    await step("dipu.agri.approver", caseId, townshipOffice, grant("《中华人民共和国土地管理法》第六十二条"));
    const issued = await step("dipu.agri.reviewer", caseId, townshipOffice, { action: "issue" });
    await expectIssuedLicence(issued);
    const licence = (await call(t, villager, "GET", `/api/v1/licences/${issued.licenceId}`)).json();
    expect(licence).toMatchObject({ type: "homestead_approval" });
  });
});

describe("minimum living allowance (最低生活保障审核确认)", () => {
  it("is investigated by the township and confirmed by the county civil affairs bureau", async () => {
    const family = await someone(t, { name: "钱秀英", addressRegionCode: village });
    const caseId = await apply(family, "dibao", DEMO_TOWNSHIP, {
      members: 3,
      monthlyIncome: 1200,
      reasons: ["因病"],
      seriousCondition: true,
      homes: 1,
      hasVehicle: false,
      financialAssets: 5000,
      statement: "丈夫患重病长期住院，家庭收入微薄",
      payee: "社会保障卡金融账户",
    });
    const townshipCivil = await township("civil_affairs");
    const civil = await county("civil_affairs");
    await step("dipu.clerk", caseId, await county("government_service"), { action: "accept" });
    // The county's reviewer has nothing until the township has investigated.
    expect(await worklist("anji.civil.reviewer", caseId)).toEqual([]);
    await step("dipu.civil.reviewer", caseId, townshipCivil, agree);
    expect(await worklist("dipu.civil.reviewer", caseId)).toEqual([]);
    await step("anji.civil.reviewer", caseId, civil, agree);
    const confirmed = await step("anji.civil.approver", caseId, civil, grant("《社会救助暂行办法》第十一条"));
    expect(confirmed).toMatchObject({ state: "closed", outcome: "granted", licenceId: null });
    expect((await timeline(caseId)).map(([, d]) => d)).toEqual([
      null,
      (await county("government_service")).name,
      townshipCivil.name,
      civil.name,
      civil.name,
      (await county("government_service")).name,
      null,
    ]);
  });
});

describe("the demo's own cases", () => {
  it("puts one application on the window's worklist and one on the reviewer's, once", async () => {
    const { seedDemoCases, DEMO_APPLICANT } = await import("./applicant.ts");
    expect(await seedDemoCases(t.platform)).toBe(2);
    expect(await seedDemoCases(t.platform)).toBe(0);
    const clerk = (await call(t, await staff("anji.clerk"), "GET", "/api/v1/work/tasks")).json();
    const reviewer = (await call(t, await staff("anji.reviewer"), "GET", "/api/v1/work/tasks")).json();
    const ofApplicant = (list: { items: { case: { applicantName: string } }[] }) =>
      list.items.filter((i) => i.case.applicantName === DEMO_APPLICANT.name);
    expect(ofApplicant(clerk)).toEqual([expect.objectContaining({ stageKind: "intake" })]);
    expect(ofApplicant(reviewer)).toEqual([expect.objectContaining({ stageKind: "review" })]);
    const signedIn = await t.app.inject({
      method: "POST",
      url: "/api/v1/account-session",
      payload: { identifier: DEMO_APPLICANT.email, password: DEMO_PASSWORD },
    });
    const mine = await call(
      t,
      { cookie: `tb_session=${cookiesOf(signedIn).tb_session}` },
      "GET",
      "/api/v1/cases",
    );
    expect(
      mine
        .json()
        .map((c: { state: string }) => c.state)
        .sort(),
    ).toEqual(["intake", "review"]);
  });
});
