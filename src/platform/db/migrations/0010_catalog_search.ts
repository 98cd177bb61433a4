import { type Kysely, sql } from "kysely";

/**
 * The catalogue's search index and the synonyms that widen a search.
 *
 * PostgreSQL's text parser cannot split Chinese into words, so the application segments with jieba and
 * hands the words, separated by spaces, to `to_tsvector` in the `simple` configuration (no stemming, no
 * stop words), which only lower-cases and positions them: the lexemes are exactly the application's
 * words. The weights order the tiers of ranking: the name (with its pinyin and initials) A, keywords B,
 * the summary C, materials and conditions D. `label` holds the A and B parts alone: the upper tiers
 * of a search are found and ranked on it, and the whole `document` is read only for the lowest tier,
 * a bounded number of rows at a time (search-store.ts). Only the vectors are kept, not the words they
 * were made from: narrower rows are fewer pages for a search to read.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("catalog_search_index")
    .addColumn("item_id", "uuid", (c) => c.primaryKey().references("catalog_items.id").onDelete("cascade"))
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("code", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("name_en", "text", (c) => c.notNull())
    .addColumn("name_key", "text", (c) => c.notNull())
    .addColumn("summary", "text", (c) => c.notNull())
    .addColumn("summary_en", "text", (c) => c.notNull())
    .addColumn("line", "text", (c) => c.notNull())
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("audience", sql`text[]`, (c) => c.notNull())
    .addColumn("events", sql`text[]`, (c) => c.notNull())
    .addColumn("levels", sql`text[]`, (c) => c.notNull())
    .addColumn("channels", sql`text[]`, (c) => c.notNull())
    .addColumn("visits", "integer", (c) => c.notNull())
    .addColumn("fully_online", "boolean", (c) => c.notNull())
    .addColumn("promised_days", "integer", (c) => c.notNull())
    .addColumn("statutory_days", "integer", (c) => c.notNull())
    .addColumn("pinyin", "text", (c) => c.notNull())
    .addColumn("initials", "text", (c) => c.notNull())
    .addColumn("label", sql`tsvector`, (c) => c.notNull())
    .addColumn("document", sql`tsvector`, (c) => c.notNull())
    .addColumn("indexed_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // The label stays in the row and the document, when the row is long, goes out of it uncompressed:
  // ranking a common name word (许可: a third of the catalogue) reads half as many pages, and the few
  // documents the lowest tier reads need no decompressing (measured with 10,000 items: bench/).
  await sql`alter table catalog_search_index alter column label set storage main`.execute(db);
  await sql`alter table catalog_search_index alter column document set storage external`.execute(db);
  // Written only when an item is published or retired: every change goes straight into the index
  // rather than a pending list that each search would have to scan until the next vacuum.
  await sql`create index catalog_search_index_document on catalog_search_index using gin (document) with (fastupdate = off)`.execute(
    db,
  );
  await sql`create index catalog_search_index_label on catalog_search_index using gin (label) with (fastupdate = off)`.execute(
    db,
  );
  await sql`create index catalog_search_index_lists on catalog_search_index using gin (events, audience, levels, channels)`.execute(
    db,
  );
  await db.schema
    .createIndex("catalog_search_index_line")
    .on("catalog_search_index")
    .column("line")
    .execute();
  // The lowest tier and lists by filters alone come by code, a page at a time.
  await db.schema
    .createIndex("catalog_search_index_code")
    .on("catalog_search_index")
    .column("code")
    .unique()
    .execute();

  await db.schema
    .createTable("catalog_synonyms")
    .addColumn("term", "text", (c) => c.primaryKey())
    .addColumn("expansions", sql`text[]`, (c) => c.notNull().check(sql`cardinality(expansions) > 0`))
    .addColumn("updated_by", "uuid", (c) => c.references("staff.id"))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  const rows = SEED.map(([term, ...expansions]) => sql`(${term}, ${expansions})`);
  await sql`insert into catalog_synonyms (term, expansions) values ${sql.join(rows)}`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("catalog_synonyms").execute();
  await db.schema.dropTable("catalog_search_index").execute();
}

/**
 * What people type for the items they want, as heard at service windows and hotlines: colloquial
 * names, the paper they want rather than the procedure, abbreviations. Each: the term, then what it
 * should also find. Managers keep the list from then on.
 */
const SEED: [string, ...string[]][] = [
  ["开公司", "企业设立", "营业执照"],
  ["注册公司", "企业设立", "营业执照"],
  ["办执照", "营业执照", "企业设立"],
  ["开店", "个体工商户", "营业执照"],
  ["个体户", "个体工商户"],
  ["注销公司", "企业注销"],
  ["开饭店", "食品经营许可", "餐饮"],
  ["食品许可", "食品经营许可"],
  ["低保", "最低生活保障"],
  ["特困", "特困人员救助供养"],
  ["社保", "社会保险"],
  ["社保卡", "社会保障卡"],
  ["医保", "医疗保险", "医疗保障"],
  ["医保卡", "社会保障卡", "医保电子凭证"],
  ["公积金", "住房公积金"],
  ["退休", "养老保险待遇", "退休"],
  ["养老金", "养老保险待遇", "基本养老金"],
  ["失业金", "失业保险金"],
  ["生育津贴", "生育保险待遇"],
  ["老年津贴", "高龄津贴"],
  ["高龄补贴", "高龄津贴"],
  ["残疾证", "残疾人证"],
  ["结婚证", "结婚登记"],
  ["离婚证", "离婚登记"],
  ["出生证", "出生医学证明"],
  ["准生证", "生育登记"],
  ["上户口", "户口登记", "出生登记"],
  ["报户口", "户口登记", "出生登记"],
  ["迁户口", "户口迁移"],
  ["落户", "户口迁入", "户口登记"],
  ["身份证", "居民身份证"],
  ["暂住证", "居住证"],
  ["无犯罪证明", "无犯罪记录证明"],
  ["宅基地", "农村村民住宅用地", "宅基地"],
  ["盖房子", "农村村民住宅用地", "建房"],
  ["房产证", "不动产权证书", "不动产登记"],
  ["过户", "转移登记", "不动产登记"],
  ["施工证", "施工许可"],
  ["驾照", "机动车驾驶证"],
  ["护照", "普通护照", "出入境证件"],
  ["信息公开", "政府信息公开", "依申请公开"],
  ["上学", "义务教育入学"],
  ["危房改造", "农村危房改造"],
];
