import fc from "fast-check";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/db.ts";
import {
  indexTerms,
  loadRomaniser,
  loadSegmenter,
  normalise,
  parseQuery,
  type Romaniser,
  type Segmenter,
  type Synonym,
  toLooseTsquery,
  toTsquery,
} from "./analyse.ts";
import { sampleContent } from "./testing.ts";

let seg: Segmenter;
let roman: Romaniser;

beforeAll(async () => {
  [seg, roman] = await Promise.all([loadSegmenter(), loadRomaniser()]);
});

const SYNONYMS: Synonym[] = [
  { term: "开公司", expansions: ["企业设立", "营业执照"] },
  { term: "医保", expansions: ["医疗保险"] },
  { term: "医保卡", expansions: ["社会保障卡"] },
  { term: "低保", expansions: ["最低生活保障"] },
  { term: "yb", expansions: ["医保"] },
];
const parse = (text: string) => parseQuery(text, SYNONYMS, seg);
const words = (field: string) => field.split(" ");

describe("normalise", () => {
  it("makes full-width half-width, drops tone marks, lower-cases, and turns symbols into spaces", () => {
    expect(normalise("ＹＹＺＺ")).toBe("yyzz");
    expect(normalise("Yíng Yè")).toBe("ying ye");
    expect(normalise("营业执照（副本）")).toBe("营业执照 副本");
    expect(normalise("' or 1=1 --")).toBe("or 1 1");
    expect(normalise("<script>alert(1)</script>")).toBe("script alert 1 script");
    expect(normalise("& | ! : * ( ) <-> '\\")).toBe("");
  });
});

describe("what the index holds of a version", () => {
  const terms = () =>
    indexTerms(
      sampleContent({
        name: { zh: "企业设立登记", en: "Enterprise establishment registration" },
        keywords: ["营业执照", "开公司"],
      }),
      seg,
      roman,
    );

  it("keeps the name whole and as its words, in Chinese and English", () => {
    const { nameTerms, nameKey } = terms();
    expect(words(nameTerms)).toEqual(
      expect.arrayContaining(["企业设立登记", "企业", "设立", "设立登记", "enterprise", "registration"]),
    );
    expect(nameKey).toBe("企业设立登记");
  });

  it("spells the name and each of its words in pinyin and initials", () => {
    const { pinyin, initials } = terms();
    expect(words(pinyin)).toEqual(expect.arrayContaining(["qiyeshelidengji", "qiye", "shelidengji"]));
    expect(words(initials)).toEqual(expect.arrayContaining(["qysldj", "qy", "sldj"]));
  });

  it("keeps keywords with their pinyin and initials apart from the name", () => {
    const { keywordTerms, nameTerms } = terms();
    expect(words(keywordTerms)).toEqual(
      expect.arrayContaining(["营业执照", "营业", "执照", "yingyezhizhao", "yingye", "yyzz", "开公司"]),
    );
    expect(words(nameTerms)).not.toContain("营业执照");
  });

  it("cuts running text into words, without its sentences whole or one-character words", () => {
    const { summaryTerms, materialTerms } = terms();
    expect(words(summaryTerms)).toEqual(expect.arrayContaining(["食品", "餐饮", "服务", "licence"]));
    expect(words(summaryTerms)).not.toContain("在本县从事食品销售和餐饮服务");
    expect(words(materialTerms)).toEqual(expect.arrayContaining(["申请书", "平面图"]));
    expect(words(materialTerms).every((w) => Array.from(w).length > 1)).toBe(true);
  });

  it("reads a character as its word does (行 in 银行 and 行政)", () => {
    const { pinyin } = indexTerms(
      sampleContent({ name: { zh: "银行行政许可", en: "Bank licence" }, keywords: [] }),
      seg,
      roman,
    );
    expect(words(pinyin)).toEqual(expect.arrayContaining(["yinhang", "xingzheng"]));
  });
});

