import type { Ajv, Format } from "ajv";
import type { FastifyInstance } from "fastify";
import { errors, type FieldProblem } from "../errors.ts";

/**
 * Gaps between what a request schema lets through and what the database takes, found by the fuzz
 * (test/fuzz.test.ts): each valid by its schema, each a 500 from PostgreSQL until closed here.
 */

/**
 * Dates and instants: JSON Schema's formats take any four-digit year, PostgreSQL has no year 0, and
 * "0001-01-01" in China is still year 0 in UTC. No date the platform keeps is before 1000 or after
 * 9998, so those years stay clear of both edges whatever the time zone.
 */
export const DATE_YEARS = { first: 1000, last: 9998 } as const;

/** For Fastify's `ajv.onCreate`: narrows `date` and `date-time` to DATE_YEARS once ajv-formats has them. */
export function boundDateFormats(ajv: Ajv): void {
  for (const name of ["date", "date-time"]) {
    const format = ajv.formats[name];
    if (format === undefined) throw new Error(`Ajv has no ${name} format to narrow`);
    const valid = validatorOf(format);
    ajv.addFormat(name, (value: string) => valid(value) && yearWithin(value));
  }
}

function yearWithin(value: string): boolean {
  const year = Number(value.slice(0, 4));
  return year >= DATE_YEARS.first && year <= DATE_YEARS.last;
}

function validatorOf(format: Format): (value: string) => boolean {
  if (typeof format === "function") return format as (value: string) => boolean;
  if (format instanceof RegExp) return (value) => format.test(value);
  if (typeof format === "object" && typeof format.validate === "function") {
    return format.validate as (value: string) => boolean;
  }
  if (typeof format === "object" && format.validate instanceof RegExp) {
    const pattern = format.validate;
    return (value) => pattern.test(value);
  }
  return () => true;
}

/**
 * Values no schema refuses and PostgreSQL does: a text holding U+0000 (its text types cannot store
 * one), and a number that is not finite — Ajv, coercing a query or form value, turns digits too many
 * for a double ("9" × 400) into Infinity and then skips `minimum` and `maximum` for it. Checked after
 * validation on every route, schema or not, and answered as a validation error naming the field.
 */
export function registerInputGuard(app: FastifyInstance): void {
  app.addHook("preHandler", (request, _reply, done) => {
    const fields: FieldProblem[] = [];
    for (const [part, prefix] of [
      [request.params, "/params"],
      [request.query, "/querystring"],
      [request.body, ""],
    ] as const) {
      const found = unstorableAt(part, prefix);
      if (found) fields.push(found);
    }
    done(fields.length > 0 ? errors.validation(fields) : undefined);
  });
}

/** The first value under `value` that the database cannot take, with its path. */
export function unstorableAt(value: unknown, path: string): FieldProblem | undefined {
  if (typeof value === "number" && !Number.isFinite(value)) {
    return { field: path || "/", message: "must be a finite number" };
  }
  if (typeof value === "string" && value.includes("\u0000")) {
    return { field: path || "/", message: "must not contain the NUL character" };
  }
  if (value === null || typeof value !== "object" || Buffer.isBuffer(value)) return undefined;
  for (const [key, item] of Object.entries(value)) {
    const found = unstorableAt(item, `${path}/${key}`);
    if (found) return found;
  }
  return undefined;
}
