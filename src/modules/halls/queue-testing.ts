/** For tests of the queue and appointments: a hall with windows and categories, its clerk, people. */
import { randomBytes } from "node:crypto";
import type { TestApp } from "../../../test/app.ts";
import { cookiesOf } from "../../../test/app.ts";
import { department, seedRegionSlice, staffMember, TEST_PASSWORD } from "../../../test/factories.ts";
import type { Actor } from "../../platform/policy.ts";
import { importPackageCalendar } from "../calendar/service.ts";
import { staffActor } from "../identity/service.ts";
import { USUAL_HOURS } from "./hours.ts";
import { upsertCategory } from "./queue-store.ts";
import { upsertSite, upsertWindow } from "./sites-store.ts";
import type { SiteHours } from "./tables.ts";

/** Open at every hour of every day but the last minute: tests that take tickets "now" never meet a closed hall. */
export const ALL_DAY: SiteHours = { working: [["00:00", "24:00"]], rest: [["00:00", "24:00"]] };

/** A Wednesday, a working day, at 10:00 China time: inside the usual hours. */
export const WEDNESDAY_10 = new Date("2026-07-08T10:00:00+08:00");
export const minutes = (at: Date, n: number) => new Date(at.getTime() + n * 60_000);

export interface Clerk {
  id: string;
  username: string;
  actor: Actor;
  cookie: string;
}

export interface QueueWorld {
  t: TestApp;
  code: string;
  siteId: string;
  /** Window ids by label: 1 and 2 comprehensive, 5 the police's, 9 comprehensive but not in service. */
  windows: Record<"1" | "2" | "5" | "9", string>;
  police: string;
  clerk: Clerk;
}

/** A window clerk of the county (or of `jurisdiction`), signed in. */
export async function clerkOf(t: TestApp, jurisdiction = "330523"): Promise<Clerk> {
  const db = t.platform.database.db;
  const member = await staffMember(db, "window_clerk", jurisdiction, {
    departmentRegion: jurisdiction.slice(0, 6),
  });
  const response = await t.app.inject({
    method: "POST",
    url: "/api/v1/session",
    payload: { username: member.username, password: TEST_PASSWORD },
  });
  if (response.statusCode !== 201) throw new Error(`sign-in: ${response.statusCode} ${response.body}`);
  return {
    ...member,
    actor: (await staffActor(db, member.username)) as Actor,
    cookie: `tb_session=${cookiesOf(response).tb_session}`,
  };
}

/**
 * A hall of 安吉县 of its own (a fresh code per call) with categories A (comprehensive) and B (the
 * police's), its windows and a clerk; open all day unless `hours` say otherwise.
 */
export async function queueWorld(
  t: TestApp,
  options: { hours?: SiteHours; open?: boolean } = {},
): Promise<QueueWorld> {
  const db = t.platform.database.db;
  await seedRegionSlice(db);
  await importPackageCalendar(db);
  const centre = await department(db, "330523", "government_service");
  const police = await department(db, "330523", "public_security");
  const code = `hall-${randomBytes(4).toString("hex")}`;
  const site = await upsertSite(db, {
    code,
    kind: "hall",
    region_code: "330523",
    department_id: centre,
    name: "测试政务服务中心",
    name_en: "Test service centre",
    hours: JSON.stringify(options.hours ?? ALL_DAY),
    open: options.open ?? true,
  });
  const window = async (label: string, departmentIds: string[], active = true) =>
    (
      await upsertWindow(db, {
        site_id: site.id,
        label,
        kind: departmentIds.length === 0 ? "comprehensive" : "department",
        department_ids: departmentIds,
        active,
      })
    ).id;
  const windows = {
    "1": await window("1", []),
    "2": await window("2", []),
    "5": await window("5", [police]),
    "9": await window("9", [], false),
  };
  await upsertCategory(db, { site_id: site.id, prefix: "A", name: "综合业务", name_en: "General matters" });
  await upsertCategory(db, {
    site_id: site.id,
    prefix: "B",
    name: "户籍业务",
    name_en: "Household registration",
    department_ids: [police],
  });
  return { t, code, siteId: site.id, windows, police, clerk: await clerkOf(t) };
}

export { USUAL_HOURS };
