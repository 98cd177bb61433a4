import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/db.ts";
import { classifyVillage, importRegions, splitCsvLine, UnknownRegionError, villageKind } from "./import.ts";

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(async () => {
  await test?.close();
});

async function countsByLevel(): Promise<Record<number, number>> {
  const { rows } = await sql<{ level: number; n: number }>`
    select level, count(*)::int as n from regions group by level order by level
  `.execute(test.handle.db);
  return Object.fromEntries(rows.map((r) => [r.level, r.n]));
}

async function region(code: string) {
  return test.handle.db.selectFrom("regions").selectAll().where("code", "=", code).executeTakeFirst();
}

describe("classifyVillage", () => {
  it("reads the kind of committee from the last three digits, not the name", () => {
    expect(classifyVillage("330523002006")).toBe("urban"); // 昌硕社区居委会: residents' committee
    expect(classifyVillage("330523108204")).toBe("rural"); // 余村村委会: villagers' committee
    expect(classifyVillage("320723401498")).toBe("urban"); // 五农虚拟社区: like a residents' committee
    expect(classifyVillage("330523111500")).toBe("rural"); // 南湖林场生活区: like a villagers' committee
    expect(classifyVillage("361127102501")).toBe("rural"); // 新庄村民委员会 numbered in 500–599
  });

  it("refuses codes that name no committee", () => {
    for (const code of ["350527000000", "330523111600", "330523111999", "330523108", "33052310820x"]) {
      expect(() => classifyVillage(code)).toThrow(RangeError);
      expect(villageKind(code)).toBeUndefined();
    }
  });
});

describe("splitCsvLine", () => {
  it("splits quoted fields with commas and doubled quotes", () => {
    expect(splitCsvLine('110101001001,"多福巷社区居委会",110101001')).toEqual([
      "110101001001",
      "多福巷社区居委会",
      "110101001",
    ]);
    expect(splitCsvLine('1,"a, ""b""",,3')).toEqual(["1", 'a, "b"', "", "3"]);
    expect(splitCsvLine("1,")).toEqual(["1", ""]);
  });
});

describe("importRegions", () => {
  it("rejects an unknown province before writing anything, listing the known codes", async () => {
    for (const code of ["99", "abc", "3305"]) {
      const attempt = importRegions(test.handle.db, { province: code });
      await expect(attempt).rejects.toBeInstanceOf(UnknownRegionError);
      await expect(attempt).rejects.toThrow(
        `Unknown province code ${code}. Known codes: 11 北京市, 12 天津市,`,
      );
      await expect(attempt).rejects.toThrow("33 浙江省");
    }
    expect(await countsByLevel()).toEqual({});
  });

  it("rejects an unknown county, listing the counties of its province", async () => {
    await expect(importRegions(test.handle.db, { county: "330599" })).rejects.toThrow(
      /Unknown county code 330599\. Counties of 浙江省 \(33\): .*330523 安吉县/,
    );
    await expect(importRegions(test.handle.db, { county: "990101" })).rejects.toThrow(
      /Unknown county code 990101: .*Known province codes: 11 北京市/,
    );
    expect(await countsByLevel()).toEqual({});
  });

  it("imports a county with its ancestors and whole subtree, reporting progress", async () => {
    const ticks: number[] = [];
    let total = -1;
    let finished = 0;
    const result = await importRegions(
      test.handle.db,
      { county: "330523" },
      {
        progress: (n) => {
          total = n;
          return { tick: (count = 1) => ticks.push(count), done: () => finished++ };
        },
      },
    );
    expect(result).toEqual({
      provinces: 1,
      cities: 1,
      counties: 1,
      townships: 15,
      villages: 218,
      skipped: [],
    });
    expect(await countsByLevel()).toEqual({ 1: 1, 2: 1, 3: 1, 4: 15, 5: 218 });
    expect(total).toBe(236);
    expect(ticks.reduce((a, b) => a + b, 0)).toBe(236);
    expect(finished).toBe(1);
  });

  it("links every region to its parent one level up, the code extending the parent's", async () => {
    expect(await region("33")).toMatchObject({
      parent_code: null,
      level: 1,
      name: "浙江省",
      urban_rural: null,
    });
    expect(await region("3305")).toMatchObject({ parent_code: "33", level: 2, name: "湖州市" });
    expect(await region("330523")).toMatchObject({ parent_code: "3305", level: 3, name: "安吉县" });
    expect(await region("330523108")).toMatchObject({ parent_code: "330523", level: 4, name: "天荒坪镇" });
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from regions r join regions p on p.code = r.parent_code
      where p.level = r.level - 1 and r.code like p.code || '_%'
        and length(r.code) = case r.level when 2 then 4 when 3 then 6 when 4 then 9 when 5 then 12 end
    `.execute(test.handle.db);
    expect(rows[0]?.n).toBe(235);
  });

  it("classifies communities as urban and villages as rural", async () => {
    expect(await region("330523002006")).toMatchObject({
      name: "昌硕社区居委会",
      parent_code: "330523002",
      level: 5,
      urban_rural: "urban",
    });
    expect(await region("330523108204")).toMatchObject({
      name: "余村村委会",
      parent_code: "330523108",
      urban_rural: "rural",
    });
    expect(await region("330523111500")).toMatchObject({ name: "南湖林场生活区", urban_rural: "rural" });
    const { rows } = await sql<{ urban_rural: string | null; n: number }>`
      select urban_rural, count(*)::int as n from regions where level = 5 group by urban_rural order by 1
    `.execute(test.handle.db);
    expect(rows).toEqual([
      { urban_rural: "rural", n: 169 },
      { urban_rural: "urban", n: 49 },
    ]);
  });

  it("gives the same rows when run again, and repairs rows changed since", async () => {
    await sql`update regions set name = 'x', urban_rural = null where code = '330523108204'`.execute(
      test.handle.db,
    );
    const result = await importRegions(test.handle.db, { county: "330523" });
    expect(result).toMatchObject({ provinces: 1, cities: 1, counties: 1, townships: 15, villages: 218 });
    expect(await countsByLevel()).toEqual({ 1: 1, 2: 1, 3: 1, 4: 15, 5: 218 });
    expect(await region("330523108204")).toMatchObject({ name: "余村村委会", urban_rural: "rural" });
  });

  it("imports a whole province beside the county already there", { timeout: 60_000 }, async () => {
    const result = await importRegions(test.handle.db, { province: "33" }, { batchSize: 2000 });
    expect(result).toEqual({
      provinces: 1,
      cities: 11,
      counties: 90,
      townships: 1387,
      villages: 25547,
      skipped: [],
    });
    expect(await countsByLevel()).toEqual({ 1: 1, 2: 11, 3: 90, 4: 1387, 5: 25547 });
  });

  it("leaves out the placeholder numbered 000 under 金门县, saying why", async () => {
    const result = await importRegions(test.handle.db, { county: "350527" });
    expect(result).toMatchObject({ counties: 1, townships: 1, villages: 0 });
    expect(result.skipped).toEqual([
      { code: "350527000000", name: "金门县", reason: expect.stringContaining("001–599") },
    ]);
    expect(await region("350527000")).toMatchObject({ level: 4, parent_code: "350527" });
    expect(await region("350527000000")).toBeUndefined();
  });
});
