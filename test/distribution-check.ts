import { appendFileSync } from "node:fs";
import { join } from "node:path";
import {
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  PostgresQueryCompiler,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from "kysely";
import { loadModule, parseSync } from "libpg-query";
import { DISTRIBUTION } from "../src/platform/db/distribution.ts";

/**
 * The distribution-key check of docs/scale-out.md (section 5): every statement the application sends,
 * as PostgreSQL's own parser reads it, must pin `province_code` for every province table it reads,
 * changes or deletes — equal to a value, to any of a list, or to the province of another table pinned in
 * the same statement — and name the column when it inserts into one. On Citus a statement that does not
 * goes to every shard. Statements meant for every province say so in a leading comment,
 * `/* all provinces: why *\/`, and are listed rather than counted as faults.
 */

/** A statement that leaves a province table's rows to every shard. */
export interface Unpinned {
  table: string;
  why: "no province" | "insert without the column";
}

type Node = Record<string, unknown>;

const isProvince = (table: string) => DISTRIBUTION[table] === "province";

/** The statements nested in a node — subqueries, CTEs, derived tables — not descending into them. */
function nestedStatements(node: unknown, found: Node[] = []): Node[] {
  if (Array.isArray(node)) {
    for (const item of node) nestedStatements(item, found);
  } else if (node && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (["SelectStmt", "InsertStmt", "UpdateStmt", "DeleteStmt"].includes(key))
        found.push({ [key]: value });
      else nestedStatements(value, found);
    }
  }
  return found;
}

/** The conjuncts of a condition: an OR pins nothing, so only the AND's arms count. */
function conjuncts(node: unknown): Node[] {
  if (!node || typeof node !== "object") return [];
  const bool = (node as Node).BoolExpr as { boolop: string; args: Node[] } | undefined;
  if (bool?.boolop === "AND_EXPR") return bool.args.flatMap(conjuncts);
  return [node as Node];
}

/** A value fixed for the statement: a parameter, a literal, a cast or a function of such. */
function isFixed(node: unknown): boolean {
  if (!node || typeof node !== "object") return false;
  const n = node as Node;
  if ("ParamRef" in n || "A_Const" in n) return true;
  if ("TypeCast" in n) return isFixed((n.TypeCast as Node).arg);
  if ("FuncCall" in n) return ((n.FuncCall as Node).args as unknown[] | undefined)?.every(isFixed) ?? true;
  if ("List" in n) return ((n.List as Node).items as unknown[] | undefined)?.every(isFixed) ?? false;
  if ("A_ArrayExpr" in n)
    return ((n.A_ArrayExpr as Node).elements as unknown[] | undefined)?.every(isFixed) ?? true;
  return false;
}

/** The alias a `province_code` column reference names, if it is one. */
function provinceColumn(node: unknown, level: Level): string | undefined {
  const fields = ((node as Node | undefined)?.ColumnRef as Node | undefined)?.fields as Node[] | undefined;
  if (!fields) return undefined;
  const names = fields.map((f) => (f.String as { sval: string } | undefined)?.sval);
  if (names.at(-1) !== "province_code") return undefined;
  if (names.length >= 2) return names.at(-2);
  // Unqualified: the statement's only province table.
  const own = [...level.tables.keys()];
  return own.length === 1 ? own[0] : undefined;
}

interface Level {
  /** Alias → table, for this level's province tables. */
  tables: Map<string, string>;
  conditions: Node[];
}

function collectFrom(items: unknown, level: Level): void {
  for (const item of (items as Node[] | undefined) ?? []) {
    if ("RangeVar" in item) {
      const range = item.RangeVar as { relname: string; alias?: { aliasname: string } };
      if (isProvince(range.relname)) level.tables.set(range.alias?.aliasname ?? range.relname, range.relname);
    } else if ("JoinExpr" in item) {
      const join = item.JoinExpr as Node;
      collectFrom([join.larg, join.rarg], level);
      level.conditions.push(...conjuncts(join.quals));
    }
  }
}

/** The aliases of the level pinned by its conditions, given those pinned around it. */
function pinnedAliases(level: Level, outer: ReadonlySet<string>): Set<string> {
  const pinned = new Set<string>();
  const links: [string, string][] = [];
  for (const condition of level.conditions) {
    const expr = condition.A_Expr as
      | { kind: string; name?: Node[]; lexpr?: unknown; rexpr?: unknown }
      | undefined;
    if (!expr) continue;
    const op = (expr.name?.[0]?.String as { sval: string } | undefined)?.sval;
    if (op !== "=") continue;
    const left = provinceColumn(expr.lexpr, level);
    const right = provinceColumn(expr.rexpr, level);
    if (expr.kind === "AEXPR_OP" || expr.kind === "AEXPR_OP_ANY" || expr.kind === "AEXPR_IN") {
      if (left && isFixed(expr.rexpr)) pinned.add(left);
      else if (right && isFixed(expr.lexpr) && expr.kind === "AEXPR_OP") pinned.add(right);
      else if (left && right) links.push([left, right]);
    }
  }
  // Equal provinces carry a pin across: to a fixpoint.
  for (let changed = true; changed; ) {
    changed = false;
    for (const [a, b] of links) {
      const aPinned = pinned.has(a) || outer.has(a);
      const bPinned = pinned.has(b) || outer.has(b);
      if (aPinned === bPinned) continue;
      pinned.add(aPinned ? b : a);
      changed = true;
    }
  }
  return pinned;
}

