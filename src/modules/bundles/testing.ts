/** For tests of bundles: three items of three departments in 安吉县, a bundle of them, staff for each. */
import { cookiesOf, type TestApp } from "../../../test/app.ts";
import { department, seedRegionSlice, staffMember, TEST_PASSWORD } from "../../../test/factories.ts";
import { importPackageCalendar } from "../calendar/service.ts";
import { act, call, type Staff, staffOf, TINY_PDF, taskAt } from "../cases/testing.ts";
import type { ItemContent } from "../catalog/content.ts";
import { publishItems, sampleContent } from "../catalog/testing.ts";
import { type Someone, someone } from "../mandates/testing.ts";
import type { BundleDefinition } from "./definition.ts";

export interface BundleWorld {
  t: TestApp;
  code: string;
  itemCodes: string[];
  lines: string[];
  applicant: Someone;
  clerk: Staff;
  /** Reviewer and approver of each child's department, by line. */
  handlers: Record<string, { reviewer: Staff; approver: Staff }>;
}

const LINES = ["market_regulation", "public_security", "taxation"] as const;

export function childItem(
  line: string,
  name: string,
  fields: Record<string, unknown>,
  required: string[],
): ItemContent {
  return sampleContent({
    name: { zh: name, en: name },
    line,
    form: { schema: { type: "object", properties: fields, required } },
    materials: [
      {
        key: "application",
        name: { zh: "申请书", en: "Application form" },
        form: "original",
        count: 1,
        required: true,
      },
    ],
    commitmentAllowed: false,
  });
}

/** A start-up-like bundle: the company's name asked once, each item's own field mapped from one field. */
export function sampleBundle(itemCodes: string[]): BundleDefinition {
  const [registration, seal, tax] = itemCodes as [string, string, string];
  return {
    name: { zh: "测试开办企业", en: "Test enterprise start-up" },
    summary: { zh: "一表申请三个事项。", en: "One form for three items." },
    event: "starting_business",
    form: {
      schema: {
        type: "object",
        properties: {
          enterpriseName: { type: "string", title: "企业名称", maxLength: 100 },
          area: { type: "number", title: "经营面积（平方米）", minimum: 1 },
          sealCount: { type: "integer", title: "印章数量", minimum: 1, maximum: 10 },
        },
        required: ["enterpriseName", "area", "sealCount"],
      },
    },
    materials: [{ key: "application_form", name: { zh: "申请书", en: "Application form" }, required: true }],
    children: [
      {
        itemCode: registration,
        fields: { enterpriseName: "shopName", area: "area" },
        materials: { application_form: "application" },
      },
      {
        itemCode: seal,
        fields: { enterpriseName: "companyName", sealCount: "sealCount" },
        materials: { application_form: "application" },
      },
      {
        itemCode: tax,
        fields: { enterpriseName: "taxpayerName" },
        materials: { application_form: "application" },
      },
    ],
  };
}

export async function bundleWorld(t: TestApp, code = `startup-${Math.random().toString(36).slice(2, 8)}`) {
  const db = t.platform.database.db;
  await seedRegionSlice(db);
  await importPackageCalendar(db);
  const contents = [
    childItem(
      "market_regulation",
      "企业设立登记（测试）",
      {
        shopName: { type: "string", title: "名称", maxLength: 60 },
        area: { type: "number", title: "面积", minimum: 1 },
      },
      ["shopName", "area"],
    ),
    // The seal office takes shorter names: a long one is refused there, and named by the combined field.
    childItem(
      "public_security",
      "公章刻制备案（测试）",
      {
        companyName: { type: "string", title: "单位名称", maxLength: 20 },
        sealCount: { type: "integer", title: "印章数量", minimum: 1 },
      },
      ["companyName", "sealCount"],
    ),
    childItem(
      "taxation",
      "发票申领（测试）",
      { taxpayerName: { type: "string", title: "纳税人名称", maxLength: 100 } },
      ["taxpayerName"],
    ),
  ];
  const itemCodes = await publishItems(
    db,
    await Promise.all(
      contents.map(async (content, i) => ({
        content,
        offerings: [{ regionCode: "330523", departmentId: await department(db, "330523", LINES[i]) }],
      })),
    ),
  );
  const admin = await staffMember(db, "administrator", "33", { departmentRegion: "330523" });
  const session = await t.app.inject({
    method: "POST",
    url: "/api/v1/session",
    payload: { username: admin.username, password: TEST_PASSWORD },
  });
  const adminCookie = { cookie: `tb_session=${cookiesOf(session).tb_session}` };
  const defined = await call(t, adminCookie, "PUT", `/api/v1/bundles/${code}`, {
    ownerRegionCode: "33",
    definition: sampleBundle(itemCodes),
  });
  if (defined.statusCode !== 201) throw new Error(`define: ${defined.statusCode} ${defined.body}`);
  const handlers: BundleWorld["handlers"] = {};
  for (const line of LINES) {
    handlers[line] = {
      reviewer: await staffOf(t, "reviewer", { line }),
      approver: await staffOf(t, "approver", { line }),
    };
  }
  return {
    t,
    code,
    itemCodes,
    lines: [...LINES],
    applicant: await someone(t, { name: "王小明", addressRegionCode: "330523001201" }),
    clerk: await staffOf(t, "window_clerk"),
    handlers,
    admin: adminCookie,
  } satisfies BundleWorld & { admin: Staff | { cookie: string } };
}

export const GOOD_ANSWERS = { enterpriseName: "安吉小明茶叶有限公司", area: 45, sealCount: 2 };

/** Applies for the world's bundle through the API; the raw answer. */
export function applyBundle(w: BundleWorld, key: string, options: { answers?: object; who?: Someone } = {}) {
  return call(
    w.t,
    options.who ?? w.applicant,
    "POST",
    `/api/v1/bundles/${w.code}/applications`,
    {
      regionCode: "330523",
      answers: options.answers ?? GOOD_ANSWERS,
      materials: [
        { key: "application_form", fileName: "申请书.pdf", contentBase64: TINY_PDF.toString("base64") },
      ],
    },
    { "idempotency-key": key },
  );
}

/**
 * Works a child case to its end as its department's staff would: accepted at the window, reviewed,
 * then granted and issued (closing it) or denied.
 */
export async function handleChild(w: BundleWorld, caseId: string, line: string, decision: "grant" | "deny") {
  const { reviewer, approver } = w.handlers[line] as { reviewer: Staff; approver: Staff };
  const ok = async (response: Awaited<ReturnType<typeof act>>) => {
    if (response.statusCode !== 200) throw new Error(`act: ${response.statusCode} ${response.body}`);
    return response;
  };
  await ok(await act(w.t, w.clerk, (await taskAt(w.t, caseId, "intake")).id, { action: "accept" }));
  await ok(
    await act(w.t, reviewer, (await taskAt(w.t, caseId, "review")).id, {
      action: "complete",
      opinion: "agree",
    }),
  );
  const decisionTask = (await taskAt(w.t, caseId, "decision")).id;
  if (decision === "deny") {
    await ok(
      await act(w.t, approver, decisionTask, {
        action: "deny",
        reason: "经营场所不符合要求",
        legalBasis: "《中华人民共和国食品安全法》第三十五条",
      }),
    );
    return;
  }
  await ok(
    await act(w.t, approver, decisionTask, {
      action: "grant",
      reason: "材料齐全，符合法定条件",
      legalBasis: "《中华人民共和国食品安全法》第三十五条",
    }),
  );
  await ok(await act(w.t, reviewer, (await taskAt(w.t, caseId, "issuance")).id, { action: "issue" }));
}
