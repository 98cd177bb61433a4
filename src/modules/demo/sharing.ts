import type { Platform } from "../../platform/platform.ts";
import { findLineDepartment } from "../departments/service.ts";
import {
  decideAgreement,
  defineRegistry,
  listAgreements,
  publishRecord,
  type RegistryInput,
  requestAgreement,
} from "../exchange/service.ts";
import { staffActor } from "../identity/service.ts";
import { DEMO_APPLICANT } from "./applicant.ts";
import { DEMO_COUNTY } from "./seed.ts";

/**
 * The demo's shared data: 安吉县's household register, kept by its public security bureau, with the
 * demo applicant's household and some of his neighbours in 鲁家村 — among them an old lady of 88, so the
 * old-age allowance shows instant approval — and the civil affairs bureau's approved agreement to read
 * it for social assistance. The demo items' "household register booklet" is then fetched, not uploaded.
 */

const HOUSEHOLD: Omit<RegistryInput, "departmentId"> = {
  code: "household_register",
  name: { zh: "安吉县户籍登记", en: "Anji county household register" },
  description: {
    zh: "常住人口户籍登记信息，由县公安局维护。",
    en: "Household registration of the resident population, kept by the county public security bureau.",
  },
  subjectKind: "person",
  keyKind: "id_number",
  fields: [
    { name: "name", type: "string", label: { zh: "姓名", en: "Name" } },
    { name: "birthDate", type: "date", label: { zh: "出生日期", en: "Date of birth" } },
    { name: "householdAddress", type: "string", label: { zh: "户籍地址", en: "Registered address" } },
    {
      name: "householdRegion",
      type: "string",
      label: { zh: "户籍地区划代码", en: "Registered region code" },
    },
    { name: "relation", type: "string", label: { zh: "与户主关系", en: "Relation to the head" } },
    { name: "members", type: "string", label: { zh: "户内成员", en: "Members of the household" } },
  ],
};

const VILLAGE = `${DEMO_COUNTY}001211`;
const ADDRESS = "浙江省湖州市安吉县递铺街道鲁家村";

/** ID numbers are made up, each with a valid GB 11643 check digit. */
const PEOPLE = [
  {
    key: DEMO_APPLICANT.idNumber,
    data: {
      name: DEMO_APPLICANT.name,
      birthDate: "1990-03-15",
      relation: "户主",
      householdAddress: `${ADDRESS} 8 号`,
      members: "王小明（户主）、李芳（妻）、王乐乐（子）",
    },
  },
  {
    key: "330523193805120029",
    data: {
      name: "王秀兰",
      birthDate: "1938-05-12",
      relation: "户主",
      householdAddress: `${ADDRESS} 3 号`,
      members: "王秀兰（户主）",
    },
  },
  {
    key: "330523197107230018",
    data: {
      name: "陈建国",
      birthDate: "1971-07-23",
      relation: "户主",
      householdAddress: `${ADDRESS} 15 号`,
      members: "陈建国（户主）、张美华（妻）",
    },
  },
];

/**
 * Loads the demo's registry, records and agreement; runs again without duplicates. Answers how many
 * records it published (0 when the register was there already).
 */
export async function seedDemoSharing(
  platform: Pick<Platform, "database" | "config" | "jobs">,
): Promise<number> {
  const db = platform.database.db;
  const police = await findLineDepartment(db, DEMO_COUNTY, "public_security");
  const civilAffairs = await findLineDepartment(db, DEMO_COUNTY, "civil_affairs");
  if (!police || !civilAffairs) return 0;
  // The demo's accounts act (seed.ts): the administrator defines the register, the police bureau's
  // approver publishes it and approves civil affairs' agreement, which civil affairs' approver asks for.
  const [admin, steward, consumer] = await Promise.all(
    ["anji.admin", "anji.police.approver", "anji.civil.approver"].map((u) => staffActor(db, u)),
  );
  if (!admin || !steward || !consumer) return 0;
  const existing = await db
    .selectFrom("registries")
    .select("id")
    .where("code", "=", HOUSEHOLD.code)
    .executeTakeFirst();
  if (existing) return 0;
  await defineRegistry(db, admin, { ...HOUSEHOLD, departmentId: police.id });
  for (const person of PEOPLE) {
    await publishRecord(db, platform, steward, HOUSEHOLD.code, {
      key: person.key,
      regionCode: VILLAGE,
      data: { ...person.data, householdRegion: VILLAGE },
    });
  }
  if ((await listAgreements(db, consumer)).length === 0) {
    const agreement = await requestAgreement(db, consumer, {
      registry: HOUSEHOLD.code,
      consumerDepartmentId: civilAffairs.id,
      fields: ["name", "birthDate", "householdRegion", "members"],
      purpose: "社会救助和老年人福利申请的户籍、年龄和家庭成员核对",
      legalBasis: "《社会救助暂行办法》第十一条、《浙江省老年人优待规定》",
    });
    await decideAgreement(db, steward, agreement.id, "approve", undefined);
  }
  return PEOPLE.length;
}
