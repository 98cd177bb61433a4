/**
 * Every operation of the four GovStack specifications has its tests: a `describeOperation` block
 * holding at least one test named `+ …` (what the operation does) and one named `− …` (what it
 * refuses). Read from the sources, because vitest runs the test files in workers of their own.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { loadSpec, SPECS, type SpecName } from "./spec-testing.ts";

const ROOT = import.meta.dirname;

function testSources(dir: string): { path: string; text: string }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return testSources(path);
    return entry.name.endsWith(".test.ts")
      ? [{ path: relative(ROOT, path), text: readFileSync(path, "utf8") }]
      : [];
  });
}

interface Block {
  file: string;
  positive: number;
  negative: number;
}

const CALL = /describeOperation\(\s*"([^"]+)",\s*"([^"]+)"/g;
const TEST = /\b(?:it|test)(?:\.each\([^)]*\))?\(\s*["'`]([+−])\s/g;

/**
 * The tests of a block are those between its call and the next one: blocks are not nested, and a
 * block's tests are written inside it.
 */
function blocksOf(sources: { path: string; text: string }[]): Map<string, Block[]> {
  const blocks = new Map<string, Block[]>();
  for (const { path, text } of sources) {
    const calls = [...text.matchAll(CALL)];
    calls.forEach((call, i) => {
      const body = text.slice(call.index, calls[i + 1]?.index ?? text.length);
      const signs = [...body.matchAll(TEST)].map((m) => m[1]);
      const key = `${call[1]} ${call[2]}`;
      const list = blocks.get(key) ?? [];
      list.push({
        file: path,
        positive: signs.filter((s) => s === "+").length,
        negative: signs.filter((s) => s === "−").length,
      });
      blocks.set(key, list);
    });
  }
  return blocks;
}

describe("the GovStack operations' tests", () => {
  const blocks = blocksOf(testSources(ROOT).filter((s) => !s.path.endsWith("coverage.test.ts")));

  for (const name of Object.keys(SPECS) as SpecName[]) {
    it(`covers every operation of ${SPECS[name]}, each with a + and a − test`, () => {
      const missing = [...loadSpec(name).operations.keys()].flatMap((operation) => {
        const found = blocks.get(`${name} ${operation}`) ?? [];
        const positive = found.reduce((n, b) => n + b.positive, 0);
        const negative = found.reduce((n, b) => n + b.negative, 0);
        if (found.length === 0) return [`${operation}: no describeOperation`];
        if (positive === 0) return [`${operation}: no + test`];
        if (negative === 0) return [`${operation}: no − test`];
        return [];
      });
      expect(missing).toEqual([]);
    });
  }

  it("names only operations the specifications have", () => {
    const known = new Set(
      (Object.keys(SPECS) as SpecName[]).flatMap((name) =>
        [...loadSpec(name).operations.keys()].map((op) => `${name} ${op}`),
      ),
    );
    expect([...blocks.keys()].filter((key) => !known.has(key))).toEqual([]);
  });

  it("reads the blocks and signs of a source as written", () => {
    const source = [
      'describeOperation("registration", "GET /services", () => {',
      '  it("+ lists", () => {});',
      '  it("− refuses", () => {});',
      "});",
      'describeOperation("registration", "GET /tasks", () => {',
      '  it("+ lists", () => {});',
      '  it("- a hyphen is not the minus sign", () => {});',
      "});",
    ].join("\n");
    const read = blocksOf([{ path: "x.test.ts", text: source }]);
    expect(read.get("registration GET /services")).toEqual([{ file: "x.test.ts", positive: 1, negative: 1 }]);
    expect(read.get("registration GET /tasks")).toEqual([{ file: "x.test.ts", positive: 1, negative: 0 }]);
  });
});
