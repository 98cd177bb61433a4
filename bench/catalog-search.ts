/**
 * Catalogue search over 10,000 published items (安吉县 and the regions above it, offerings at county,
 * township and village level):
 *   - `catalog.search_p99_ms`: the 99th percentile latency of `GET /api/v1/catalog/search` under 100
 *     concurrent searches (a mix of Chinese, synonyms, initials, pinyin, filters and near-me), against
 *     the whole app in its own process on PostgreSQL;
 *   - `catalog.search_speedup`: the same searches with text, run one after the other in this process,
 *     as a naive `content::text ILIKE '%…%'` scan of the published versions (with the same filters)
 *     divided by `searchCatalog` — side by side, alternating, in one run.
 * This file is also the server: run with BENCH_CATALOG_SEARCH_SERVER=1 it starts the app and sends
 * `{ port }` over IPC once listening.
 */
import { randomUUID } from "node:crypto";
import autocannon from "autocannon";
import { sql } from "kysely";
import { loadRomaniser, loadSegmenter } from "../src/modules/catalog/analyse.ts";
import type { ItemContent } from "../src/modules/catalog/content.ts";
import { type SearchQuery, searchCatalog } from "../src/modules/catalog/search.ts";
import { indexRow } from "../src/modules/catalog/search-index.ts";
import { upsertIndexRows } from "../src/modules/catalog/search-store.ts";
import { sampleContent } from "../src/modules/catalog/testing.ts";
import { ensureLineDepartments } from "../src/modules/departments/service.ts";
import { importRegions } from "../src/modules/regions/import.ts";
import { type Db, openDatabase } from "../src/platform/db/database.ts";
import { migrateToLatest } from "../src/platform/db/migrate.ts";
import { serveForParent } from "./child-server.ts";
import { type BenchContext, childEnv, type Measurement, register, round, stopGroup } from "./harness.ts";
import { startServer } from "./load.ts";

const ITEMS = 10_000;
const CONNECTIONS = 100;
const COUNTY = "330523";
/** 康山村委会, a village of 递铺街道: near-me searches start here. */
const VILLAGE = "330523001205";

// The searches -------------------------------------------------------------------------------------

type Search = Omit<SearchQuery, "limit" | "offset">;

/** What people type, as the issue lists it, with filters and near-me; each with the item it must find first. */
const SEARCHES: { query: Search; first?: string }[] = [
  { query: { text: "营业执照" }, first: "企业设立登记" },
  { query: { text: "开公司" }, first: "企业设立登记" },
  { query: { text: "yyzz" }, first: "企业设立登记" },
  { query: { text: "yingye" }, first: "企业设立登记" },
  { query: { text: "ying ye zhi zhao" }, first: "企业设立登记" },
  { query: { text: "低保" }, first: "最低生活保障金申领" },
  { query: { text: "社保卡" }, first: "社会保障卡申领" },
  { query: { text: "高龄津贴", regionCode: VILLAGE }, first: "高龄津贴发放" },
  { query: { text: "营业执照", line: "market_regulation", zeroVisit: true }, first: "企业设立登记" },
  { query: { text: "食品经营许可证" } },
  { query: { text: "许可", level: "county", audience: "legal_person" } },
  { query: { text: "证明", regionCode: VILLAGE } },
  { query: { event: "social_assistance", audience: "person" } },
  { query: { regionCode: VILLAGE, channel: "village_point" } },
];

function searchPath(query: Search): string {
  const params = new URLSearchParams();
  if (query.text !== undefined) params.set("q", query.text);
  if (query.line) params.set("line", query.line);
  if (query.event) params.set("event", query.event);
  if (query.audience) params.set("audience", query.audience);
  if (query.level) params.set("level", query.level);
  if (query.channel) params.set("channel", query.channel);
  if (query.zeroVisit !== undefined) params.set("zeroVisit", String(query.zeroVisit));
  if (query.regionCode) params.set("region", query.regionCode);
  params.set("limit", "20");
  return `/api/v1/catalog/search?${params}`;
}

// The catalogue --------------------------------------------------------------------------------------

/**
 * Subjects of synthetic items. None begins with 营业: a name that does (营业性演出许可) rightly ranks
 * above an item that has 营业执照 only among its keywords, and 200 variants of it would hide the
 * business licence from the yingye check.
 */
