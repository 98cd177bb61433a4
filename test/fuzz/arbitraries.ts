/**
 * JSON Schemas (as /openapi.json publishes them) turned into fast-check arbitraries: `valid` gives
 * values the schema accepts, `invalid` values it should refuse — or, through a union, might accept;
 * the fuzz never asserts a refusal, only that nothing breaks, so a near miss is still a good input.
 */
import fc from "fast-check";
import {
  FORMATS,
  han,
  JSON_TYPES,
  NASTY_NUMBERS,
  nastyString,
  nastyValue,
  SAMPLE_OF_TYPE,
} from "./values.ts";

export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  nullable?: boolean;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  minProperties?: number;
  maxProperties?: number;
  items?: JsonSchema | JsonSchema[];
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  examples?: unknown[];
  default?: unknown;
}

/** Past this depth a schema's value is its simplest: the published schemas are not recursive, but a
 * `$ref` cycle must not hang the generator. */
const MAX_DEPTH = 8;
/** Generated strings stay short unless a test asks for huge ones: short strings reach the logic. */
const LONGEST_PLAIN_STRING = 40;

export class SchemaArbitraries {
  private readonly validCache = new WeakMap<JsonSchema, fc.Arbitrary<unknown>>();
  private readonly invalidCache = new WeakMap<JsonSchema, fc.Arbitrary<unknown>>();

  /**
   * `components` is the document's `components.schemas`, which `#/components/schemas/…` refer to;
   * `hints` gives existing values for a property or parameter of that name ("departmentId"), so that
   * valid bodies name things that exist and get past the handler's first lookup.
   */
  constructor(
    private readonly components: Record<string, JsonSchema>,
    private readonly hints: (name: string) => readonly string[] = () => [],
  ) {}

