import { sql } from "kysely";
import type { Executor } from "../../platform/db/database.ts";
import { atOf, endOf } from "./generate-sql.ts";

/**
 * gen_ev: every case's events in the engine's vocabulary, as its transitions record them (transitions.ts,
 * stages.ts, instant.ts, applicant.ts, sweep.ts). Each source below states only where a step ends (its
 * `to_state`, and `stage_after`, the case's stage once it is done); the rest follows from the order:
 * - the order is (t, prio): prio is the stage × 10 and the step's place in a transition, so steps at
 *   one instant (an instant approval's accept, grant, issue, deliver and close) keep the engine's order;
 * - a step begins where the one before ended (from_state), and is recorded in the stage that one left
 *   (stage_index), so the chain is whole by construction;
 * - the clock's timers (warning, overdue, escalate) stay in the stage they find the case in, and are
 *   left out where the sweep would not act (the case closed, paused or waiting for a supplement);
 * - what comes after the case's end or after now is cut.
 */
const STAFF_GRANT = "符合法定条件，准予许可 / the conditions in law are met";
const STAFF_DENY = "不符合法定条件，不予许可 / the conditions in law are not met";
const INSTANT = "所有秒批条件均已满足 / every instant-approval condition holds";
const LEGAL_BASIS = "依据本事项办事指南所列法律法规 / under the laws the item's guide lists";
const MISSING = "材料不齐全，请一次性补正 / materials incomplete: everything missing is listed";
const REJECT = "申请事项依法不属于本机关职权范围 / not within this office's powers by law";

