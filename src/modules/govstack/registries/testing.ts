/** For tests of the Digital Registries façade: two exposed registries, their steward, a consumer, clients. */
import { expect } from "vitest";
import type { TestApp } from "../../../../test/app.ts";
import { idNumber, seedRegionSlice } from "../../../../test/factories.ts";
import type { Actor } from "../../../platform/policy.ts";
import { decideAgreement, defineRegistry, publishRecord, requestAgreement } from "../../exchange/service.ts";
import { staffOfLine } from "../../exchange/testing.ts";
import { type GovstackTestClient, govstackClient } from "../testing.ts";
import { exposeRegistry } from "./exposures.ts";

export interface RegistriesWorld {
  steward: Actor;
  stewardDepartment: string;
  consumerDepartment: string;
  /** The steward's system: publishes, and asks who read a record. */
  stewardClient: GovstackTestClient;
  /** The steward's system without registry.usage. */
  publisherOnly: GovstackTestClient;
  /** The consumer's system, reading under the approved agreements. */
  consumerClient: GovstackTestClient;
  /** A system of a department with no agreement. */
  strangerClient: GovstackTestClient;
  /** `/govstack/registries/data/registryname/111`: the property registry, key field `ID`. */
  mcts: string;
  /** `/govstack/registries/data/household/1`: the person register, exposed with its own names. */
  household: string;
  /** The person register's records: ID numbers. */
  people: { idNumber: string; name: string }[];
  /** Publishes a property record (ID, then our field names) as the steward. */
  publish(id: string, data: Record<string, unknown>): Promise<string>;
}

/** Field names of the suites' registry: ours → GovStack's. */
const MCTS_NAMES = { firstName: "FirstName", lastName: "LastName", birthCertificateId: "BirthCertificateID" };

/**
 * 安吉县's public security bureau stewards a child register (`property`, keyed by number, exposed as the
 * suites' `registryname/111`, code MCTS) and the household register (exposed as `household/1`); its civil
 * affairs bureau reads both under approved agreements — the child register's without `birthDate`.
 */
export async function registriesWorld(t: TestApp): Promise<RegistriesWorld> {
  const db = t.platform.database.db;
  const deps = { config: t.platform.config, jobs: t.platform.jobs };
  await seedRegionSlice(db);
  const steward = await staffOfLine(t, "administrator", "public_security");
  const consumer = await staffOfLine(t, "administrator", "civil_affairs");
  const stranger = await staffOfLine(t, "administrator", "market_regulation");
  const departmentOf = (actor: Actor) =>
    (actor as { grants: { departmentId: string }[] }).grants[0]?.departmentId as string;
  const stewardDepartment = departmentOf(steward);
  const consumerDepartment = departmentOf(consumer);
  await defineRegistry(db, steward, {
    code: "child_register",
    name: { zh: "儿童登记", en: "Child register" },
    description: { zh: "儿童出生登记", en: "Children's birth registrations" },
    departmentId: stewardDepartment,
    subjectKind: "property",
    keyKind: "number",
    fields: [
      { name: "firstName", type: "string", label: { zh: "名", en: "First name" } },
      { name: "lastName", type: "string", label: { zh: "姓", en: "Last name" } },
      { name: "birthCertificateId", type: "string", label: { zh: "出生证号", en: "Birth certificate" } },
      { name: "birthDate", type: "date", label: { zh: "出生日期", en: "Date of birth" } },
      { name: "siblings", type: "integer", label: { zh: "兄弟姐妹数", en: "Siblings" } },
    ],
  });
  await defineRegistry(db, steward, {
    code: "household_register",
    name: { zh: "户籍登记", en: "Household register" },
    departmentId: stewardDepartment,
    subjectKind: "person",
    keyKind: "id_number",
    fields: [
      { name: "name", type: "string", label: { zh: "姓名", en: "Name" } },
      { name: "householdAddress", type: "string", label: { zh: "户籍地址", en: "Registered address" } },
    ],
  });
  await exposeRegistry(db, {
    registry: "child_register",
    name: "registryname",
    version: "111",
    code: "MCTS",
    keyField: "ID",
    fieldNames: MCTS_NAMES,
  });
  await exposeRegistry(db, { registry: "household_register", name: "household", code: "HOUSEHOLD" });
  for (const [registry, fields] of [
    ["child_register", ["firstName", "lastName", "birthCertificateId", "siblings"]],
    ["household_register", ["name", "householdAddress"]],
  ] as const) {
    const requested = await requestAgreement(db, consumer, {
      registry,
      consumerDepartmentId: consumerDepartment,
      fields: [...fields],
      purpose: "核对救助对象的家庭情况",
      legalBasis: "《社会救助暂行办法》第十一条",
    });
    await decideAgreement(db, steward, requested.id, "approve", undefined);
  }
  const people = [
    { idNumber: idNumber("330523", "19800101"), name: "王芳" },
    { idNumber: idNumber("330523", "19900202"), name: "李强" },
  ];
  for (const p of people) {
    await publishRecord(db, deps, steward, "household_register", {
      key: p.idNumber,
      data: { name: p.name, householdAddress: "安吉县递铺街道" },
    });
  }
  const publish = async (id: string, data: Record<string, unknown>) =>
    (await publishRecord(db, deps, steward, "child_register", { key: id, data })).recordId;
  return {
    steward,
    stewardDepartment,
    consumerDepartment,
    stewardClient: await govstackClient(db, stewardDepartment, {
      scopes: ["registry.publish", "registry.usage", "registry.read"],
    }),
    publisherOnly: await govstackClient(db, stewardDepartment, { scopes: ["registry.publish"] }),
    consumerClient: await govstackClient(db, consumerDepartment, { scopes: ["registry.read"] }),
    strangerClient: await govstackClient(db, departmentOf(stranger), { scopes: ["registry.read"] }),
    mcts: "/govstack/registries/data/registryname/111",
    household: "/govstack/registries/data/household/1",
    people,
    publish,
  };
}

/** The GovStack error body with its status and code. */
export function expectProblem(
  response: { statusCode: number; body: string },
  status: number,
  code?: string,
): void {
  expect(response.statusCode, response.body).toBe(status);
  const body = JSON.parse(response.body) as { code: string; traceId: string };
  expect(typeof body.traceId).toBe("string");
  if (code !== undefined) expect(body.code).toBe(code);
}

/** A suite-like number no other test of the file uses. */
let next = 5000;
export const freshId = (): string => String(next++);