const SUBJECTS = [
  "食品经营 药品零售 医疗器械经营 道路运输经营 建筑工程施工",
  "排污 烟草专卖零售 娱乐场所经营 出版物经营 医疗机构执业",
  "民办学校办学 危险化学品经营 特种设备使用 网络餐饮服务",
  "生猪定点屠宰 农作物种子生产经营 农药经营 兽药经营",
  "渔业捕捞 林木采伐 取水 河道采砂 城市道路占用",
  "户外广告设施设置 燃气经营 公共场所卫生 放射诊疗",
  "母婴保健技术服务 劳务派遣经营 人力资源服务 旅行社设立",
  "水利工程建设 气象信息服务 文物保护工程",
  "高危险性体育项目经营 校车使用 机动车维修经营 出租汽车经营",
  "港口经营 医师执业 护士执业 教师资格 律师执业",
  "房地产开发企业资质 建筑业企业资质 工程监理企业资质",
  "安全生产 大型群众性活动安全 农村土地承包经营权",
  "二手车交易市场经营 养老机构 托育机构 殡葬服务 社会团体",
  "民办非企业单位 慈善组织 动物诊疗 水产苗种生产 草种经营",
  "植物检疫",
]
  .join(" ")
  .split(" ");
const ACTIONS = [
  "许可 许可变更 许可延续 许可注销 登记 变更登记 注销登记",
  "备案 核准 审批 资格认定 证明开具 年度报告 证书换发",
  "遗失补领 检验 初审 确认 验收 信息查询",
]
  .join(" ")
  .split(" ");
const QUALIFIERS = [
  "",
  "（新办）",
  "（变更）",
  "（延续）",
  "（补办）",
  "（注销）",
  "（首次申请）",
  "（跨省通办）",
  "（告知承诺）",
  "（网上办理）",
];
const KEYWORDS = [
  "许可证 资质 年检 换证 执业证 备案表 开业 经营场所",
  "从业人员 健康证 验资 安全评价 环评 检测报告 申请表",
  "证书",
]
  .join(" ")
  .split(" ");
const SUMMARY_PHRASES = [
  "申请人应当具备相应的场所、设备和专业技术人员",
  "材料齐全、符合法定形式的，当场受理",
  "可通过浙里办网上申请，也可到政务服务中心综合窗口办理",
  "办理结果可选择邮寄送达",
  "涉及多个部门的，实行并联审批",
  "实行告知承诺制，申请人书面承诺符合条件的，当场作出决定",
];
const LINES = [
  "market_regulation health transport housing_construction natural_resources",
  "agriculture_rural_affairs education civil_affairs",
  "human_resources_social_security public_security",
]
  .join(" ")
  .split(" ");
const EVENTS = [
  "starting_business",
  "operating",
  "investment",
  "construction",
  "employment",
  "housing",
] as const;

/** The real items the target searches must find, as a catalogue would hold them. */
function realItems(): ItemContent[] {
  const person: Partial<ItemContent> = {
    audience: ["person"],
    visits: 1,
    fullyOnline: false,
    channels: ["hall", "village_point"],
  };
  const text = (zh: string, en: string) => ({ zh, en });
  return [
    sampleContent({
      name: text("企业设立登记", "Enterprise establishment registration"),
      keywords: ["营业执照", "注册公司"],
      audience: ["legal_person"],
      summary: text(
        "企业办理设立登记，领取营业执照。",
        "Register a company and receive its business licence.",
      ),
    }),
    sampleContent({
      name: text("个体工商户设立登记", "Sole trader registration"),
      keywords: ["个体执照"],
      summary: text("个体经营者办理设立登记。", "Register as a sole trader."),
    }),
    sampleContent({
      ...person,
      name: text("最低生活保障金申领", "Minimum living allowance"),
      line: "civil_affairs",
      events: ["social_assistance"],
      keywords: [],
      summary: text(
        "共同生活的家庭成员人均收入低于当地最低生活保障标准的，可以申请。",
        "For low-income families.",
      ),
    }),
    sampleContent({
      ...person,
      name: text("高龄津贴发放", "Old-age allowance"),
      line: "civil_affairs",
      events: ["elderly_care"],
      keywords: ["老年津贴"],
      summary: text("八十周岁以上老年人按月领取高龄津贴。", "A monthly allowance from the age of 80."),
    }),
    sampleContent({
      ...person,
      name: text("社会保障卡申领", "Social security card application"),
      line: "human_resources_social_security",
      events: ["employment", "medical"],
      keywords: ["社保卡"],
      summary: text("参保人员申领社会保障卡。", "Apply for a social security card."),
    }),
    sampleContent({
      name: text("政府信息公开申请", "Government information disclosure request"),
      line: "general_office",
      events: ["information"],
      keywords: [],
      summary: text("公民、法人和其他组织可以申请获取政府信息。", "Ask for government information."),
    }),
  ];
}

const pick = <T>(list: readonly T[], n: number): T => list[n % list.length] as T;

