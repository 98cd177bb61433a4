import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * "Never more than a native client" (docs/govstack-design.md, section 2.8): the façades reach other
 * modules only through their exported service functions, and hold SQL for their own tables alone.
 */
const ROOT = import.meta.dirname;
const MODULES = resolve(ROOT, "..");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

const isTest = (file: string) => /(\.test\.ts|(^|\/)testing\.ts|spec-testing\.ts)$/.test(file);

/**
 * Another module's files the façade may import: its service, its table types, and in tests its
 * factories. The conformance seed, a command and not a façade, builds on the demo as the demo does.
 */
function allowed(target: string, fromTest: boolean, fromSeed: boolean): boolean {
  const [module, ...rest] = relative(MODULES, target).split("/");
  const file = rest.join("/");
  if (fromSeed && module === "demo" && file === "seed.ts") return true;
  // The module registry: the `Module` type module.ts implements.
  if (module === "govstack" || (module === "index.ts" && file === "")) return true;
  if (file === "service.ts" || file === "tables.ts") return true;
  // Insights has no service.ts: the open figures are its public face.
  if (module === "insights" && file === "open-sums.ts") return true;
  return fromTest && file === "testing.ts";
}

const IMPORT = /(?:import|export)\s[^;]*?from\s+"(\.[^"]+)"|import\(\s*"(\.[^"]+)"\s*\)/g;
const STATEMENT = /\.(selectFrom|insertInto|updateTable|deleteFrom|innerJoin|leftJoin)\(\s*"([a-z_]+)/g;

describe("the GovStack module's boundaries", () => {
  const files = sources(ROOT);

  it("finds the module's files", () => {
    expect(files.map((f) => relative(ROOT, f))).toEqual(
      expect.arrayContaining(["identity.ts", "scope.ts", "registration/api.ts", "registries/api.ts"]),
    );
  });

  it("imports other modules only through their service.ts (and tables.ts, and testing.ts in tests)", () => {
    const wrong: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      for (const match of text.matchAll(IMPORT)) {
        const spec = (match[1] ?? match[2]) as string;
        const target = resolve(file, "..", spec);
        if (!target.startsWith(`${MODULES}/`)) continue;
        const fromSeed = relative(ROOT, file).startsWith("conformance/");
        if (!allowed(target, isTest(file), fromSeed)) wrong.push(`${relative(ROOT, file)} imports ${spec}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("holds SQL for govstack_* tables only", () => {
    const wrong: string[] = [];
    for (const file of files.filter((f) => !isTest(f))) {
      const text = readFileSync(file, "utf8");
      for (const match of text.matchAll(STATEMENT)) {
        if (!(match[2] as string).startsWith("govstack_")) {
          wrong.push(`${relative(ROOT, file)}: ${match[1]}("${match[2]}")`);
        }
      }
      // Raw SQL naming another table: `from x`, `join x`, `into x`, `update x`.
      for (const match of text.matchAll(/sql`[^`]*`/g)) {
        for (const table of match[0].matchAll(/\b(?:from|join|into|update)\s+([a-z_]+)/gi)) {
          if (!(table[1] as string).startsWith("govstack_")) {
            wrong.push(`${relative(ROOT, file)}: raw SQL on ${table[1]}`);
          }
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});
