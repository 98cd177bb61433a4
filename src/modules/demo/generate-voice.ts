import { sql } from "kysely";
import type { Executor } from "../../platform/db/database.ts";
import { atOf, endOf, genId, HISTORY, uniform } from "./generate-sql.ts";

/**
 * The public's voice over a chunk's cases: ratings (好差评) of about two in five closed cases, with the
 * rectification every bad one gets, and a 12345 request from about one applicant in twenty — with the
 * columns and events the ratings and requests modules write.
 *
 * The raters are the applicants, who are not people with accounts here: a rating is one by text
 * message or by the window's pad (no rater named), as the ratings module keeps those.
 */

const GOOD = ["efficient", "courteous", "clear_guidance", "one_visit", "convenient"];
const BAD = ["slow", "unclear_guidance", "repeated_materials", "many_visits"];
const GOOD_WORDS = ["", "", "办得很快，一次就好。", "工作人员很耐心。", "网上就办完了，不用跑。"];
const BAD_WORDS = ["等了太久。", "材料要求没有一次说清楚。", "跑了好几趟。"];

export interface RequestCategory {
  code: string;
  kind: string;
  days: number;
}

const TEXTS: Record<string, [string, string]> = {
  complaint: ["村口道路施工噪音很大，夜里也不停，请协调处理。", "已联系施工单位，夜间22时后停止施工。"],
  report: ["有商户销售过期食品，请核查。", "已到现场检查并依法处理，感谢监督。"],
  suggestion: ["建议在村便民服务站增加自助办理设备。", "建议已收悉，将纳入明年的便民服务站建设计划。"],
  consultation: [
    "请问办理这项业务需要带哪些材料？",
    "所需材料已在办事指南中列明，可在网上或村便民服务站办理。",
  ],
  help: ["家中老人行动不便，想申请上门办理。", "已安排村代办员上门帮办。"],
};

const arrayLit = (values: string[]) => sql.lit(`{${values.map((v) => `"${v}"`).join(",")}}`);

