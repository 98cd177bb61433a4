import { cookiesOf, type TestApp } from "../../../test/app.ts";
import { staffMember, TEST_PASSWORD } from "../../../test/factories.ts";
import type { StaffRole } from "../identity/tables.ts";

/** A staff member of that role and jurisdiction, signed in: their id and session cookie. */
export async function signedInStaff(
  t: TestApp,
  role: StaffRole,
  jurisdiction: string,
): Promise<{ id: string; cookie: string }> {
  const member = await staffMember(t.platform.database.db, role, jurisdiction);
  const response = await t.app.inject({
    method: "POST",
    url: "/api/v1/session",
    payload: { username: member.username, password: TEST_PASSWORD },
  });
  if (response.statusCode !== 201) throw new Error(`sign-in: ${response.statusCode} ${response.body}`);
  return { id: member.id, cookie: `tb_session=${cookiesOf(response).tb_session}` };
}

/** 2031 as an administrator might enter it before any package has it (dates made up for the tests). */
export const YEAR_2031 = {
  days: [
    { date: "2031-10-01", kind: "holiday", name: "国庆节" },
    { date: "2031-10-02", kind: "holiday", name: "国庆节" },
    { date: "2031-10-03", kind: "holiday", name: "国庆节" },
    { date: "2031-09-28", kind: "workday", name: "国庆节" },
  ],
} as const;
