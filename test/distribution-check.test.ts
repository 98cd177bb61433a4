import { loadModule } from "libpg-query";
import { beforeAll, describe, expect, it } from "vitest";
import { unpinned } from "./distribution-check.ts";

beforeAll(() => loadModule());

const tables = (text: string) => unpinned(text).map((u) => `${u.table}: ${u.why}`);

describe("the distribution-key check", () => {
  it("passes a statement that pins the province of every province table it reads", () => {
    expect(tables(`select * from cases where province_code = $1 and id = $2`)).toEqual([]);
    expect(tables(`select * from "cases" where "cases"."province_code" = $1`)).toEqual([]);
    expect(tables(`select * from cases c where c.province_code = any($1) and c.state = 'open'`)).toEqual([]);
    expect(tables(`select * from cases where province_code in ('33', '11')`)).toEqual([]);
    expect(tables(`select * from cases where province_code = left($1::text, 2)`)).toEqual([]);
  });

  it("refuses one that does not, or pins it only on one arm of an OR", () => {
    expect(tables(`select * from cases where id = $1`)).toEqual(["cases: no province"]);
    expect(tables(`select * from cases where province_code = $1 or id = $2`)).toEqual(["cases: no province"]);
    expect(tables(`update case_tasks set status = 'done' where id = $1`)).toEqual([
      "case_tasks: no province",
    ]);
    expect(tables(`delete from insight_dirty where seq in (select seq from insight_dirty limit 5)`)).toEqual([
      "insight_dirty: no province",
      "insight_dirty: no province",
    ]);
  });

  it("carries a pin across a join on the province, and only so", () => {
    const joined = `select * from cases c join case_tasks t on t.case_id = c.id and t.province_code = c.province_code
      where c.province_code = $1`;
    expect(tables(joined)).toEqual([]);
    const loose = `select * from cases c join case_tasks t on t.case_id = c.id where c.province_code = $1`;
    expect(tables(loose)).toEqual(["case_tasks: no province"]);
  });

  it("lets a subquery correlated on the province inherit the outer pin", () => {
    const correlated = `select * from cases c where c.province_code = $1 and not exists
      (select 1 from rating_tokens r where r.province_code = c.province_code and r.subject_id = c.id)`;
    expect(tables(correlated)).toEqual([]);
    const uncorrelated = `select * from cases c where c.province_code = $1 and not exists
      (select 1 from rating_tokens r where r.subject_id = c.id)`;
    expect(tables(uncorrelated)).toEqual(["rating_tokens: no province"]);
  });

  it("checks each arm of a union and each CTE", () => {
    const text = `with x as (select id from ratings) select id from cases where province_code = $1
      union all select id from public_requests`;
    expect(tables(text).sort()).toEqual(["public_requests: no province", "ratings: no province"]);
  });

  it("requires an insert into a province table to name the column", () => {
    expect(tables(`insert into cases (id, region_code) values ($1, $2)`)).toEqual([
      "cases: insert without the column",
    ]);
    expect(tables(`insert into cases (province_code, id) values ($1, $2)`)).toEqual([]);
  });

  it("leaves reference and coordinator tables alone, and statements declared for every province", () => {
    expect(tables(`select * from catalog_items join persons on true`)).toEqual([]);
    expect(tables(`/* all provinces: the national figures */ select count(*) from cases`)).toEqual([]);
    expect(tables(`select /* all provinces: an old id */ * from cases where id = $1`)).toEqual([]);
    expect(tables(`select * from cases where id = $1 /* all provinces: too late */`)).toEqual([
      "cases: no province",
    ]);
  });
});