function checkStatement(statement: Node, outer: ReadonlySet<string>, found: Unpinned[]): void {
  const [kind, body] = Object.entries(statement)[0] as [string, Node];
  if (kind === "SelectStmt" && body.op && body.op !== "SETOP_NONE") {
    checkStatement({ SelectStmt: body.larg }, outer, found);
    checkStatement({ SelectStmt: body.rarg }, outer, found);
    for (const nested of nestedStatements(body.withClause)) checkStatement(nested, outer, found);
    return;
  }
  const level: Level = { tables: new Map(), conditions: conjuncts(body.whereClause) };
  if (kind === "InsertStmt") {
    const relation = body.relation as { relname: string };
    const columns = ((body.cols as Node[] | undefined) ?? []).map(
      (c) => (c.ResTarget as { name: string }).name,
    );
    if (isProvince(relation.relname) && columns.length > 0 && !columns.includes("province_code")) {
      found.push({ table: relation.relname, why: "insert without the column" });
    }
  } else {
    if (kind === "UpdateStmt" || kind === "DeleteStmt") collectFrom([{ RangeVar: body.relation }], level);
    collectFrom(body.fromClause ?? body.usingClause, level);
  }
  const pinned = pinnedAliases(level, outer);
  for (const [alias, table] of level.tables) {
    if (!pinned.has(alias) && !outer.has(alias)) found.push({ table, why: "no province" });
  }
  const inner = new Set([...outer, ...pinned]);
  for (const nested of nestedStatements(body)) checkStatement(nested, inner, found);
}

/**
 * What in `text` would go to every shard; none for a statement declared for every province — at its head,
 * or after its first keyword, where a select builder's `modifyFront` puts it.
 */
export function unpinned(text: string): Unpinned[] {
  if (/^\s*(?:(?:select|update|delete|insert)\s+)?\/\* all provinces:/i.test(text)) return [];
  const found: Unpinned[] = [];
  for (const { stmt } of (parseSync(text) as { stmts: { stmt: Node }[] }).stmts)
    checkStatement(stmt, new Set(), found);
  return found;
}

/**
 * The function that sent the statement: the first frame in the application's own modules. Undefined for
 * a statement of the tests themselves (a test file, a `testing.ts` helper, test/): not the application's.
 */
function caller(): string | undefined {
  // Kysely's own frames alone can fill V8's default ten.
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 60;
  const frames = (new Error().stack ?? "").split("\n").slice(1);
  Error.stackTraceLimit = limit;
  const first = frames.find(
    (frame) =>
      /\/(src|test)\//.test(frame) &&
      !frame.includes("/src/platform/db/") &&
      !frame.includes("/test/db.ts") &&
      !frame.includes("/test/distribution-check.ts"),
  );
  if (!first || /\.test\.tsx?:|\/testing\.ts:|\/test\//.test(first)) return undefined;
  const match = first.match(/at (?:async )?(?:Module\.)?([\w.<>]+) \(.*\/src\/(.*?):\d+:\d+\)/);
  return match ? `${match[2]} ${match[1]}` : first.trim();
}

/**
 * A plugin that reads every statement Kysely compiles — query builders and raw `sql` templates alike; pg-boss's
 * own statements go round it — and appends each distinct fault, with the function that sent it, to a file.
 */
export class DistributionCheck implements KyselyPlugin {
  readonly #compiler = new PostgresQueryCompiler();
  readonly #seen = new Set<string>();
  /** Verdicts by statement text: a suite sends the same few thousand statements again and again. */
  readonly #verdicts = new Map<string, Unpinned[]>();
  readonly #file: string;

  private constructor(dir: string) {
    this.#file = join(dir, `distribution-${process.pid}.jsonl`);
  }

  static async create(dir: string): Promise<DistributionCheck> {
    await loadModule();
    return new DistributionCheck(dir);
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const { sql } = this.#compiler.compileQuery(args.node, args.queryId);
    let faults = this.#verdicts.get(sql);
    if (!faults) {
      faults = unpinned(sql);
      if (this.#verdicts.size >= 50_000) this.#verdicts.clear();
      this.#verdicts.set(sql, faults);
    }
    const from = faults.length > 0 ? caller() : undefined;
    if (from) {
      for (const fault of faults) {
        const key = `${from}|${fault.table}|${fault.why}`;
        if (this.#seen.has(key)) continue;
        this.#seen.add(key);
        appendFileSync(this.#file, `${JSON.stringify({ from, ...fault, sql: sql.slice(0, 400) })}\n`);
      }
    }
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}
