import { sql } from "kysely";
import type { Executor } from "../../platform/db/database.ts";
import { atOf, endOf } from "./generate-sql.ts";

/**
 * Writes a chunk's cases, tasks, events and pauses from the staging tables. The case row is the
 * projection of its events, as the engine keeps it: its state is where the last event left it, and
 * every date on it is an event's instant, so a page showing a generated case shows the same story
 * as its timeline.
 */

/** 9, then the case's g in eight digits: no real number (a region code first) starts so. */
export const GENERATED_NUMBER = "9";

const raw = (text: string) => sql.raw(text);

export async function writeCases(tx: Executor, tNow: number): Promise<void> {
  await sql`
    insert into cases (id, number, region_code, item_id, item_version, item_code, item_name, item_type,
      offering_id, definition_id, plan, applicant_kind, applicant_id, applicant_name,
      applicant_identifier_masked, applicant_region_code, submitter_kind, submitter_id, mandate_id, channel,
      site_id, state, paused_state, stage_index, decision, outcome, data, commitment, delivery, licence_id,
      submitted_at, accepted_at, decided_at, closed_at, promised_days, statutory_days, paused_days,
      paused_since, due_at, statutory_due_at, warn_at, clock_uncertain, warned_at, overdue_at, escalated_at,
      supplement_rounds, supplement_due_at, lookup_digests, short_token, idempotency_key, request_hash,
      materials_avoided, visits_avoided, decided_by_rules, version, updated_at, province_code)
    with last as (
      select distinct on (g) g, st, stg, at, from_state from gen_ev order by g, seq desc
    ), agg as (
      select g, count(*)::int as n,
        min(at) filter (where action = 'accept') as accepted_at,
        min(at) filter (where action in ('grant', 'deny')) as decided_at,
        bool_or(action = 'grant') as granted, bool_or(action = 'deny') as denied,
        (count(*) filter (where action = 'request_supplement'))::int as rounds,
        min(at) filter (where action = 'warning') as warned,
        min(at) filter (where action = 'overdue') as overdue,
        min(at) filter (where action = 'escalate') as escalated,
        max(t) filter (where action = 'request_supplement') as t_req,
        max(at) filter (where action = 'deliver') as delivered
      from gen_ev group by g
    ), avoided as (
      select g, case when o.avoidable > 0 and x.channel in ('online', 'mobile', 'api') and x.u23 < 0.65
        then o.avoidable else 0 end as materials
      from gen_x x join gen_off o using (o)
    )
    select x.id,
      ${sql.lit(GENERATED_NUMBER)} || lpad(x.g::text, 8, '0') || left(rpad(x.region_code, 6, '0'), 6)
        || to_char(date '1970-01-01' + x.day_sub, 'YYYYMMDD'),
      x.region_code, o.item_id, o.item_version, o.item_code, o.item_name, o.item_type, o.offering_id,
      o.definition_id, o.plan,
      case when x.org then 'organisation' else 'person' end, x.applicant_id,
      case when x.org then og.name else x.person_name end,
      -- A person's ID number as lists show it (3305**********1234); an organisation's credit code is public.
      case when x.org then og.code
        else left(x.place, 4) || '**********'
          || lpad(((hashtext(x.person_id::text) & 2147483647) % 10000)::text, 4, '0') end,
      x.place, x.submitter_kind, x.submitter_id, null, x.channel, x.site_id,
      l.st, case when l.st in ('supplement', 'paused') then l.from_state end, l.stg,
      case when a.granted then 'granted' when a.denied then 'denied' end,
      case when l.st = 'closed' then x.fate end,
      '{}'::jsonb, null,
      (case when x.pickup then jsonb_build_object('method', 'pickup', 'hall', coalesce(x.site_name, x.pickup_hall))
        else '{"method": "download"}'::jsonb end)
        || case when a.delivered is null then '{}'::jsonb else jsonb_build_object('deliveredAt',
          to_char(a.delivered at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) end,
      null,
      x.submitted_at, a.accepted_at, a.decided_at, case when l.st = 'closed' then l.at end,
      x.promised, x.statutory, x.pd,
      case when l.st = 'paused' or (l.st = 'supplement' and a.accepted_at is not null) then l.at end,
      case when a.accepted_at is not null then ${raw(endOf("wd.day"))} end,
      case when a.accepted_at is not null then ${raw(endOf("ws.day"))} end,
      case when a.accepted_at is not null and x.warn_ord is not null then ${raw(endOf("ww.day"))} end,
      a.accepted_at is not null and not coalesce(sd.certain, false),
      coalesce(a.warned, a.overdue), a.overdue, a.escalated, a.rounds,
      case when l.st = 'supplement' and x.supplement_days is not null then ${raw(endOf("sw.day"))} end,
      '{}', null, null, null,
      v.materials, case when v.materials > 0 then 1 else 0 end, x.instant, a.n, l.at, left(x.region_code, 2)
    from gen_x x join gen_off o using (o) join last l using (g) join agg a using (g) join avoided v using (g)
    left join gen_org og on og.k = floor(x.u22 * 400)::int
    left join gen_work wd on wd.ord = x.due_ord
    left join gen_work ws on ws.ord = x.stat_ord
    left join gen_work ww on ww.ord = x.warn_ord
    left join gen_day sd on sd.day = ws.day
    left join gen_work sw on sw.ord = floor(a.t_req)::int + x.supplement_days
    order by x.g`.execute(tx);

  const now = sql.lit(tNow);
  await sql`
    insert into case_tasks (id, case_id, region_code, stage_index, stage_kind, task_key, name, role,
      department_id, work_region_code, assignee_id, status, opinion, comment, version, created_at, due_at,
      claimed_at, completed_at, completed_by, province_code)
    with b as (
      select tk.*, x.region_code, x.submitted_at, x.t_cut, x.t_end, x.fate,
        tk.done_t <= x.t_end as done, tk.claim_t <= x.t_end as claimed
      from gen_tk tk join gen_x x using (g)
      where tk.created_t <= x.t_end
    )
    select b.id, b.case_id, b.region_code, b.s, b.kind, b.task_key, b.name, b.role, b.department_id,
      b.work_region_code, case when b.done or b.claimed then b.staff_id end,
      case when b.done then 'done' when b.t_cut <= ${now} then 'cancelled' else 'open' end,
      case when b.done and b.kind = 'review' then 'agree' end,
      case when b.done and b.kind = 'decision' and b.fate = 'denied' then '不符合法定条件 / the conditions in law are not met'
        when b.done and b.s = 0 and b.fate = 'rejected' then '不属于本机关职权范围 / not within this office''s powers' end,
      coalesce(b.claimed::int, 0) + case when b.done or b.t_cut <= ${now} then 1 else 0 end,
      case when b.s = 0 then b.submitted_at else ${raw(atOf("b.created_t", "wc"))} end,
      ${raw(endOf("wdue.day"))},
      case when b.claimed then ${raw(atOf("b.claim_t", "wcl"))} end,
      case when b.done then ${raw(atOf("b.done_t", "wdn"))}
        when b.t_cut <= ${now} then ${raw(atOf("b.t_cut", "wcut"))} end,
      case when b.done then b.staff_id end, left(b.region_code, 2)
    from b
    left join gen_work wc on wc.ord = floor(b.created_t)::int
    left join gen_work wdue on wdue.ord = floor(b.created_t)::int + b.days
    left join gen_work wcl on wcl.ord = floor(b.claim_t)::int
    left join gen_work wdn on wdn.ord = floor(b.done_t)::int
    left join gen_work wcut on wcut.ord = floor(b.t_cut)::int
    order by b.g, b.s, b.j`.execute(tx);

  await sql`
    insert into case_events (province_code, case_id, region_code, seq, at, action, from_state, to_state,
      stage_index, task_id, department_id, actor_kind, actor_id, on_behalf_of, reason, data)
    select left(region_code, 2), case_id, region_code, seq, at, action, from_state, st, stage_index, task_id,
      department_id, actor_kind, actor_id, obo, reason, data
    from gen_ev order by g, seq`.execute(tx);

  // The clock's pauses: a supplement after acceptance, and a special procedure, each ended by the next
  // resubmission or resumption (none yet: still running).
  await sql`
    insert into case_pauses (province_code, id, case_id, region_code, kind, reason, started_at, ended_at,
      working_days, started_by, ended_by)
    select left(e.region_code, 2), province_uuid(left(e.region_code, 2)), e.case_id, e.region_code,
      case when e.action = 'pause' then 'expert_review' else 'supplement' end, e.reason, e.at, r.at,
      case when r.at is not null then floor(r.t)::int - floor(e.t)::int end,
      e.actor_id, case when r.action = 'resume' then r.actor_id end
    from gen_ev e
    left join lateral (
      select at, t, action, actor_id from gen_ev n
      where n.g = e.g and n.seq > e.seq and n.action in ('resubmit', 'resume') order by n.seq limit 1
    ) r on true
    where e.action = 'pause' or (e.action = 'request_supplement' and e.stage_index >= 1)`.execute(tx);
}
