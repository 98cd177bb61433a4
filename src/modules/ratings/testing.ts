/** For tests of ratings: a county's world with a supervisor and an administrator, closed cases, links. */
import type { TestApp } from "../../../test/app.ts";
import { outbox } from "../applicants/testing.ts";
import {
  act,
  applyOnline,
  type CaseWorld,
  caseWorld,
  type Staff,
  staffOf,
  taskAt,
} from "../cases/testing.ts";
import type { Someone } from "../mandates/testing.ts";
import { inviteClosedCases } from "./invite.ts";

export interface RatingWorld extends CaseWorld {
  /** A supervisor over the county. */
  supervisor: Staff;
  /** An administrator over the county. */
  admin: Staff;
}

export async function ratingWorld(t: TestApp): Promise<RatingWorld> {
  const w = await caseWorld(t);
  return {
    ...w,
    supervisor: await staffOf(t, "supervisor"),
    admin: await staffOf(t, "administrator"),
  };
}

/** A case of the world's applicant (or `who`), closed by the window's refusal to accept it (不予受理). */
export async function closedCase(w: CaseWorld, who?: Someone): Promise<{ caseId: string; number: string }> {
  const { caseId, number } = await applyOnline(w, who ? { who } : {});
  const intake = await taskAt(w.t, caseId, "intake");
  const rejected = await act(w.t, w.clerk, intake.id, { action: "reject", reason: "不属于本部门职责范围" });
  if (rejected.statusCode !== 200) throw new Error(`reject: ${rejected.statusCode} ${rejected.body}`);
  return { caseId, number };
}

/** Runs the invitation job and answers the token of the newest invitation texted to a mobile number. */
export async function smsToken(t: TestApp, mobile: string): Promise<string> {
  await inviteClosedCases(t.platform.database.db, { jobs: t.platform.jobs, config: t.platform.config });
  const message = (await outbox(t, mobile)).filter((m) => m.template === "rating.invite").at(-1);
  if (!message) throw new Error(`No rating.invite texted to ${mobile}`);
  const token = /\/rate\/([A-Za-z0-9_-]{24})$/.exec(String(message.params.link))?.[1];
  if (!token) throw new Error(`The invitation's link has no token: ${message.params.link}`);
  return token;
}
