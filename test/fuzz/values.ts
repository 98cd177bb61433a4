/**
 * The values the fuzz reaches for besides those a schema describes: strings, numbers and structures
 * that have broken parsers, databases and templates before, and valid and broken spellings of the
 * formats the API declares.
 */
import fc from "fast-check";

/** Han characters, so names and texts look like the ones the platform stores. */
export const han = fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((code) => String.fromCodePoint(code));

/** Strings that have broken parsers, databases and templates before. */
const NASTY_STRINGS = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\uD800",
  "\uDFFF\uD800",
  "\u202Eevil",
  "🏛️政务服务",
  "null",
  "undefined",
  "NaN",
  "-1",
  "0",
  "1e309",
  "' OR '1'='1' --",
  "\\",
  '"',
  "%00",
  "%",
  "../../etc/passwd",
  "<script>alert(1)</script>",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, on purpose
  "${7*7}{{7*7}}",
  "__proto__",
  "constructor",
  "\t\r\n",
  "9".repeat(400),
  "汉".repeat(5_000),
];

export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 1, arbitrary: fc.nat({ max: 300_000 }).map((n) => "a".repeat(n)) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 30 }) },
);

export const NASTY_NUMBERS = [-0, 0.5, -1, 1e308, -1e308, 2 ** 31, -(2 ** 31) - 1, 2 ** 53 + 2, 1e-7, 1e21];

/** Prototype keys, deep nesting and empty containers, made by JSON.parse so the keys are own keys. */
const NASTY_STRUCTURES: unknown[] = [
  [],
  {},
  [[]],
  JSON.parse('{"__proto__":{"polluted":true}}'),
  JSON.parse('{"constructor":{"prototype":{"polluted":true}}}'),
  JSON.parse(`${"[".repeat(2_000)}${"]".repeat(2_000)}`),
];

export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  nastyString,
  fc.constantFrom(...NASTY_NUMBERS),
  fc.constantFrom(...NASTY_STRUCTURES),
  fc.constantFrom(true, false, null),
);

/** A date as `format: date` takes it: mostly near now, sometimes at the ends of the four-digit years. */
const validDate = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.date({ min: new Date("2015-01-01"), max: new Date("2035-12-31"), noInvalidDate: true }),
  },
  {
    weight: 1,
    arbitrary: fc.date({
      min: new Date("0000-01-01T00:00:00Z"),
      max: new Date("9999-12-31"),
      noInvalidDate: true,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      new Date("0000-01-01T00:00:00Z"),
      new Date("2024-02-29T00:00:00Z"),
      new Date("9999-12-31T23:59:59Z"),
    ),
  },
);

/** Valid and broken spellings of the formats the API declares. */
export const FORMATS: Record<string, { valid: fc.Arbitrary<string>; invalid: fc.Arbitrary<string> }> = {
  uuid: {
    valid: fc.oneof(fc.uuid(), fc.constant("00000000-0000-0000-0000-000000000000")),
    invalid: fc.oneof(
      fc.constantFrom(
        "not-a-uuid",
        "00000000-0000-0000-0000-00000000000g",
        "{00000000-0000-0000-0000-000000000000}",
      ),
      fc.uuid().map((id) => id.replaceAll("-", "")),
      fc.uuid().map((id) => `${id}x`),
    ),
  },
  date: {
    valid: validDate.map((d) => d.toISOString().slice(0, 10)),
    invalid: fc.constantFrom(
      "2023-02-29",
      "2024-02-30",
      "2024-13-01",
      "2024-00-10",
      "20240101",
      "2024-1-1",
      "+002024-01-01",
      "2024-01-01T00:00:00Z",
    ),
  },
  "date-time": {
    valid: validDate.map((d) => d.toISOString()),
    invalid: fc.constantFrom(
      "2024-01-01T25:00:00Z",
      "2024-01-01 00:00:00",
      "2024-02-30T00:00:00Z",
      "+275760-09-13T00:00:00.000Z",
      "yesterday",
    ),
  },
  email: {
    valid: fc.emailAddress(),
    invalid: fc.constantFrom("no-at-sign", "a@", "@b.cn", "a@@b.cn", "a b@c.cn"),
  },
};

export const JSON_TYPES = ["string", "integer", "number", "boolean", "null", "array", "object"] as const;

export const SAMPLE_OF_TYPE: Record<(typeof JSON_TYPES)[number], fc.Arbitrary<unknown>> = {
  string: fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom("1", "true", "null")),
  integer: fc.integer(),
  number: fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Number.isInteger(n)),
  boolean: fc.boolean(),
  null: fc.constant(null),
  array: fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
  object: fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
};