  resolve(schema: JsonSchema): JsonSchema {
    let current = schema;
    for (let hops = 0; current.$ref !== undefined; hops++) {
      const name = current.$ref.replace(/^#\/components\/schemas\//, "");
      const target = this.components[name];
      if (!target || hops > 20) throw new Error(`Unresolvable $ref ${current.$ref}`);
      current = target;
    }
    return current;
  }

  valid(schema: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
    const s = this.resolve(schema);
    const cached = this.validCache.get(s);
    if (cached) return cached;
    const made = this.makeValid(s, depth);
    this.validCache.set(s, made);
    return made;
  }

  invalid(schema: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
    const s = this.resolve(schema);
    const cached = this.invalidCache.get(s);
    if (cached) return cached;
    const made = this.makeInvalid(s, depth);
    this.invalidCache.set(s, made);
    return made;
  }

  /** Mostly valid values, sometimes invalid ones, sometimes the nastiest: the usual mix for one value. */
  mixed(schema: JsonSchema, name = ""): fc.Arbitrary<unknown> {
    return fc.oneof(
      { weight: 6, arbitrary: this.hinted(name, this.valid(schema)) },
      { weight: 3, arbitrary: this.invalid(schema) },
      { weight: 1, arbitrary: nastyValue },
    );
  }

  /** A value of a property or parameter named `name`: an existing one when there are, else `generated`. */
  hinted(name: string, generated: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
    const known = this.hints(name);
    if (known.length === 0) return generated;
    return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...known) }, { weight: 2, arbitrary: generated });
  }

  private makeValid(s: JsonSchema, depth: number): fc.Arbitrary<unknown> {
    if (depth > MAX_DEPTH) return fc.constant(null);
    if ("const" in s) return fc.constant(s.const);
    if (s.enum) return fc.constantFrom(...s.enum);
    const branches = s.anyOf ?? s.oneOf;
    if (branches) return fc.oneof(...branches.map((branch) => this.valid(branch, depth + 1)));
    if (s.allOf) return this.valid(this.merged(s), depth + 1);
    const types = typesOf(s);
    if (types.length === 0) return fc.jsonValue({ maxDepth: 2 });
    return fc.oneof(...types.map((type) => this.validOfType(s, type, depth)));
  }

  private validOfType(s: JsonSchema, type: string, depth: number): fc.Arbitrary<unknown> {
    switch (type) {
      case "string":
        return validString(s);
      case "integer":
      case "number":
        return validNumber(s, type === "integer");
      case "boolean":
        return fc.boolean();
      case "null":
        return fc.constant(null);
      case "array":
        return this.validArray(s, depth);
      default:
        return this.validObject(s, depth);
    }
  }

  private validArray(s: JsonSchema, depth: number): fc.Arbitrary<unknown[]> {
    const minLength = s.minItems ?? 0;
    const maxLength = Math.min(s.maxItems ?? minLength + 4, minLength + 4);
    if (Array.isArray(s.items)) {
      return fc.tuple(...s.items.map((item) => this.valid(item, depth + 1)));
    }
    const item = s.items ? this.valid(s.items, depth + 1) : fc.jsonValue({ maxDepth: 1 });
    return s.uniqueItems
      ? fc.uniqueArray(item, { minLength, maxLength, selector: (v) => JSON.stringify(v) })
      : fc.array(item, { minLength, maxLength });
  }

  private validObject(s: JsonSchema, depth: number): fc.Arbitrary<Record<string, unknown>> {
    const properties = s.properties ?? {};
    const model = Object.fromEntries(
      Object.entries(properties).map(([key, schema]) => [
        key,
        this.hinted(key, this.valid(schema, depth + 1)),
      ]),
    );
    const requiredKeys = (s.required ?? []).filter((key) => key in properties);
    let value: fc.Arbitrary<Record<string, unknown>> = fc.record(model, { requiredKeys });
    const extra = s.additionalProperties;
    if (typeof extra === "object") {
      value = fc
        .tuple(value, fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), this.valid(extra, depth + 1)))
        .map(([known, more]) => ({ ...more, ...known }));
    }
    const least = s.minProperties ?? 0;
    const most = s.maxProperties ?? Number.POSITIVE_INFINITY;
    if (least > 0 || most < Number.POSITIVE_INFINITY) {
      value = value.filter((o) => Object.keys(o).length >= least && Object.keys(o).length <= most);
    }
    return value;
  }

  private makeInvalid(s: JsonSchema, depth: number): fc.Arbitrary<unknown> {
    if (depth > MAX_DEPTH) return nastyValue;
    const options: fc.Arbitrary<unknown>[] = [wrongType(s), nastyValue];
    const branches = s.anyOf ?? s.oneOf;
    if (branches) options.push(...branches.map((branch) => this.invalid(branch, depth + 1)));
    if (s.allOf) options.push(this.invalid(this.merged(s), depth + 1));
    if (s.enum) options.push(notInEnum(s.enum));
    for (const type of typesOf(s)) {
      if (type === "string") options.push(invalidString(s));
      if (type === "integer" || type === "number") options.push(invalidNumber(s, type === "integer"));
      if (type === "array") options.push(...this.invalidArray(s, depth));
      if (type === "object") options.push(...this.invalidObject(s, depth));
    }
    return fc.oneof(...options);
  }

  private invalidArray(s: JsonSchema, depth: number): fc.Arbitrary<unknown>[] {
    const valid = this.validArray(s, depth);
    const options: fc.Arbitrary<unknown>[] = [];
    if (s.maxItems !== undefined) {
      const item = s.items && !Array.isArray(s.items) ? this.valid(s.items, depth + 1) : fc.integer();
      options.push(fc.array(item, { minLength: s.maxItems + 1, maxLength: s.maxItems + 3 }));
    }
    if ((s.minItems ?? 0) > 0) options.push(fc.constant([]));
    if (s.uniqueItems) options.push(valid.filter((a) => a.length > 0).map((a) => [...a, a[0]]));
    if (s.items && !Array.isArray(s.items)) {
      const bad = this.invalid(s.items, depth + 1);
      options.push(fc.tuple(valid, bad).map(([a, item]) => [...a, item]));
    }
    return options;
  }

  private invalidObject(s: JsonSchema, depth: number): fc.Arbitrary<unknown>[] {
    const valid = this.validObject(s, depth);
    const options: fc.Arbitrary<unknown>[] = [
      // An unknown property, or one that tries to reach the prototype.
      // A computed key makes "__proto__" an own property, as JSON.parse would, and the spread keeps it.
      fc
        .tuple(
          valid,
          fc.constantFrom("unexpected", "__proto__", "constructor", ""),
          fc.jsonValue({ maxDepth: 1 }),
        )
        .map(([o, key, v]) => ({ ...o, [key]: v })),
    ];
    const required = s.required ?? [];
    if (required.length > 0) {
      options.push(
        fc.tuple(valid, fc.constantFrom(...required)).map(([o, key]) => {
          const { [key]: _dropped, ...rest } = o;
          return rest;
        }),
      );
    }
    const keys = Object.keys(s.properties ?? {});
    if (keys.length > 0) {
      options.push(
        fc
          .constantFrom(...keys)
          .chain((key) =>
            fc
              .tuple(
                valid,
                this.invalid((s.properties as Record<string, JsonSchema>)[key] as JsonSchema, depth + 1),
              )
              .map(([o, bad]) => ({ ...o, [key]: bad })),
          ),
      );
    }
    return options;
  }

  /** allOf as one schema: properties and required lists joined, other keywords of the first kept. */
  private merged(s: JsonSchema): JsonSchema {
    const { allOf = [], ...merged } = s;
    for (const part of allOf.map((p) => this.resolve(p))) {
      const { properties, required, ...keywords } = part;
      for (const [key, value] of Object.entries(keywords)) {
        if (!(key in merged)) Object.assign(merged, { [key]: value });
      }
      merged.properties = { ...properties, ...merged.properties };
      merged.required = [...(merged.required ?? []), ...(required ?? [])];
    }
    return merged;
  }
}

