import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { idNumber } from "../../../test/factories.ts";
import type { Actor } from "../../platform/policy.ts";
import { startAtWindow, takeOverAtWindow } from "../applications/window-service.ts";
import { submitAtWindow } from "../applications/window-submit.ts";
import { caseTestApp } from "../cases/testing.ts";
import { staffActor } from "../identity/service.ts";
import { issuePass, PASS_HOURS, personOfPass } from "./intake-pass.ts";
import { findAtWindow, registerAtWindow } from "./intake-persons.ts";
import { intakeSite, startIntake } from "./intake-service.ts";
import { type IntakeWorld, intakeWorld } from "./intake-testing.ts";

const KEY = Buffer.alloc(32, 7);

describe("the intake pass", () => {
  it("names the person for the clerk it was given to, for a working day", () => {
    const now = new Date("2026-03-02T01:00:00Z");
    const pass = issuePass(KEY, "clerk-1", "person-1", now);
    expect(personOfPass(KEY, "clerk-1", pass, now)).toBe("person-1");
    const code = (f: () => unknown) => {
      try {
        f();
        return "accepted";
      } catch (error) {
        return (error as { code: string }).code;
      }
    };
    const later = new Date(now.getTime() + PASS_HOURS * 3600_000 + 1000);
    expect(code(() => personOfPass(KEY, "clerk-1", pass, later))).toBe("intake_pass_invalid");
    expect(code(() => personOfPass(KEY, "clerk-2", pass, now))).toBe("intake_pass_invalid");
    expect(code(() => personOfPass(KEY, "clerk-1", pass.replace("person-1", "person-2"), now))).toBe(
      "intake_pass_invalid",
    );
    expect(code(() => personOfPass(Buffer.alloc(32, 8), "clerk-1", pass, now))).toBe("intake_pass_invalid");
    expect(code(() => personOfPass(KEY, "clerk-1", undefined, now))).toBe("intake_pass_invalid");
  });
});

let w: IntakeWorld;
let clerk: Actor;
let key: Buffer;
const origin = { locale: "zh-CN" as const };
beforeAll(async () => {
  w = await intakeWorld(await caseTestApp());
  key = w.t.platform.config.personalDataKey;
  const db = w.t.platform.database.db;
  const row = await db
    .selectFrom("staff")
    .select("username")
    .where("id", "=", w.clerk.id)
    .executeTakeFirstOrThrow();
  clerk = (await staffActor(db, row.username)) as Actor;
});
afterAll(() => w?.t.close());

describe("window intake services", () => {
  const db = () => w.t.platform.database.db;

  it("decides the channel from the site the clerk sits at, within their jurisdiction", async () => {
    expect((await intakeSite(db(), clerk, w.hall)).place.channel).toBe("hall");
    expect((await intakeSite(db(), clerk, w.point)).place.channel).toBe("village_point");
    await expect(intakeSite(db(), clerk, w.otherHall)).rejects.toMatchObject({ status: 404 });
  });

  it("registers without a password, and finds rather than duplicates", async () => {
    const input = {
      name: "钱三",
      idNumber: idNumber("330523"),
      mobile: "139 0000 3333",
      purpose: "窗口登记",
    };
    const made = await registerAtWindow(db(), key, clerk, input, origin);
    expect(made.created).toBe(true);
    expect(made.person.mobileMasked).toMatch(/^139/);
    const again = await registerAtWindow(db(), key, clerk, input, origin);
    expect(again).toMatchObject({ created: false, person: { id: made.person.id } });
    expect(personOfPass(key, clerk.kind === "staff" ? clerk.id : "", again.pass)).toBe(made.person.id);
  });

  it("refuses the lookup of an unknown number (404) and records nothing", async () => {
    await expect(
      findAtWindow(db(), key, clerk, { idNumber: idNumber("330523"), purpose: "窗口受理" }, origin),
    ).rejects.toMatchObject({ status: 404 });
  });

  it("starts a draft owned by the clerk for the person, prefilled from their account", async () => {
    const found = await findAtWindow(
      db(),
      key,
      clerk,
      { idNumber: w.applicant.idNumber, purpose: "窗口受理" },
      origin,
    );
    const row = await startIntake(db(), key, clerk, {
      pass: found.pass,
      site: w.hall,
      offering: w.offeringId,
    });
    expect(row).toMatchObject({
      owner_kind: "staff",
      owner_id: w.clerk.id,
      applicant_kind: "person",
      applicant_id: w.applicant.id,
      channel: "hall",
    });
  });

  it("submits with every missing thing at once (一次性告知)", async () => {
    const row = await startAtWindow(db(), clerk, {
      offeringId: w.offeringId,
      personId: w.applicant.id,
      place: (await intakeSite(db(), clerk, w.hall)).place,
    });
    const deps = { jobs: w.t.platform.jobs, config: w.t.platform.config };
    const refused = await submitAtWindow(db(), deps, clerk, row.id).catch((e: unknown) => e);
    expect(refused).toMatchObject({ status: 400, code: "validation_failed" });
    const fields = (refused as { extra: { fields: { field: string }[] } }).extra.fields.map((f) => f.field);
    expect(fields).toContain("/materials/application");
    expect(fields.some((f) => f.startsWith("/answers/"))).toBe(true);
  });

  it("takes over only the found person's draft", async () => {
    const { place } = await intakeSite(db(), clerk, w.hall);
    const person = { kind: "person" as const, id: w.applicant.id, name: w.applicant.name };
    const { startApplication } = await import("../applications/service.ts");
    const draft = await startApplication(db(), person, { offeringId: w.offeringId });
    const other = await registerAtWindow(
      db(),
      key,
      clerk,
      { name: "孙五", idNumber: idNumber("330523"), mobile: "13900004444", purpose: "窗口登记" },
      origin,
    );
    await expect(
      takeOverAtWindow(db(), clerk, { reference: draft.id, personId: other.person.id, place }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      takeOverAtWindow(db(), clerk, { reference: "not-a-number", personId: w.applicant.id, place }),
    ).rejects.toMatchObject({ status: 404, code: "not_found" });
    const taken = await takeOverAtWindow(db(), clerk, {
      reference: draft.id,
      personId: w.applicant.id,
      place,
    });
    expect(taken).toMatchObject({ owner_kind: "staff", owner_id: w.clerk.id, channel: "hall" });
  });
});