export async function writeVoice(
  tx: Executor,
  categories: RequestCategory[],
  now: Date,
  tNow: number,
): Promise<void> {
  const u = (key: string, k: number) => sql.raw(uniform(key, k));
  const nowLit = sql.lit(now.toISOString());
  await sql`
    ${HISTORY} insert into ratings (subject_kind, subject_id, channel, level, tags, comment, rater_kind, rater_person_id,
      region_code, department_id, item_code, item_name, item_name_en, site_id, case_channel, created_at,
      province_code, id)
    with b as (
      select x.g, c.id, c.site_id, c.channel, c.region_code, c.item_code, c.item_name, o.rating_department,
        c.closed_at + (0.02 + 2 * ${u("x.g", 51)}) * interval '1 day' as at,
        -- Satisfied mostly; villagers a little less, and a case that ran late much less.
        ${u("x.g", 52)} - (case when x.rural then 0.03 else 0 end)
          - (case when c.overdue_at is not null then 0.12 else 0 end) as score
      from gen_x x join cases c on c.id = x.id join gen_off o on o.o = x.o
      where c.state = 'closed' and ${u("x.g", 50)} < 0.4
    ), l as (
      select b.*, case when score < 0.015 then 1 when score < 0.04 then 2 when score < 0.14 then 3
        when score < 0.4 then 4 else 5 end as level
      from b where at <= ${nowLit}::timestamptz
    )
    select 'case', id, case when site_id is not null then 'pad' else 'sms' end, level,
      case when level >= 3 then array[(${arrayLit(GOOD)}::text[])[1 + (g % ${sql.lit(GOOD.length)})::int]]
        else array[(${arrayLit(BAD)}::text[])[1 + (g % ${sql.lit(BAD.length)})::int]] end,
      case when level >= 3 then (${arrayLit(GOOD_WORDS)}::text[])[1 + ((g / 7) % ${sql.lit(GOOD_WORDS.length)})::int]
        else (${arrayLit(BAD_WORDS)}::text[])[1 + ((g / 7) % ${sql.lit(BAD_WORDS.length)})::int] end,
      'applicant', null, region_code, rating_department, item_code, item_name->>'zh', item_name->>'en',
      site_id, channel, at, left(region_code, 2), province_uuid(left(region_code, 2))
    from l order by g`.execute(tx);

  // 整改: five working days (the ratings module's default period); those of the last few days still open,
  // the others resolved — on time mostly — and so closed, as an anonymous rating's are at once.
  await sql`
    ${HISTORY} insert into rectifications (rating_id, region_code, department_id, state, due_at, callback_at,
      callback_note, outcome, resolved_at, resolved_on_time, closed_at, created_at, updated_at, province_code, id)
    with b as (
      select r.id, r.region_code, r.department_id, r.created_at, ${sql.raw(endOf("w.day"))} as due_at,
        r.created_at + (0.5 + (case when ${u("x.g", 53)} < 0.85 then 5 else 12 end) * ${u("x.g", 54)}) * interval '1 day' as resolved_at
      from ratings r join gen_x x on x.id = r.subject_id
      join gen_day d on d.day = floor((extract(epoch from r.created_at) + 28800) / 86400)::int
      join gen_work w on w.ord = d.ord + 5
      where r.subject_kind = 'case' and r.level <= 2 and r.department_id is not null
    )
    select id, region_code, department_id,
      case when resolved_at <= ${nowLit}::timestamptz then 'closed' else 'open' end, due_at,
      case when resolved_at <= ${nowLit}::timestamptz then created_at + interval '4 hours' end,
      case when resolved_at <= ${nowLit}::timestamptz then '已电话回访，致歉并说明改进措施 / called back, apologised and explained' end,
      case when resolved_at <= ${nowLit}::timestamptz then '已完善一次性告知清单 / the one-time notice list was completed' end,
      case when resolved_at <= ${nowLit}::timestamptz then resolved_at end,
      case when resolved_at <= ${nowLit}::timestamptz then resolved_at <= due_at end,
      case when resolved_at <= ${nowLit}::timestamptz then resolved_at end,
      created_at, least(resolved_at, ${nowLit}::timestamptz), left(region_code, 2),
      province_uuid(left(region_code, 2))
    from b where resolved_at <= ${nowLit}::timestamptz or due_at > ${nowLit}::timestamptz`.execute(tx);

  if (categories.length === 0) return;
  const cats = JSON.stringify(
    categories.map((c, k) => ({ k, ...c, text: TEXTS[c.kind]?.[0] ?? "", reply: TEXTS[c.kind]?.[1] ?? "" })),
  );
  const tNowLit = sql.lit(tNow);
  await sql`
    create temp table gen_rq on commit drop as
    with c as (
      select * from jsonb_to_recordset(${sql.lit(cats)}::jsonb)
        as r(k int, code text, kind text, days int, text text, reply text)
    ), b as (
      select x.g, x.place, x.rural, c.*, x.ord_sub + ${u("x.g", 61)} as t_r,
        (select department_id from request_routes r where r.category_code is null and x.place like r.region_code || '%'
          order by length(r.region_code) desc limit 1) as dispatcher_id,
        (select department_id from request_routes r where r.category_code = c.code and x.place like r.region_code || '%'
          order by length(r.region_code) desc limit 1) as department_id,
        ${u("x.g", 62)} as u_reply, ${u("x.g", 63)} as u_rate
      from gen_x x join c on c.k = (x.g / 20) % ${sql.lit(categories.length)}
      where x.g % 20 = 0
    )
    select b.*, ${sql.raw(genId("f", "b.g"))} as id,
      t_r + days * (0.3 + 0.9 * u_reply) * (case when rural then 1.2 else 1 end) as t_reply,
      floor(t_r)::int + days as due_ord
    from b where dispatcher_id is not null`.execute(tx);
  await sql`
    insert into public_requests (id, number, token_hash, category_code, kind, text, public_text, region_code,
      contact_preference, requester_kind, channel, state, dispatcher_id, department_id, received_at, due_at,
      overdue_at, reply_text, reply_public, reply_public_text, replied_at, satisfaction, rated_at,
      reopen_until, closed_at, updated_at, province_code)
    with b as (
      select q.*, ${sql.raw(atOf("q.t_r", "wr"))} as received_at, ${sql.raw(endOf("wd.day"))} as due_at,
        case when q.t_reply <= ${tNowLit} then ${sql.raw(atOf("q.t_reply", "wp"))} end as replied_at
      from gen_rq q join gen_work wr on wr.ord = floor(q.t_r)::int
      join gen_work wd on wd.ord = q.due_ord left join gen_work wp on wp.ord = floor(q.t_reply)::int
    ), c as (
      select b.*,
        case when replied_at is not null and u_rate < 0.7 then replied_at + interval '1 day' end as rated_at,
        replied_at + interval '14 days' as reopen_until
      from b
    )
    select id, '9' || lpad((g / 20)::text, 15, '0'), encode(sha256(convert_to(gen_random_uuid()::text, 'UTF8')), 'hex'),
      code, kind, text, case when kind = 'report' then null else text end, place, 'none', 'anonymous', 'web',
      case when rated_at <= ${nowLit}::timestamptz or reopen_until <= ${nowLit}::timestamptz then 'closed'
        when replied_at is not null then 'replied' when department_id is not null then 'assigned' else 'received' end,
      dispatcher_id, department_id, received_at, due_at,
      case when coalesce(replied_at, ${nowLit}::timestamptz) > due_at + interval '10 minutes'
        then due_at + interval '10 minutes' end,
      case when replied_at is not null then reply end, replied_at is not null,
      case when replied_at is not null then reply end, replied_at,
      case when rated_at <= ${nowLit}::timestamptz then
        case when u_rate < 0.5 then 'satisfied' when u_rate < 0.63 then 'basically' else 'dissatisfied' end end,
      case when rated_at <= ${nowLit}::timestamptz then rated_at end,
      case when replied_at is not null then reopen_until end,
      case when rated_at <= ${nowLit}::timestamptz then rated_at
        when reopen_until <= ${nowLit}::timestamptz then reopen_until end,
      greatest(received_at, replied_at, least(coalesce(rated_at, reopen_until), ${nowLit}::timestamptz)),
      left(place, 2)
    from c order by g`.execute(tx);
  await sql`
    ${HISTORY} insert into request_events (province_code, request_id, at, action, actor_kind, actor_id, department_id, data)
    select r.province_code, r.id, v.at, v.action, v.actor_kind, null, coalesce(r.department_id, r.dispatcher_id), '{}'::jsonb
    from public_requests r join gen_rq q on q.id = r.id
    cross join lateral (values
      (1, r.received_at, 'receive', 'anonymous'),
      (2, r.overdue_at, 'overdue', 'system'),
      (3, r.replied_at, 'reply', 'staff'),
      (4, r.rated_at, 'rate', 'anonymous'),
      (5, case when r.rated_at is null then r.closed_at end, 'close', 'system')
    ) as v(n, at, action, actor_kind)
    where v.at is not null
    order by r.id, v.at, v.n`.execute(tx);
}
