/**
 * The four GovStack specifications as documents, read where the workspace keeps them (the tests' oracle
 * in spec-testing.ts, and the fuzz that generates requests from them).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { defaultSpecsDir } from "./conformance/data.ts";

export const SPECS = {
  registration: "registration-api.json",
  statistics: "registration-statistics-api.json",
  "registries-data": "digital-registries-data-api.json",
  "registries-database": "digital-registries-database-api.json",
} as const;
export type SpecName = keyof typeof SPECS;

/** Where Tongban serves each specification's paths. */
export const SPEC_PREFIXES: Record<SpecName, string> = {
  registration: "/govstack/registration",
  statistics: "/govstack/registration",
  "registries-data": "/govstack/registries",
  "registries-database": "/govstack/registries",
};

/** A specification, with its known defects patched (each listed in docs/govstack.md). */
export function specDocument(name: SpecName): Record<string, unknown> {
  const dir = defaultSpecsDir();
  const path = join(dir, SPECS[name]);
  if (!existsSync(path)) {
    throw new Error(
      `The GovStack specification ${SPECS[name]} is not at ${path}: the specs live in ../shared/specs/govstack/ beside the repository, or where GOVSTACK_SPECS_DIR names`,
    );
  }
  const text = readFileSync(path, "utf8");
  // The database spec refers to `DatabasesSchema`; the schema is named `databasesSchema`.
  const fixed =
    name === "registries-database"
      ? text.replaceAll('"#/components/schemas/DatabasesSchema"', '"#/components/schemas/databasesSchema"')
      : text;
  return JSON.parse(fixed) as Record<string, unknown>;
}
