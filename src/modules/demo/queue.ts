import type { Executor } from "../../platform/db/database.ts";
import { provinceId, provinceOf } from "../../platform/db/distribution.ts";
import { loadCalendar } from "../calendar/service.ts";
import { insertSlot } from "../halls/appointments-store.ts";
import { chinaDay, chinaInstant } from "../halls/queue-hours.ts";
import { upsertCategory } from "../halls/queue-store.ts";
import { findSiteByCode } from "../halls/sites-store.ts";

/** Department ids by line, per region code: what the demo seed made. */
type Departments = Map<string, Map<string, string>>;

/** The county hall's categories: general matters for the comprehensive windows, then two departments'. */
const HALL_CATEGORIES = [
  { prefix: "A", name: "综合业务", nameEn: "General matters", lines: [] as string[] },
  {
    prefix: "B",
    name: "户籍与出入境",
    nameEn: "Household registration and exit-entry",
    lines: ["public_security"],
  },
  {
    prefix: "C",
    name: "企业开办与食品经营",
    nameEn: "Business start-up and food licences",
    lines: ["market_regulation"],
  },
];

/** Half-hour slots in the usual hours; four places each, a fair share of a window's half hour. */
const SLOT_STARTS = [
  "09:00",
  "09:30",
  "10:00",
  "10:30",
  "11:00",
  "14:00",
  "14:30",
  "15:00",
  "15:30",
  "16:00",
];
const PLACES = 4;
const DAYS = 7;

/**
 * The demo's queue: the county hall's ticket categories, one for the 递铺 service centre, and a week of
 * appointment slots at the county hall on its working days. Safe to run again (slots are kept by start).
 */
export async function seedDemoQueue(db: Executor, departments: Departments, now = new Date()): Promise<void> {
  const hall = await findSiteByCode(db, "anji-hall");
  if (!hall) throw new Error("Seed the demo sites before the queue");
  const departmentOf = (line: string) => {
    const id = departments.get(hall.region_code)?.get(line);
    if (!id) throw new Error(`Demo department ${line} in ${hall.region_code} is missing`);
    return id;
  };
  const categories = [];
  for (const c of HALL_CATEGORIES) {
    categories.push(
      await upsertCategory(db, {
        site_id: hall.id,
        prefix: c.prefix,
        name: c.name,
        name_en: c.nameEn,
        department_ids: c.lines.map(departmentOf),
      }),
    );
  }
  const point = await findSiteByCode(db, "dipu-point");
  if (point) {
    await upsertCategory(db, { site_id: point.id, prefix: "A", name: "便民服务", name_en: "Local services" });
  }
  const calendar = await loadCalendar(db, hall.region_code);
  for (let n = 0; n < DAYS; n++) {
    const day = chinaDay(new Date(now.getTime() + n * 86_400_000));
    if (!calendar.isWorkingDay(chinaInstant(day, "12:00"))) continue;
    for (const category of categories) {
      for (const start of SLOT_STARTS) {
        const startsAt = chinaInstant(day, start);
        await insertSlot(db, {
          province_code: provinceOf(hall.region_code),
          id: provinceId(provinceOf(hall.region_code)),
          site_id: hall.id,
          category_id: category.id,
          starts_at: startsAt,
          ends_at: new Date(startsAt.getTime() + 30 * 60_000),
          capacity: PLACES,
        });
      }
    }
  }
}