export async function layEvents(tx: Executor): Promise<void> {
  const lit = (value: string) => sql.lit(value);
  await sql`create temp table gen_ev on commit drop as
    with src as (
      select g, t_sub as t, submitted_at as at_fixed, 0 as prio, 'submit' as action, 'intake' as to_state,
        0 as stage_after, null::uuid as task_id, null::uuid as department_id, submitter_kind as actor_kind,
        submitter_id as actor_id, null::text as reason,
        jsonb_build_object('channel', channel) || case when site_code is null then '{}'::jsonb
          else jsonb_build_object('site', site_code, 'crossRegion', false) end as data, false as timer
      from gen_x
      union all
      select g, t_sub, submitted_at, 7, 'accept', 'decision', decision_index, null, null, submitter_kind,
        submitter_id, null, '{"automatic": true}'::jsonb, false
      from gen_x where instant
      union all
      select x.g, x.t_sub, x.submitted_at, x.decision_index * 10 + 7, 'grant', st.next_kind, x.decision_index + 1,
        null, null, x.submitter_kind, x.submitter_id, ${lit(INSTANT)},
        jsonb_build_object('automatic', true, 'legalBasis', ${lit(LEGAL_BASIS)}), false
      from gen_x x join gen_stage st on st.o = x.o and st.s = x.decision_index where x.instant
      union all
      select x.g, x.t_sub, x.submitted_at, (x.decision_index + 1) * 10 + 7, 'issue', 'delivery', x.decision_index + 2,
        null, null, x.submitter_kind, x.submitter_id, null, '{"automatic": true}'::jsonb, false
      from gen_x x join gen_stage st on st.o = x.o and st.s = x.decision_index + 1
      where x.instant and st.kind = 'issuance'
      union all
      -- 一次性告知 at the window, before acceptance: no clock runs, so no pause.
      select x.g, x.t_sreq_i, null, 2, 'request_supplement', 'supplement', 0, tk.id, tk.department_id, 'staff',
        tk.staff_id, ${lit(MISSING)}, jsonb_build_object('items', jsonb_build_array(jsonb_build_object(
          'problem', '身份证明复印件不清晰 / the copy of the identity document is illegible'))), false
      from gen_x x join gen_tk tk on tk.g = x.g and tk.s = 0 where x.sup_i
      union all
      select x.g, x.t_sres_i, null, 3, 'resubmit', 'intake', 0, null, null, 'person', x.person_actor, null,
        '{"changed": {}, "materials": [], "pausedDays": 0}'::jsonb, false
      from gen_x x where x.sup_i
      union all
      select x.g, tk.done_t, null, 7, case when x.fate = 'rejected' then 'reject' else 'accept' end,
        case when x.fate = 'rejected' then 'closed' else st.next_kind end,
        case when x.fate = 'rejected' then 0 else 1 end, tk.id, tk.department_id, 'staff', tk.staff_id,
        case when x.fate = 'rejected' then ${lit(REJECT)} end, '{}'::jsonb, false
      from gen_x x join gen_tk tk on tk.g = x.g and tk.s = 0 join gen_stage st on st.o = x.o and st.s = 0
      union all
      select g, claim_t, null, s * 10 + 1, 'claim', kind, s, id, department_id, 'staff', staff_id, null,
        '{}'::jsonb, false
      from gen_tk where claim_t is not null
      union all
      select tk.g, tk.done_t, null, tk.s * 10 + 7 + step.n,
        case when tk.kind = 'review' then 'complete'
          when tk.kind = 'decision' and x.fate = 'denied' then 'deny'
          when tk.kind = 'decision' then 'grant'
          when tk.kind = 'issuance' then 'issue'
          when step.n = 0 then 'deliver' else 'close' end,
        case when tk.kind = 'review' and not tk.slow then 'review'
          when tk.kind = 'decision' and x.fate = 'denied' then 'closed'
          when tk.kind = 'delivery' and step.n = 0 then 'delivery'
          when tk.kind = 'delivery' then 'closed'
          else st.next_kind end,
        case when tk.kind = 'delivery' or (tk.kind = 'review' and not tk.slow)
            or (tk.kind = 'decision' and x.fate = 'denied') then tk.s
          else tk.s + 1 end,
        case when step.n = 0 then tk.id end, case when step.n = 0 then tk.department_id end,
        case when tk.kind = 'delivery' and not x.pickup and x.instant then x.submitter_kind else 'staff' end,
        case when tk.kind = 'delivery' and not x.pickup then coalesce(
          case when x.instant then x.submitter_id end, prev.staff_id) else tk.staff_id end,
        case when tk.kind = 'decision' and x.fate = 'denied' then ${lit(STAFF_DENY)}
          when tk.kind = 'decision' then ${lit(STAFF_GRANT)} end,
        case when tk.kind = 'review' then '{"opinion": "agree"}'::jsonb
          when tk.kind = 'decision' then jsonb_build_object('legalBasis', ${lit(LEGAL_BASIS)})
          when tk.kind = 'delivery' and step.n = 0 then
            jsonb_build_object('method', case when x.pickup then 'pickup' else 'download' end)
          when tk.kind = 'delivery' then '{"outcome": "granted"}'::jsonb
          else '{}'::jsonb end,
        false
      from gen_tk tk join gen_x x on x.g = tk.g join gen_stage st on st.o = x.o and st.s = tk.s
      cross join lateral (select generate_series(0, case when tk.kind = 'delivery' then 1 else 0 end) as n) step
      left join gen_tk prev on prev.g = tk.g and prev.s = tk.s - 1 and prev.kind <> 'delivery' and prev.j = 0
      where tk.s >= 1
      union all
      -- 补正 after acceptance: asked by the review stage's slowest department, the clock paused meanwhile.
      select x.g, x.t_sreq_r, null, tk.s * 10 + 2, 'request_supplement', 'supplement', tk.s, tk.id,
        tk.department_id, 'staff', tk.staff_id, ${lit(MISSING)},
        jsonb_build_object('items', jsonb_build_array(jsonb_build_object(
          'problem', '请补充近三个月的相关证明 / add the certificates of the last three months'))), false
      from gen_x x join gen_tk tk on tk.g = x.g and tk.slow
      join gen_stage st on st.o = x.o and st.s = tk.s and st.first_review where x.sup_r
      union all
      select x.g, x.t_sres_r, null, tk.s * 10 + 3, 'resubmit', 'review', tk.s, null, null, 'person', x.person_actor,
        null, jsonb_build_object('changed', '{}'::jsonb, 'materials', '[]'::jsonb,
          'pausedDays', floor(x.t_sres_r) - floor(x.t_sreq_r)), false
      from gen_x x join gen_tk tk on tk.g = x.g and tk.slow
      join gen_stage st on st.o = x.o and st.s = tk.s and st.first_review where x.sup_r
      union all
      -- 特别程序: an expert review in the last review stage, whose days do not count.
      select x.g, v.t, null, tk.s * 10 + v.n, v.action, v.to_state, tk.s, tk.id, tk.department_id, 'staff',
        tk.staff_id, v.reason, v.data, false
      from gen_x x join gen_tk tk on tk.g = x.g and tk.slow
      join gen_stage st on st.o = x.o and st.s = tk.s and st.last_review
      cross join lateral (values
        (x.t_pause, 4, 'pause', 'paused', '专家评审 / expert review', '{"procedure": "expert_review"}'::jsonb),
        (x.t_resume, 5, 'resume', 'review', null,
          jsonb_build_object('pausedDays', floor(x.t_resume) - floor(x.t_pause)))
      ) as v(t, n, action, to_state, reason, data)
      where x.pause_p
      union all
      select x.g, x.t_w, null, 99, 'withdraw', 'closed', coalesce(s.s, 0), null, null, 'person', x.person_actor,
        '申请人主动撤回 / withdrawn by the applicant', '{}'::jsonb, false
      from gen_x x left join gen_s s on s.g = x.g and x.t_w >= s.start and x.t_w < s.start + s.base + s.gap
      where x.fate = 'withdrawn'
      union all
      -- The sweep, a few minutes after a deadline's day has ended (and escalation a working day later),
      -- where it finds the case running: accepted, not closed, not paused nor waiting for a supplement.
      select x.g, v.t, v.at, 0, v.action, s.kind, s.s, null, null, 'system', null, null,
        jsonb_build_object('dueAt', ${sql.raw(endOf("wd.day"))}), true
      from gen_x x
      join gen_work wd on wd.ord = x.due_ord
      left join gen_work ww on ww.ord = x.warn_ord
      join gen_day nd on nd.day = wd.day + 1
      join gen_work we on we.ord = nd.ord + 1
      cross join lateral (values
        ('warning', x.warn_ord + 0.99993, ${sql.raw(endOf("ww.day"))} + interval '2 minutes'),
        ('overdue', x.due_ord + 0.99995, ${sql.raw(endOf("wd.day"))} + interval '4 minutes'),
        ('escalate', nd.ord + 0.99997, to_timestamp(we.day * 86400.0 - 28800) + interval '5 minutes')
      ) as v(action, t, at)
      join gen_s s on s.g = x.g and v.t >= s.start and v.t < s.start + s.base + s.gap
      where x.accepted and v.t < x.t_final
        and not (x.sup_r and v.t >= x.t_sreq_r and v.t < x.t_sres_r)
        and not (x.pause_p and v.t >= x.t_pause and v.t < x.t_resume)
    ), kept as (
      select src.*, x.id as case_id, x.region_code,
        -- Whom the actor stood for (the engine's on_behalf_of): the applicant, in submission and the
        -- applicant's own steps, when an organisation's or someone else's.
        case when (src.action = 'submit' or src.actor_kind = 'person')
          and (x.org or src.actor_id is distinct from x.applicant_id) then x.applicant_id end as obo,
        coalesce(src.at_fixed, ${sql.raw(atOf("src.t", "w"))}) as at
      from src join gen_x x using (g) left join gen_work w on w.ord = floor(src.t)::int
      where src.t <= x.t_end
    )
    select kept.*, to_state as st, stage_after as stg,
      row_number() over w2 as seq,
      lag(to_state) over w2 as from_state,
      coalesce(lag(stage_after) over w2, 0) as stage_index
    from kept
    window w2 as (partition by g order by t, prio, action, task_id)`.execute(tx);
  await sql`create index on gen_ev (g, seq)`.execute(tx);
  await sql`analyze gen_ev`.execute(tx);
}
