/** For tests of window intake: the case world, a hall and a service point of 安吉县, and API steps. */
import { randomBytes } from "node:crypto";
import type { TestApp } from "../../../test/app.ts";
import { department, staffMember } from "../../../test/factories.ts";
import type { Actor } from "../../platform/policy.ts";
import {
  type CaseWorld,
  call,
  caseWorld,
  multipartFile,
  SAMPLE_ANSWERS,
  type Staff,
  staffOf,
  TINY_PDF,
} from "../cases/testing.ts";
import { staffActor } from "../identity/service.ts";
import { USUAL_HOURS } from "./hours.ts";
import { saveSite } from "./sites.ts";

export interface IntakeWorld extends CaseWorld {
  hall: string;
  point: string;
  /** A hall of 长兴县, next door: outside the county clerk's jurisdiction. */
  otherHall: string;
  /** A window clerk of 长兴县 and their actor. */
  otherClerk: Staff;
}

async function site(t: TestApp, admin: Actor, kind: "hall" | "point", regionCode: string): Promise<string> {
  const db = t.platform.database.db;
  const code = `${kind}-${randomBytes(3).toString("hex")}`;
  await saveSite(db, admin, {
    code,
    kind,
    regionCode,
    departmentId: await department(db, regionCode.slice(0, 6), "government_service"),
    name: `${regionCode} ${kind}`,
    hours: USUAL_HOURS,
  });
  return code;
}

export async function intakeWorld(t: TestApp): Promise<IntakeWorld> {
  const w = await caseWorld(t);
  const db = t.platform.database.db;
  const admin = (await staffActor(db, (await staffMember(db, "administrator", "3305")).username)) as Actor;
  return {
    ...w,
    hall: await site(t, admin, "hall", "330523"),
    point: await site(t, admin, "point", "330523001"),
    otherHall: await site(t, admin, "hall", "330522"),
    otherClerk: await staffOf(t, "window_clerk", { region: "330522" }),
  };
}

/** The clerk finds a person by ID number: the intake pass. */
export async function findPerson(w: IntakeWorld, clerk: Staff, idNumber: string): Promise<string> {
  const found = await call(w.t, clerk, "POST", "/api/v1/intake/persons/lookup", {
    idNumber,
    purpose: "窗口受理：办理食品经营许可",
  });
  if (found.statusCode !== 200) throw new Error(`lookup: ${found.statusCode} ${found.body}`);
  return found.json().pass as string;
}

/** Uploads the sample item's application form to a window draft. */
export function uploadAtWindow(w: IntakeWorld, clerk: Staff, id: string) {
  const file = multipartFile("申请书.pdf", TINY_PDF);
  return w.t.app.inject({
    method: "PUT",
    url: `/api/v1/intake/applications/${id}/materials/application`,
    headers: { cookie: clerk.cookie, ...file.headers },
    payload: file.payload,
  });
}

export { call, SAMPLE_ANSWERS };
