/**
 * The Digital Registries suite's registry: `registryname` version `111` (code MCTS, key `ID`), kept
 * by the county government service centre, with the suite's first records and an approved agreement
 * of the same department on every field — so the conformance client reads, writes and asks who read.
 */
import type { Platform } from "../../../platform/platform.ts";
import {
  allRegistries,
  decideAgreement,
  defineRegistry,
  publishRecord,
  requestAgreement,
} from "../../exchange/service.ts";
import { staffActor } from "../../identity/service.ts";
import { exposedRegistriesForOperator, exposeRegistry } from "../registries/exposures.ts";
import type { ConformanceData } from "./data.ts";

export const CONFORMANCE_REGISTRY = "govstack_conformance";

/** Ours → the suite's. */
const FIELD_NAMES = {
  firstName: "FirstName",
  lastName: "LastName",
  birthCertificateId: "BirthCertificateID",
};

/** The records the suite reads; its later `ID_n` are left free for the records it creates. */
const SEEDED_RECORDS = 5;

/** The demo county's administrator of the centre: defines, publishes and decides, as a steward's would. */
const STEWARD_ADMIN = "anji.admin";

/** Returns the records published by this run (none when the registry was there already). */
export async function seedRegistry(
  platform: Pick<Platform, "database" | "config" | "jobs">,
  data: ConformanceData,
  departmentId: string,
): Promise<number> {
  const db = platform.database.db;
  const admin = await staffActor(db, STEWARD_ADMIN);
  if (!admin) throw new Error(`The demo's ${STEWARD_ADMIN} is missing: seed the demo first`);
  const defined = (await allRegistries(db)).some((r) => r.code === CONFORMANCE_REGISTRY);
  if (!defined) {
    await defineRegistry(db, admin, {
      code: CONFORMANCE_REGISTRY,
      name: { zh: "GovStack 一致性测试登记簿", en: "GovStack conformance registry" },
      description: {
        zh: "GovStack 数字登记簿测试套件使用的儿童登记，仅用于测试环境。",
        en: "The child register the GovStack Digital Registries suite reads and writes; test installations only.",
      },
      departmentId,
      subjectKind: "property",
      keyKind: "number",
      fields: [
        { name: "firstName", type: "string", label: { zh: "名", en: "First name" } },
        { name: "lastName", type: "string", label: { zh: "姓", en: "Last name" } },
        { name: "birthCertificateId", type: "string", label: { zh: "出生证号", en: "Birth certificate ID" } },
      ],
    });
  }
  const exposed = (await exposedRegistriesForOperator(db)).some(
    (e) => e.registry.code === CONFORMANCE_REGISTRY,
  );
  if (!exposed) {
    await exposeRegistry(db, {
      registry: CONFORMANCE_REGISTRY,
      name: "registryname",
      version: "111",
      code: "MCTS",
      keyField: "ID",
      fieldNames: FIELD_NAMES,
    });
  }
  if (defined) return 0;
  const parameter = (name: string) => {
    const value = data.registryParameters[name];
    if (value === undefined) throw new Error(`The registries' test parameters lack ${name}`);
    return value;
  };
  for (let i = 0; i < SEEDED_RECORDS; i++) {
    await publishRecord(db, platform, admin, CONFORMANCE_REGISTRY, {
      key: parameter(`ID_${i}`),
      data: {
        firstName: parameter(`FirstName_${i}`),
        lastName: parameter(`LastName_${i}`),
        birthCertificateId: parameter(`BirthCertificateID_${i}`),
      },
    });
  }
  const agreement = await requestAgreement(db, admin, {
    registry: CONFORMANCE_REGISTRY,
    consumerDepartmentId: departmentId,
    fields: Object.keys(FIELD_NAMES),
    purpose: "GovStack 数字登记簿一致性测试",
    legalBasis: "测试环境，不含真实数据",
  });
  await decideAgreement(db, admin, agreement.id, "approve", undefined);
  return SEEDED_RECORDS;
}
