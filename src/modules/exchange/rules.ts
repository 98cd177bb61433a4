import type { FieldProblem } from "../../platform/errors.ts";
import { checkCreditCode, checkIdNumber, maskIdNumber } from "../../platform/personal-data.ts";
import { idNumberIndex } from "../applicants/service.ts";
import type { RegistryInput } from "./registries.ts";
import type { FieldType, KeyKind, RegistryField } from "./tables.ts";

/**
 * What a registry and its records must look like. Kept apart from the service so that the checks read
 * as one list, and the once-only code can use the same key rules.
 */

const FIELD_NAME = /^[a-z][a-zA-Z0-9_]{0,39}$/;
const FIELD_TYPES: readonly FieldType[] = ["string", "integer", "number", "boolean", "date"];
/** Which key identifies which subject: a person by ID number, an organisation by credit code. */
const KEY_OF_SUBJECT = { person: "id_number", organisation: "credit_code", property: "number" } as const;

export function registryProblems(r: RegistryInput): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!/^[a-z][a-z0-9_]{1,39}$/.test(r.code)) {
    problems.push({ field: "/code", message: "lowercase letters, digits and _, starting with a letter" });
  }
  if (!r.name.zh.trim()) problems.push({ field: "/name/zh", message: "give the registry's Chinese name" });
  if (KEY_OF_SUBJECT[r.subjectKind] !== r.keyKind) {
    problems.push({
      field: "/keyKind",
      message: `a ${r.subjectKind} registry is keyed by ${KEY_OF_SUBJECT[r.subjectKind]}`,
    });
  }
  if (r.fields.length === 0)
    problems.push({ field: "/fields", message: "a registry holds at least one field" });
  const seen = new Set<string>();
  r.fields.forEach((f, i) => {
    if (!FIELD_NAME.test(f.name)) {
      problems.push({
        field: `/fields/${i}/name`,
        message: "a letter, then letters, digits or _ (40 at most)",
      });
    } else if (seen.has(f.name)) {
      problems.push({ field: `/fields/${i}/name`, message: `${f.name} is named twice` });
    }
    seen.add(f.name);
    if (!FIELD_TYPES.includes(f.type)) {
      problems.push({ field: `/fields/${i}/type`, message: `one of ${FIELD_TYPES.join(", ")}` });
    }
    if (!f.label.zh.trim())
      problems.push({ field: `/fields/${i}/label/zh`, message: "give the field's label" });
  });
  return problems;
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

function fits(type: FieldType, value: unknown): boolean {
  switch (type) {
    case "string":
      return typeof value === "string" && value.length <= 2000;
    case "integer":
      return Number.isSafeInteger(value);
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "boolean":
      return typeof value === "boolean";
    case "date":
      return typeof value === "string" && ISO_DAY.test(value) && !Number.isNaN(Date.parse(value));
  }
}

/** Every field of a record that is not one of the registry's or not of its type; null means unknown. */
export function recordProblems(
  fields: readonly RegistryField[],
  data: Record<string, unknown>,
): FieldProblem[] {
  const byName = new Map(fields.map((f) => [f.name, f]));
  const problems: FieldProblem[] = [];
  for (const [name, value] of Object.entries(data)) {
    const field = byName.get(name);
    if (!field) problems.push({ field: `/data/${name}`, message: "is not a field of this registry" });
    else if (value !== null && !fits(field.type, value)) {
      problems.push({
        field: `/data/${name}`,
        message: `must be a ${field.type === "date" ? "date (YYYY-MM-DD)" : field.type}`,
      });
    }
  }
  return problems;
}

export type NormalisedKey = { ok: true; recordKey: string; masked: string } | { ok: false; message: string };

/**
 * A record's key as stored: an ID number only as its keyed digest (the one persons.id_number_index
 * holds, so the record finds its person), a credit code or a certificate number as written.
 */
export function normaliseKey(kind: KeyKind, raw: string, personalDataKey: Buffer): NormalisedKey {
  switch (kind) {
    case "id_number": {
      const checked = checkIdNumber(raw);
      return checked.ok
        ? {
            ok: true,
            recordKey: idNumberIndex(personalDataKey, checked.value),
            masked: maskIdNumber(checked.value),
          }
        : { ok: false, message: "is not a valid resident ID number (GB 11643)" };
    }
    case "credit_code": {
      const checked = checkCreditCode(raw);
      return checked.ok
        ? { ok: true, recordKey: checked.value, masked: checked.value }
        : { ok: false, message: "is not a valid unified social credit code (GB 32100)" };
    }
    case "number": {
      const value = raw.trim();
      return value.length > 0 && value.length <= 64 && [...value].every((c) => c >= " ")
        ? { ok: true, recordKey: value, masked: value }
        : { ok: false, message: "give the record's number (64 characters at most)" };
    }
  }
}
