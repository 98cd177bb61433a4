import { sql } from "kysely";
import type { Executor } from "../../platform/db/database.ts";
import { inProvince } from "../../platform/db/distribution.ts";
import { provinceOfCaseNumber } from "../cases/numbers.ts";
import type { CaseChannel } from "../cases/tables.ts";
import type { ApplicationRow } from "./tables.ts";

/** The SQL of applications taken in at a window: finding a draft by its case, handing it to a clerk. */

/** The application a case was submitted from, by the case's number (what a receipt and an SMS show). */
export async function findApplicationByCaseNumber(
  db: Executor,
  number: string,
): Promise<ApplicationRow | undefined> {
  return db
    .selectFrom("applications as a")
    .innerJoin("cases as c", (j) =>
      j.onRef("c.id", "=", "a.case_id").onRef("c.province_code", "=", "a.province_code"),
    )
    .selectAll("a")
    .where("c.number", "=", number)
    .$call(inProvince(provinceOfCaseNumber(number), "c.province_code"))
    .executeTakeFirst();
}

/** The clerk becomes the draft's owner, and it will be submitted through the window's channel and site. */
export async function handToClerk(
  tx: Executor,
  province: string,
  id: string,
  clerkId: string,
  place: { channel: CaseChannel; siteId: string } | undefined,
): Promise<ApplicationRow> {
  return tx
    .updateTable("applications")
    .set({
      owner_kind: "staff",
      owner_id: clerkId,
      mandate_id: null,
      ...(place ? { channel: place.channel, site_id: place.siteId } : {}),
      version: sql`version + 1`,
      updated_at: sql`now()`,
    })
    .where("province_code", "=", province)
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Once submitted, the application is the applicant's: a supplement (补正) asked for later is theirs to
 * answer online, through the application they can open; the case still names the clerk who submitted.
 */
export async function handToApplicant(tx: Executor, province: string, id: string): Promise<void> {
  await tx
    .updateTable("applications")
    .set((eb) => ({ owner_kind: "person", owner_id: eb.ref("applicant_id") }))
    .where("province_code", "=", province)
    .where("id", "=", id)
    .where("applicant_kind", "=", "person")
    .execute();
}
