/** For tests of insight: a case's history set as if its clock had run so, and ratings of cases. */
import { sql } from "kysely";
import type { Db } from "../../platform/db/database.ts";

/** An instant in China. */
export const at = (text: string) => new Date(`${text}+08:00`);

/** Sets a case's history directly, as if its clock had run so (the update marks it, as any change). */
export async function history(
  db: Db,
  caseId: string,
  h: {
    submitted: string;
    accepted?: string;
    decided?: string;
    closed?: string;
    due?: string;
    outcome?: "granted" | "denied" | "rejected" | "withdrawn";
    pausedDays?: number;
    rounds?: number;
    channel?: string;
    /** The hall or service point it was handed in at. */
    siteId?: string;
  },
): Promise<void> {
  await sql`
    update cases set submitted_at = ${at(h.submitted)},
      accepted_at = ${h.accepted ? at(h.accepted) : null},
      decided_at = ${h.decided ? at(h.decided) : null},
      closed_at = ${h.closed ? at(h.closed) : null},
      due_at = ${h.due ? at(h.due) : null},
      state = ${h.closed ? "closed" : h.accepted ? "review" : "intake"},
      outcome = ${h.outcome ?? null},
      paused_days = ${h.pausedDays ?? 0},
      supplement_rounds = ${h.rounds ?? 0},
      channel = coalesce(${h.channel ?? null}, channel),
      site_id = coalesce(${h.siteId ?? null}::uuid, site_id)
    where id = ${caseId}`.execute(db);
}

export async function rate(db: Db, caseId: string, level: number, when: string): Promise<void> {
  await sql`
    insert into ratings (province_code, id, subject_kind, subject_id, channel, level, rater_kind, region_code,
      created_at)
    values ('33', province_uuid('33'), 'case', ${caseId}, 'online', ${level}, 'applicant', '330523', ${at(when)})`.execute(
    db,
  );
}

/** A hall of the county's government service centre, for cases handed in there. */
export async function hallOf(db: Db, departmentId: string, code = "anji-insight-hall"): Promise<string> {
  const { rows } = await sql<{ id: string }>`
    insert into service_sites (code, kind, region_code, department_id, name, name_en, hours)
    values (${code}, 'hall', '330523', ${departmentId}, '安吉县政务服务中心', 'Anji service centre', '{}'::jsonb)
    returning id`.execute(db);
  return (rows[0] as { id: string }).id;
}
