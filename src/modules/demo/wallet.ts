import { maskIdNumber } from "../../platform/personal-data.ts";
import type { Platform } from "../../platform/platform.ts";
import { findPersonByIdentifier } from "../applicants/service.ts";
import { findLineDepartment } from "../departments/service.ts";
import { type IssueInput, issueLicence, listMyLicences } from "../licences/service.ts";
import { DEMO_APPLICANT } from "./applicant.ts";
import { DEMO_COUNTY } from "./seed.ts";

const DAY = 86_400_000;

interface DemoLicence {
  line: string;
  input: Omit<IssueInput, "caseId" | "regionCode" | "departmentId" | "holder">;
  /** Days before today it was issued. */
  issuedDaysAgo: number;
}

/** What 王小明's wallet holds: two licences in force, and the food licence of his old stall, expired. */
function demoLicences(now: Date): DemoLicence[] {
  const at = (days: number) => new Date(now.getTime() + days * DAY);
  return [
    {
      line: "public_security",
      issuedDaysAgo: 2 * 365,
      input: {
        // The electronic resident ID card: what the demo's items ask as 居民身份证, fetched, not uploaded.
        type: "resident_id_card",
        title: { zh: "居民身份证（电子证照）", en: "Resident identity card (electronic)" },
        fields: [
          { label: { zh: "姓名", en: "Name" }, value: DEMO_APPLICANT.name },
          { label: { zh: "公民身份号码", en: "ID number" }, value: maskIdNumber(DEMO_APPLICANT.idNumber) },
          { label: { zh: "住址", en: "Address" }, value: "浙江省湖州市安吉县递铺街道鲁家村 8 号" },
          { label: { zh: "签发机关", en: "Issued by" }, value: "安吉县公安局" },
        ],
        validUntil: at(8 * 365),
      },
    },
    {
      line: "public_security",
      issuedDaysAgo: 30,
      input: {
        type: "household_register_extract",
        title: { zh: "居民户口簿（户籍信息摘要）", en: "Household register extract" },
        fields: [
          { label: { zh: "户主姓名", en: "Head of household" }, value: DEMO_APPLICANT.name },
          { label: { zh: "与户主关系", en: "Relation to the head" }, value: "户主" },
          { label: { zh: "户别", en: "Kind of household" }, value: "家庭户" },
          { label: { zh: "住址", en: "Address" }, value: "浙江省湖州市安吉县递铺街道鲁家村 8 号" },
          { label: { zh: "户籍登记机关", en: "Registered at" }, value: "安吉县公安局递铺派出所" },
        ],
        // An extract speaks for the register on the day it was made: a year is what most offices accept.
        validUntil: at(335),
      },
    },
    {
      line: "natural_resources",
      issuedDaysAgo: 400,
      input: {
        type: "real_estate_certificate",
        title: { zh: "不动产权证书", en: "Real estate title certificate" },
        fields: [
          {
            label: { zh: "不动产权证号", en: "Certificate number" },
            value: "浙（2025）安吉县不动产权第 0012345 号",
          },
          { label: { zh: "权利人", en: "Right holder" }, value: DEMO_APPLICANT.name },
          { label: { zh: "共有情况", en: "Co-ownership" }, value: "单独所有" },
          { label: { zh: "坐落", en: "Location" }, value: "安吉县递铺街道胜利西路 88 号" },
          { label: { zh: "不动产单元号", en: "Unit number" }, value: "330523001211GB00012F00010001" },
          {
            label: { zh: "权利类型", en: "Kind of right" },
            value: "国有建设用地使用权/房屋所有权",
          },
          { label: { zh: "用途", en: "Use" }, value: "商业服务" },
          { label: { zh: "面积", en: "Floor area" }, value: "房屋建筑面积 98.60 平方米" },
        ],
        // The certificate has no expiry: the land-use term is one of its fields, not its validity.
        validUntil: null,
      },
    },
    {
      line: "market_regulation",
      issuedDaysAgo: 5 * 365 + 60,
      input: {
        type: "food_business_licence",
        title: { zh: "食品经营许可证", en: "Food business licence" },
        fields: [
          { label: { zh: "经营者名称", en: "Business" }, value: "安吉县递铺小明面馆（个体工商户）" },
          { label: { zh: "经营场所", en: "Premises" }, value: "安吉县递铺街道鲁家村 8 号" },
          { label: { zh: "主体业态", en: "Kind of business" }, value: "餐饮服务经营者（小餐饮）" },
          { label: { zh: "经营项目", en: "Business" }, value: "热食类食品制售" },
        ],
        // Five years, as 食品经营许可管理办法 allows; it ran out two months ago.
        validUntil: at(-60),
      },
    },
  ];
}

/**
 * Gives the demo applicant (王小明) an e-licence wallet worth showing: a household register extract from
 * the county's public security bureau and a real estate title certificate from its natural resources
 * bureau, both in force, and the food business licence of his old noodle stall, expired two months ago
 * — issued through the licences service, so they are signed and verifiable like any other. Runs after
 * the applicant's account exists (seedDemoCases makes it); without it, makes nothing. Runs again
 * without duplicates: a licence of a type the applicant already holds outside any case is not remade.
 * Answers how many it made.
 */
export async function seedDemoLicences(platform: Pick<Platform, "database" | "config">): Promise<number> {
  const db = platform.database.db;
  const personalDataKey = platform.config.personalDataKey;
  const person = await findPersonByIdentifier(db, personalDataKey, DEMO_APPLICANT.email);
  if (!person) return 0;
  const actor = { kind: "person" as const, id: person.id, name: DEMO_APPLICANT.name };
  const held = new Set(
    (await listMyLicences(db, actor))
      .filter((l) => l.holder.kind === "person" && l.caseId === null)
      .map((l) => l.type),
  );
  const now = new Date();
  let made = 0;
  for (const licence of demoLicences(now)) {
    if (held.has(licence.input.type)) continue;
    const department = await findLineDepartment(db, DEMO_COUNTY, licence.line);
    if (!department)
      throw new Error(`The demo county has no ${licence.line} department: run the demo seed first`);
    await issueLicence(
      db,
      {
        ...licence.input,
        caseId: null,
        regionCode: DEMO_COUNTY,
        departmentId: department.id,
        holder: {
          kind: "person",
          id: person.id,
          name: DEMO_APPLICANT.name,
          identifierMasked: maskIdNumber(DEMO_APPLICANT.idNumber),
        },
      },
      { personalDataKey, now: new Date(now.getTime() - licence.issuedDaysAgo * DAY) },
    );
    made += 1;
  }
  return made;
}
