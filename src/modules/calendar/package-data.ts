import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import type { DayRecord } from "./store.ts";

/**
 * The statutory holidays and make-up working days of the npm package chinese-days, read from its data
 * file in node_modules at run time (never copied into this repository), so updating the package and
 * running `tongban calendar import` brings in each year the State Council publishes.
 *
 * The file maps "YYYY-MM-DD" to "English name,中文名,length" in `holidays` (every day off of a holiday
 * span, weekends included) and `workdays` (make-up working days); `inLieuDays` (days swapped into the
 * span) are holidays already and need nothing more.
 */
interface PackageFile {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

/** Each year the package has, with its days sorted. */
export async function readPackageCalendar(): Promise<Map<number, DayRecord[]>> {
  const path = createRequire(import.meta.url).resolve("chinese-days/dist/chinese-days.json");
  const file = JSON.parse(await readFile(path, "utf8")) as PackageFile;
  const years = new Map<number, DayRecord[]>();
  const add = (entries: Record<string, string>, kind: DayRecord["kind"]) => {
    for (const [day, label] of Object.entries(entries)) {
      const [english = "", chinese = ""] = label.split(",");
      const year = Number(day.slice(0, 4));
      const list = years.get(year) ?? [];
      list.push({ day, kind, name: chinese || english });
      years.set(year, list);
    }
  };
  add(file.holidays, "holiday");
  add(file.workdays, "workday");
  for (const list of years.values()) list.sort((a, b) => a.day.localeCompare(b.day));
  return years;
}
