/** For tests of changes to how an account is reached: accounts without a password, and their trail. */
import { sql } from "kysely";
import type { TestApp } from "../../../test/app.ts";
import { idNumber } from "../../../test/factories.ts";
import { allProvinces } from "../../platform/db/distribution.ts";
import { registerInPerson } from "./service.ts";
import { startSession } from "./sessions.ts";

/**
 * An account opened at a window and signed in through the identity platform: no password, no e-mail.
 * Its session began `minutesAgo` minutes ago.
 */
export async function platformOnlyPerson(t: TestApp, mobile: string, minutesAgo = 0) {
  const { database, config } = t.platform;
  return database.db.transaction().execute(async (tx) => {
    const id = await registerInPerson(tx, config.personalDataKey, {
      name: "田阿婆",
      idNumber: idNumber(),
      mobile,
    });
    const { token } = await startSession(tx, id, undefined, new Date(), undefined, {
      method: "identity_platform",
    });
    const started = new Date(Date.now() - minutesAgo * 60_000);
    await sql`update person_sessions set created_at = ${started} where person_id = ${id}`.execute(tx);
    return { id, cookie: `tb_session=${token}` };
  });
}

/** The actions of the audit trail about a person, oldest first. */
export async function auditActionsOf(t: TestApp, personId: string): Promise<string[]> {
  const rows = await t.platform.database.db
    .selectFrom("audit_log")
    .modifyFront(allProvinces("a test reads a person's entries in every chain"))
    .select("action")
    .where("person_id", "=", personId)
    .orderBy("seq")
    .execute();
  return rows.map((r) => r.action);
}

/** How many wrong passwords the sign-in guard counts against the account, from every address. */
export async function failuresOf(t: TestApp, personId: string): Promise<number> {
  const rows = await t.platform.database.db
    .selectFrom("signin_failures")
    .select("failures")
    .where("account_kind", "=", "person")
    .where("account_id", "=", personId)
    .execute();
  return rows.reduce((sum, row) => sum + row.failures, 0);
}