/** The nth synthetic item: a subject, an action and a qualifier, so every name differs. */
function syntheticItem(n: number): ItemContent {
  const subject = pick(SUBJECTS, n);
  const action = pick(ACTIONS, Math.floor(n / SUBJECTS.length));
  const qualifier = pick(QUALIFIERS, Math.floor(n / (SUBJECTS.length * ACTIONS.length)));
  const name = `${subject}${action}${qualifier}`;
  const legalPerson = n % 3 !== 0;
  const visits = n % 4 === 0 ? 1 : 0;
  const licence = sampleContent().materials[0] as ItemContent["materials"][number];
  return sampleContent({
    name: { zh: name, en: `Synthetic item ${n}` },
    line: pick(LINES, n * 7),
    audience: legalPerson ? ["legal_person"] : ["person", "legal_person"],
    events: [pick(EVENTS, n), pick(EVENTS, n * 5 + 1)].filter((e, i, all) => all.indexOf(e) === i),
    levels: n % 5 === 0 ? ["county", "township"] : ["county"],
    keywords: [pick(KEYWORDS, n), pick(KEYWORDS, n * 3 + 1), `${subject}证`],
    summary: {
      zh: `办理${name}。${pick(SUMMARY_PHRASES, n)}；${pick(SUMMARY_PHRASES, n * 7 + 3)}。`,
      en: `How to apply for ${subject}.`,
    },
    materials: [
      { ...licence, key: "application", name: { zh: `${subject}申请表`, en: "Application form" } },
      ...(legalPerson
        ? [{ ...licence, key: "licence_copy", name: { zh: "营业执照复印件", en: "Business licence copy" } }]
        : []),
      { ...licence, key: "certificate", name: { zh: `${subject}相关证明材料`, en: "Certificates" } },
    ],
    conditions: [{ zh: pick(SUMMARY_PHRASES, n * 3), en: "Conditions" }],
    visits,
    fullyOnline: visits === 0,
    channels: visits === 0 ? ["online", "hall", "mobile"] : ["hall", "village_point"],
  });
}

/**
 * Loads the catalogue straight into the tables, a thousand rows a statement: items, their published
 * versions (the same list columns as store.ts writes), offerings, and the index rows `reindexItem`
 * would write (the same `indexRow`). The full-text index is dropped meanwhile and built again from its
 * own definition, as a bulk load should: row by row it is the slowest part of the load.
 */
