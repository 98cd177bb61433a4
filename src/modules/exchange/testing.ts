import type { TestApp } from "../../../test/app.ts";
import { staffMember } from "../../../test/factories.ts";
import type { Actor } from "../../platform/policy.ts";
import { staffActor } from "../identity/service.ts";
import { defineRegistry, publishRecord } from "./service.ts";

/** A staff member of a line's department in 安吉县, as an actor for calling services directly. */
export async function staffOfLine(
  t: TestApp,
  role: Parameters<typeof staffMember>[1],
  line: string,
): Promise<Actor> {
  const db = t.platform.database.db;
  const member = await staffMember(db, role, "330523", { line });
  return (await staffActor(db, member.username)) as Actor;
}

/** 安吉县's household register, kept by its public security bureau: name, birth date, address, region. */
export async function householdRegister(
  t: TestApp,
): Promise<(idNumber: string, data: Record<string, unknown>) => Promise<void>> {
  const db = t.platform.database.db;
  const steward = await staffOfLine(t, "administrator", "public_security");
  const { departmentId } = (steward as { grants: { departmentId: string }[] }).grants[0] as {
    departmentId: string;
  };
  await defineRegistry(db, steward, {
    code: "household_register",
    name: { zh: "户籍登记", en: "household register" },
    departmentId,
    subjectKind: "person",
    keyKind: "id_number",
    fields: [
      { name: "name", type: "string", label: { zh: "姓名", en: "Name" } },
      { name: "birthDate", type: "date", label: { zh: "出生日期", en: "Date of birth" } },
      { name: "householdAddress", type: "string", label: { zh: "户籍地址", en: "Registered address" } },
      { name: "householdRegion", type: "string", label: { zh: "户籍地区划", en: "Registered region" } },
    ],
  });
  return async (idNumber, data) => {
    await publishRecord(
      db,
      { config: t.platform.config, jobs: t.platform.jobs },
      steward,
      "household_register",
      {
        key: idNumber,
        data,
      },
    );
  };
}
