/** One difference between two versions' content, at a JSON pointer. */
export interface Change {
  path: string;
  kind: "added" | "removed" | "changed";
  before?: unknown;
  after?: unknown;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const pointerKey = (key: string) => key.replace(/~/g, "~0").replace(/\//g, "~1");

/**
 * The differences between two JSON documents, leaf by leaf, in document order. Arrays are compared
 * position by position: a material inserted at the top shows as changes below it, which is what a
 * reader comparing two printed guides sees too.
 */
export function diffContent(before: unknown, after: unknown, path = ""): Change[] {
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((key) => {
      const at = `${path}/${pointerKey(key)}`;
      if (!(key in before)) return [{ path: at, kind: "added" as const, after: after[key] }];
      if (!(key in after)) return [{ path: at, kind: "removed" as const, before: before[key] }];
      return diffContent(before[key], after[key], at);
    });
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const length = Math.max(before.length, after.length);
    return Array.from({ length }, (_, i) => {
      const at = `${path}/${i}`;
      if (i >= before.length) return [{ path: at, kind: "added" as const, after: after[i] }];
      if (i >= after.length) return [{ path: at, kind: "removed" as const, before: before[i] }];
      return diffContent(before[i], after[i], at);
    }).flat();
  }
  return JSON.stringify(before) === JSON.stringify(after)
    ? []
    : [{ path: path || "/", kind: "changed", before, after }];
}