export async function loadCatalogue(db: Db, context: BenchContext): Promise<void> {
  await importRegions(db, { county: COUNTY });
  const regions = await db
    .selectFrom("regions")
    .select(["code", "name", "level"])
    .where("code", "in", ["33", "3305", COUNTY])
    .execute();
  const departments = new Map<string, Map<string, string>>();
  for (const region of regions) departments.set(region.code, await ensureLineDepartments(db, region));
  const county = departments.get(COUNTY) as Map<string, string>;
  const below = await db
    .selectFrom("regions")
    .select(["code", "level"])
    .where("code", "like", `${COUNTY}%`)
    .where("level", ">", 3)
    .orderBy("code")
    .execute();
  const townships = below.filter((r) => r.level === 4).map((r) => r.code);
  const villages = below.filter((r) => r.level === 5 && r.code !== VILLAGE).map((r) => r.code);

  const real = realItems();
  const items: BenchItem[] = [
    ...real,
    ...Array.from({ length: ITEMS - real.length }, (_, n) => syntheticItem(n)),
  ].map((content, n) => ({
    n,
    id: randomUUID(),
    code: `330000-BENCH-${String(n).padStart(5, "0")}`,
    content,
  }));
  const [segmenter, romaniser] = await Promise.all([loadSegmenter(), loadRomaniser()]);
  const started = performance.now();
  const { rows } = await sql<{
    indexdef: string;
  }>`select indexdef from pg_indexes where indexname = 'catalog_search_index_document'`.execute(db);
  const definition = rows[0]?.indexdef;
  if (!definition) throw new Error("the search index catalog_search_index_document is missing");
  await sql`drop index catalog_search_index_document`.execute(db);

  for (let from = 0; from < items.length; from += 1000) {
    const chunk = items.slice(from, from + 1000);
    // The catalogue rows go to the database while this process analyses the same items' text.
    const catalogue = insertCatalogue(
      db,
      chunk,
      (item) => {
        const n = item.n;
        // Every item at the county; some also at a township's or village's service point.
        if (n < real.length) return [COUNTY, VILLAGE];
        return [
          COUNTY,
          ...(n % 10 === 0 ? [pick(townships, n)] : []),
          ...(n % 20 === 0 ? [pick(villages, n)] : []),
        ];
      },
      county,
    );
    const indexRows = chunk.map((item) =>
      indexRow({ itemId: item.id, code: item.code, version: 1, content: item.content }, segmenter, romaniser),
    );
    await catalogue;
    await upsertIndexRows(db, indexRows);
  }
  await sql.raw(definition).execute(db);
  await sql`analyze catalog_items, catalog_item_versions, catalog_offerings, catalog_search_index`.execute(
    db,
  );
  context.note(`loaded ${items.length} items in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

interface BenchItem {
  n: number;
  id: string;
  code: string;
  content: ItemContent;
}

async function insertCatalogue(
  db: Db,
  chunk: BenchItem[],
  placesOf: (item: BenchItem) => string[],
  departmentByLine: Map<string, string>,
): Promise<void> {
  await db
    .insertInto("catalog_items")
    .values(
      chunk.map((item) => ({ id: item.id, code: item.code, owner_region_code: "33", created_by: null })),
    )
    .execute();
  await db
    .insertInto("catalog_item_versions")
    .values(
      chunk.map(({ id, content }) => ({
        item_id: id,
        version: 1,
        status: "published" as const,
        content: JSON.stringify(content),
        name: content.name.zh,
        name_en: content.name.en,
        line: content.line,
        type: content.type,
        audience: content.audience,
        events: content.events,
        levels: content.levels,
        channels: content.channels,
        visits: content.visits,
        fully_online: content.fullyOnline,
        statutory_days: content.statutoryDays,
        promised_days: content.promisedDays,
        published_at: new Date(),
      })),
    )
    .execute();
  await db
    .insertInto("catalog_offerings")
    .values(
      chunk.flatMap((item) =>
        placesOf(item).map((regionCode) => ({
          item_id: item.id,
          region_code: regionCode,
          department_id: departmentByLine.get(item.content.line) as string,
        })),
      ),
    )
    .execute();
}

// Measuring ------------------------------------------------------------------------------------------

/** The scan a search box is often first built with: the published versions' whole content, ILIKE. */
async function naiveSearch(db: Db, query: Search): Promise<number> {
  const pattern = `%${(query.text ?? "").replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  let q = db
    .selectFrom("catalog_item_versions as v")
    .innerJoin("catalog_items as i", "i.id", "v.item_id")
    .where("v.status", "=", "published")
    .where(sql<boolean>`v.content::text ilike ${pattern}`);
  if (query.line) q = q.where("v.line", "=", query.line);
  if (query.event) q = q.where(sql<boolean>`${query.event} = any(v.events)`);
  if (query.audience) q = q.where(sql<boolean>`${query.audience} = any(v.audience)`);
  if (query.level) q = q.where(sql<boolean>`${query.level} = any(v.levels)`);
  if (query.channel) q = q.where(sql<boolean>`${query.channel} = any(v.channels)`);
  if (query.zeroVisit) q = q.where("v.visits", "=", 0);
  const region = query.regionCode;
  if (region) {
    const codes = [2, 4, 6, 9, 12].filter((n) => n <= region.length).map((n) => region.slice(0, n));
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom("catalog_offerings as o")
          .select("o.id")
          .whereRef("o.item_id", "=", "v.item_id")
          .where("o.status", "=", "active")
          .where("o.region_code", "in", codes),
      ),
    );
  }
  const rows = await q
    .select(["i.code", "v.version", "v.name", sql<string>`count(*) over ()`.as("total")])
    .orderBy("i.code")
    .limit(20)
    .execute();
  return Number(rows[0]?.total ?? 0);
}

/** Every target search finds its item first, over HTTP: a fast wrong answer measures nothing. */
async function checkAnswers(port: number): Promise<void> {
  for (const { query, first } of SEARCHES) {
    const response = await fetch(`http://127.0.0.1:${port}${searchPath(query)}`);
    if (response.status !== 200)
      throw new Error(`${searchPath(query)} answered ${response.status}: ${await response.text()}`);
    const body = (await response.json()) as { hits: { name: { zh: string } }[] };
    if (first && body.hits[0]?.name.zh !== first)
      throw new Error(`${searchPath(query)} found ${body.hits[0]?.name.zh ?? "nothing"} first, not ${first}`);
  }
}

async function load(port: number, seconds: number): Promise<{ p99: number; rps: number }> {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: SEARCHES.map(({ query }) => ({ method: "GET" as const, path: searchPath(query) })),
  });
  const failed = result.errors + result.timeouts + result.non2xx;
  if (failed > 0)
    throw new Error(
      `${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts of ${result.requests.total}`,
    );
  return { p99: result.latency.p99, rps: result.requests.average };
}

