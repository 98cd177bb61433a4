import { sql } from "kysely";
import type { Executor } from "../../platform/db/database.ts";
import { provinceOf } from "../../platform/db/distribution.ts";
import type { PlaceRow } from "./place.ts";

export type { PlaceRow };

/** The SQL of the equity view (统筹城乡): places by where applicants live, and the last mile's reach. */

/**
 * The places at one level below a region — by where applicants live — with enough decided cases to
 * compare, slowest first: the townships or villages served worst.
 */
export async function worstPlaces(
  db: Executor,
  input: { regionCode: string; length: number; from: string; to: string; minimum: number; limit: number },
): Promise<PlaceRow[]> {
  const { rows } = await sql<PlaceRow>`
    with sums as (
      select region_code, sum(received)::int as received, sum(received_online)::int as received_online,
        sum(closed)::int as closed, sum(measured)::int as measured, sum(days_sum)::float8 as days_sum,
        sum(visits)::float8 as visits, sum(rated)::int as rated, sum(satisfied)::int as satisfied
      from insight_homes_monthly
      where province_code = ${provinceOf(input.regionCode)} and region_code like ${`${input.regionCode}%`} and length(region_code) = ${input.length}
        and month between ${input.from}::date and ${input.to}::date
      group by region_code
    )
    select s.region_code as code, coalesce(r.name, s.region_code) as name, r.urban_rural, s.received,
      s.received_online, s.closed, s.measured, s.days_sum, s.visits, s.rated, s.satisfied
    from sums s left join regions r on r.code = s.region_code
    where s.measured >= ${input.minimum}
    order by s.days_sum / s.measured desc, s.region_code
    limit ${input.limit}`.execute(db);
  return rows;
}

export interface Reach {
  villages: number;
  withPoint: number;
  withAgent: number;
}

/**
 * The villages and communities of a region, and how many have an open service point (便民服务站) of
 * their own, and how many a point whose village agent (帮办代办员) is still serving.
 */
export async function reach(db: Executor, regionCode: string): Promise<Reach> {
  const { rows } = await sql<Reach>`
    select count(*)::int as villages,
      count(*) filter (where exists (
        select 1 from service_sites s where s.region_code = v.code and s.kind = 'point' and s.open))::int as "withPoint",
      count(*) filter (where exists (
        select 1 from service_sites s join site_agents a on a.site_id = s.id and a.removed_at is null
        where s.region_code = v.code and s.kind = 'point'))::int as "withAgent"
    from regions v
    where v.level = 5 and v.code like ${`${regionCode}%`}`.execute(db);
  return rows[0] ?? { villages: 0, withPoint: 0, withAgent: 0 };
}

/** Villages and communities with neither an open point nor an agent: the first `limit` by code, and how many. */
export async function unreached(
  db: Executor,
  regionCode: string,
  limit: number,
): Promise<{ total: number; villages: { code: string; name: string; urban_rural: string | null }[] }> {
  const { rows } = await sql<{ code: string; name: string; urban_rural: string | null; total: number }>`
    select v.code, v.name, v.urban_rural, count(*) over ()::int as total
    from regions v
    where v.level = 5 and v.code like ${`${regionCode}%`}
      and not exists (
        select 1 from service_sites s left join site_agents a on a.site_id = s.id and a.removed_at is null
        where s.region_code = v.code and s.kind = 'point' and (s.open or a.site_id is not null))
    order by v.code
    limit ${limit}`.execute(db);
  return {
    total: rows[0]?.total ?? 0,
    villages: rows.map(({ code, name, urban_rural }) => ({ code, name, urban_rural })),
  };
}

/**
 * The items offered to the region's people — by the region, a region above it, or one within it — and
 * how many of them a village service point can take in (the item's current guide lists that channel).
 */
export async function itemsAtPoints(
  db: Executor,
  regionCode: string,
): Promise<{ offered: number; atPoints: number }> {
  const { rows } = await sql<{ offered: number; atPoints: number }>`
    with offered as (
      select distinct o.item_id from catalog_offerings o
      where o.status = 'active'
        and (o.region_code like ${`${regionCode}%`} or ${regionCode} like o.region_code || '%')
    ),
    current as (
      select distinct on (v.item_id) v.item_id, v.channels from catalog_item_versions v
      join offered using (item_id)
      where v.status = 'published'
      order by v.item_id, v.version desc
    )
    select count(*)::int as offered,
      count(*) filter (where 'village_point' = any(channels))::int as "atPoints"
    from current`.execute(db);
  return rows[0] ?? { offered: 0, atPoints: 0 };
}
