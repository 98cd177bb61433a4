/** For tests of licences: staff of a line signed in, and licences issued straight into the library. */
import { cookiesOf, type TestApp } from "../../../test/app.ts";
import { department, staffMember, TEST_PASSWORD } from "../../../test/factories.ts";
import type { StaffRole } from "../identity/tables.ts";
import { type IssueInput, issueLicence, type Licence } from "./service.ts";

export interface SignedInStaff {
  id: string;
  cookie: string;
  departmentId: string;
}

/** A staff member of a line's department in a county (market regulation unless said), signed in. */
export async function lineStaff(
  t: TestApp,
  role: StaffRole,
  county: string,
  line = "market_regulation",
): Promise<SignedInStaff> {
  const db = t.platform.database.db;
  const member = await staffMember(db, role, county, { line });
  const response = await t.app.inject({
    method: "POST",
    url: "/api/v1/session",
    payload: { username: member.username, password: TEST_PASSWORD },
  });
  if (response.statusCode !== 201) throw new Error(`sign-in: ${response.statusCode} ${response.body}`);
  return {
    id: member.id,
    cookie: `tb_session=${cookiesOf(response).tb_session}`,
    departmentId: await department(db, county, line),
  };
}

/** A food business licence of 安吉县's market regulation bureau, issued now unless said otherwise. */
export async function issueSample(
  t: TestApp,
  holder: IssueInput["holder"],
  overrides: Partial<IssueInput> & { now?: Date } = {},
): Promise<Licence> {
  const { now, ...input } = overrides;
  return issueLicence(
    t.platform.database.db,
    {
      type: "food_business_licence",
      title: { zh: "食品经营许可证", en: "Food business licence" },
      caseId: null,
      regionCode: "330523",
      departmentId: await department(t.platform.database.db, "330523", "market_regulation"),
      holder,
      fields: [
        { label: { zh: "经营场所", en: "Premises" }, value: "安吉县递铺街道天目路 1 号" },
        { label: { zh: "经营项目", en: "Business" }, value: "预包装食品销售" },
      ],
      validUntil: null,
      ...input,
    },
    { personalDataKey: t.platform.config.personalDataKey, ...(now ? { now } : {}) },
  );
}