/** Total time of each way over the text searches, alternating which goes first. */
async function speedup(db: Db, rounds: number, context: BenchContext): Promise<number> {
  const withText = SEARCHES.filter((s) => s.query.text);
  const ours = async (query: Search) => (await searchCatalog(db, { ...query, limit: 20, offset: 0 })).total;
  const time = async (run: () => Promise<unknown>) => {
    const started = performance.now();
    await run();
    return performance.now() - started;
  };
  // Ours once untimed: jieba loaded. (The scan's pages are in memory since the load.)
  for (const { query } of withText) await ours(query);
  let naiveMs = 0;
  let oursMs = 0;
  for (let round = 0; round < rounds; round++) {
    for (const { query } of withText) {
      if (round % 2 === 0) {
        naiveMs += await time(() => naiveSearch(db, query));
        oursMs += await time(() => ours(query));
      } else {
        oursMs += await time(() => ours(query));
        naiveMs += await time(() => naiveSearch(db, query));
      }
    }
  }
  const per = rounds * withText.length;
  context.note(
    `per search: naive ILIKE ${(naiveMs / per).toFixed(1)} ms, search ${(oursMs / per).toFixed(2)} ms`,
  );
  return naiveMs / oursMs;
}

if (process.env.BENCH_CATALOG_SEARCH_SERVER !== "1") {
  register({
    metrics: [
      // With 100 searches always in flight, the mean wait is 100 ÷ throughput (Little's law), and the
      // 99th percentile about twice that. 3 s — where people commonly give up on a page — thus asks the
      // 2-vCPU reference machine (PostgreSQL and the load generator on the same two cores) for about 70
      // searches a second at least; it gives 120–180. 200 ms would need over 500 a second: 2 ms of both
      // cores for a search of five queries, a broad one reading up to a thousand rows.
      { name: "catalog.search_p99_ms", unit: "ms", goal: { max: 3000 } },
      { name: "catalog.search_speedup", unit: "ratio", goal: { min: 10 } },
      { name: "catalog.search_rps", unit: "req/s" },
    ],
    async run(context): Promise<Measurement[]> {
      const url = await context.freshDatabase();
      const handle = await openDatabase({ databaseUrl: url, pgliteDir: "memory://", poolSize: 4 });
      try {
        await migrateToLatest(handle.db);
        // The server starts while the catalogue loads; nothing asks it anything before the load is done.
        const starting = startServer<{ port: number }>(
          context,
          "bench/catalog-search.ts",
          childEnv({
            BENCH_CATALOG_SEARCH_SERVER: "1",
            DATABASE_URL: url,
            DATA_DIR: context.tempDir("catalog-search"),
            LOG_LEVEL: "info",
            RATE_LIMIT_PER_MINUTE: "10000000",
          }),
        );
        starting.catch(() => {});
        context.note(`loading ${ITEMS} items into a fresh PostgreSQL database`);
        await loadCatalogue(handle.db, context);
        const { child, ready } = await starting;
        try {
          const ratio = await speedup(handle.db, context.quick ? 1 : 4, context);
          await checkAnswers(ready.port);
          const seconds = context.quick ? 5 : 20;
          context.note(`${CONNECTIONS} concurrent searches for ${context.quick ? 2 : 5} + ${seconds} s`);
          // Warm-up: the app's hot paths are optimised after a few seconds of traffic.
          await load(ready.port, context.quick ? 2 : 5);
          const measured = await load(ready.port, seconds);
          return [
            { name: "catalog.search_p99_ms", value: round(measured.p99, 1), unit: "ms" },
            { name: "catalog.search_speedup", value: round(ratio, 1), unit: "ratio" },
            { name: "catalog.search_rps", value: Math.round(measured.rps), unit: "req/s" },
          ];
        } finally {
          await stopGroup(child);
        }
      } finally {
        await handle.close();
      }
    },
  });
} else {
  await serve();
}

/** The server side: the whole app on the benchmark's database, as `tongban serve` runs it. */
async function serve(): Promise<void> {
  const [{ buildApp }, { allJobs }, { startPlatform }, { loadConfig }, { createLogger }] = await Promise.all([
    import("../src/app.ts"),
    import("../src/modules/index.ts"),
    import("../src/platform/boot.ts"),
    import("../src/platform/config.ts"),
    import("../src/platform/logging.ts"),
  ]);
  const config = loadConfig(process.env);
  const running = await startPlatform(config, createLogger(config.logLevel), allJobs(), { work: false });
  await serveForParent(await buildApp(running), running);
}