describe("reading a query", () => {
  it("searches a Chinese word as itself or as the words inside it", () => {
    const parsed = parse("营业执照");
    expect(toTsquery(parsed.groups)).toBe("('营业执照':* | ('营业':* & '执照':*))");
    expect(parsed.terms).toEqual(["营业执照"]);
    expect(parsed.exact).toEqual(["营业执照"]);
  });

  it("puts a synonym's expansions beside the term, the longest term first", () => {
    expect(toTsquery(parse("开公司").groups)).toBe(
      "(('开':* & '公司':*) | ('企业':* & '设立':*) | ('营业执照':* | ('营业':* & '执照':*)))",
    );
    expect(parse("医保卡").terms).toEqual(["医保卡", "社会保障卡"]);
    expect(parse("医保报销").terms).toEqual(["医保", "医疗保险", "报销"]);
  });

  it("matches a Latin synonym only as a whole word", () => {
    expect(parse("yb").terms).toEqual(["yb", "医保"]);
    expect(parse("yyzzyb").terms).toEqual(["yyzzyb"]);
  });

  it("drops what people wrap a request in, unless nothing else is left", () => {
    expect(parse("我要开公司怎么办理").terms).toEqual(["开公司", "企业设立", "营业执照"]);
    expect(parse("在哪里申请低保").terms).toEqual(["低保", "最低生活保障"]);
    expect(parse("申请").terms).toEqual(["申请"]);
  });

  it("reads Latin letters as pinyin run together, initials, or English words", () => {
    expect(toTsquery(parse("yingye").groups)).toBe("'yingye':*");
    expect(toTsquery(parse("ying ye zhi zhao").groups)).toBe(
      "('yingyezhizhao':* | ('ying':* & 'ye':* & 'zhi':* & 'zhao':*))",
    );
    expect(toTsquery(parse("the business licence").groups)).toBe(
      "('thebusinesslicence':* | ('business':* & 'licence':*))",
    );
    expect(toTsquery(parse("2024").groups)).toBe("'2024'");
  });

  it("restricts every word to the name, or the name and keywords, for ranking", () => {
    expect(toTsquery(parse("低保").groups, "A")).toBe("('低保':*A | ('最低':*A & '生活':*A & '保障':*A))");
    expect(toTsquery(parse("2024").groups, "AB")).toBe("'2024':AB");
    expect(toLooseTsquery(["食品", "许可"], "AB")).toBe("'食品':*AB | '许可':*AB");
  });

  it("has nothing to search for in operators and punctuation alone", () => {
    for (const typed of ["&", "| !", ":*", "( )", "<->", "'", "\\"]) expect(parse(typed).groups).toEqual([]);
  });

  it("keeps a looser set of Chinese words for when nothing has them all", () => {
    expect(parse("食品经营许可证在哪里办").loose).toEqual(
      expect.arrayContaining(["食品", "经营", "许可证", "许可"]),
    );
    expect(parse("yyzz").loose).toEqual([]);
  });

  it("counts at most twelve parts of a query", () => {
    const parsed = parse("甲乙 丙丁 戊己 庚辛 壬癸 子丑 寅卯 辰巳 午未 申酉 戌亥 东西 南北 上下");
    expect(parsed.groups.length).toBe(12);
  });
});

describe("whatever is typed", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
  });
  afterAll(() => database.close());

  it("becomes a tsquery PostgreSQL accepts", async () => {
    const typed = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.string({ unit: fc.constantFrom(..."营业执照开公司低保&|!:*()<->'\"\\ yzAB1;-"), maxLength: 40 }),
      fc.string({ unit: "grapheme", maxLength: 20 }),
    );
    await fc.assert(
      fc.asyncProperty(typed, async (text) => {
        const parsed = parse(text);
        for (const query of [
          toTsquery(parsed.groups),
          toTsquery(parsed.groups, "A"),
          toLooseTsquery(parsed.loose, "AB"),
        ]) {
          if (query === "") continue;
          await sql`select ${query}::tsquery`.execute(database.handle.db);
        }
      }),
      { numRuns: 300 },
    );
  });
});