/** The schema's types, written or implied (properties → object, items → array). */
function typesOf(s: JsonSchema): string[] {
  const written = s.type === undefined ? [] : Array.isArray(s.type) ? [...s.type] : [s.type];
  if (written.length === 0 && s.properties) written.push("object");
  if (written.length === 0 && s.items) written.push("array");
  if (s.nullable && !written.includes("null")) written.push("null");
  return written;
}

function validString(s: JsonSchema): fc.Arbitrary<string> {
  const format = s.format ? FORMATS[s.format] : undefined;
  if (format) return format.valid;
  const minLength = s.minLength ?? 0;
  const maxLength = Math.min(s.maxLength ?? LONGEST_PLAIN_STRING, minLength + LONGEST_PLAIN_STRING);
  const fits = (v: string) => [...v].length >= minLength && [...v].length <= (s.maxLength ?? Infinity);
  if (s.pattern) return fc.stringMatching(new RegExp(s.pattern, "u")).filter(fits);
  const examples = [...(s.examples ?? []), s.default].filter((v): v is string => typeof v === "string");
  return fc.oneof(
    { weight: 4, arbitrary: fc.string({ minLength, maxLength }) },
    { weight: 3, arbitrary: fc.string({ unit: han, minLength, maxLength }) },
    ...(examples.length > 0 ? [{ weight: 2, arbitrary: fc.constantFrom(...examples.filter(fits)) }] : []),
  );
}

function bounds(s: JsonSchema, integer: boolean): { min: number; max: number } {
  const step = integer ? 1 : Number.EPSILON;
  const min = s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + step : s.minimum;
  const max = s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - step : s.maximum;
  return { min: min ?? -Number.MAX_VALUE, max: max ?? Number.MAX_VALUE };
}

function validNumber(s: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const { min, max } = bounds(s, integer);
  // The schema bounds nothing the database does: 2^31 and 1e20 are valid wherever no maximum is said.
  const edges = [min, max, 0, 1, -1, 2 ** 31, 2 ** 53, 1e20, -(2 ** 31) - 1].filter(
    (n) => n >= min && n <= max && Number.isFinite(n) && (!integer || Number.isInteger(n)),
  );
  const plain = integer
    ? fc.integer({ min: Math.max(min, -1_000_000), max: Math.min(max, 1_000_000) })
    : fc.double({ min: Math.max(min, -1e6), max: Math.min(max, 1e6), noNaN: true });
  return edges.length > 0 ? fc.oneof({ weight: 4, arbitrary: plain }, fc.constantFrom(...edges)) : plain;
}

function invalidString(s: JsonSchema): fc.Arbitrary<unknown> {
  const options: fc.Arbitrary<unknown>[] = [nastyString];
  const format = s.format ? FORMATS[s.format] : undefined;
  if (format) options.push(format.invalid);
  if ((s.minLength ?? 0) > 0) options.push(fc.string({ maxLength: (s.minLength ?? 1) - 1 }));
  if (s.maxLength !== undefined) {
    const over = s.maxLength + 1;
    options.push(fc.string({ unit: han, minLength: over, maxLength: over + 20 }));
  }
  if (s.pattern) {
    const pattern = new RegExp(s.pattern, "u");
    options.push(fc.string({ maxLength: 20 }).filter((v) => !pattern.test(v)));
  }
  return fc.oneof(...options);
}

function invalidNumber(s: JsonSchema, integer: boolean): fc.Arbitrary<unknown> {
  const { min, max } = bounds(s, integer);
  const outside = [min - 1, max + 1, min - 1e9, max + 1e9].filter(
    (n) => Number.isFinite(n) && (n < min || n > max),
  );
  const options: fc.Arbitrary<unknown>[] = [
    fc.constantFrom(...NASTY_NUMBERS),
    fc.constantFrom("12", "1e3", "0x10", " 7", ""),
  ];
  if (outside.length > 0) options.push(fc.constantFrom(...outside));
  if (integer)
    options.push(fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Number.isInteger(n)));
  return fc.oneof(...options);
}

function notInEnum(values: unknown[]): fc.Arbitrary<unknown> {
  const twisted = values.flatMap((v) => (typeof v === "string" ? [v.toUpperCase(), `${v} `, `${v}x`] : []));
  const candidates = [...twisted, "unknown", 0].filter((v) => !values.includes(v));
  return fc.constantFrom(...candidates);
}

function wrongType(s: JsonSchema): fc.Arbitrary<unknown> {
  const own = typesOf(s);
  const others = JSON_TYPES.filter(
    (type) => !own.includes(type) && !(type === "integer" && own.includes("number")),
  );
  if (others.length === 0) return nastyValue;
  return fc.oneof(...others.map((type) => SAMPLE_OF_TYPE[type]));
}
