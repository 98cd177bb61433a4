import type { FieldType } from "../../exchange/service.ts";
import { govstackName } from "./content.ts";
import type { Exposed } from "./exposures.ts";

/** The database API's view of an exposed registry (section 8.5). Pure. */

const TYPES: Record<FieldType, { type: string; format?: string }> = {
  string: { type: "string" },
  integer: { type: "integer" },
  number: { type: "number" },
  boolean: { type: "boolean" },
  date: { type: "string", format: "date" },
};

/** The data API's operations, each visible to a caller holding the scope it needs. */
const SERVICES: { name: string; scope: string }[] = [
  { name: "data-list", scope: "registry.read" },
  { name: "data-read", scope: "registry.read" },
  { name: "data-exists", scope: "registry.read" },
  { name: "data-read-value", scope: "registry.read" },
  { name: "data-create", scope: "registry.publish" },
  { name: "data-create-entries", scope: "registry.publish" },
  { name: "data-update", scope: "registry.publish" },
  { name: "data-update-entries", scope: "registry.publish" },
  { name: "data-update-or-create", scope: "registry.publish" },
  { name: "data-delete", scope: "registry.publish" },
  { name: "personal-data-usage", scope: "registry.usage" },
];

export function databaseInfo(
  exposed: Exposed,
  options: { language: "zh" | "en"; stewardName: string; scopes: readonly string[] },
) {
  const { exposure, registry } = exposed;
  const properties: Record<string, Record<string, unknown>> = {
    [exposure.keyField]: {
      type: "string",
      description: options.language === "en" ? "Key" : "键",
      id: 0,
      primaryKey: true,
      readOnly: true,
    },
  };
  registry.fields.forEach((field, i) => {
    properties[govstackName(exposed, field.name)] = {
      ...TYPES[field.type],
      description: field.label[options.language] || field.label.zh,
      id: i + 1,
    };
  });
  return {
    id: exposure.id,
    version: exposure.version,
    name: exposure.name,
    description:
      registry.description[options.language] || registry.name[options.language] || registry.name.zh,
    institution: options.stewardName,
    numberFormat: "{key}",
    schema: { type: "object", properties, required: [exposure.keyField] },
    schemaTags: [],
    schemaFlags: [{ name: "mandatory", path: `/${exposure.keyField}` }],
    fieldsUniques: [[exposure.keyField]],
    isDraft: false,
    isDisabled: false,
    isArchived: false,
    modifiedAt: registry.createdAt.toISOString(),
    generic_Services: SERVICES.map((s, i) => ({
      serviceId: i + 1,
      name: s.name,
      isVisible: options.scopes.includes(s.scope),
      usedCount: 0,
    })),
    dataIndexIncrement: 0,
    hasLogo: false,
  };
}
