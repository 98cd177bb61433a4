import type { Locale } from "../../../platform/config.ts";
import type { ItemContent, Text } from "../../catalog/service.ts";

/**
 * An item's application form as a GovStack eForm (docs/govstack-design.md, section 5). The form is JSON
 * Schema 2020-12 already, checked by Ajv when saved; the eForm is that schema annotated — labels and
 * help in the caller's language, the pages, the materials — not a translation. `additionalProperties:
 * false` because the native check refuses answers the form does not name: the schema says what is taken.
 */

/** Words in the caller's language; English falls back to the Chinese, the authoritative text, when empty. */
export function inLocale(text: Text | undefined, locale: Locale): string | undefined {
  if (!text) return undefined;
  return locale === "en" && text.en.trim() !== "" ? text.en : text.zh;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  value !== null && typeof value === "object" && !Array.isArray(value);

export interface EFormDocument {
  key: string;
  name: string;
  required: boolean;
  condition?: string;
  /** Fetched from a registry or e-licence, or produced by the form: nothing to upload. */
  fromGovernment: boolean;
}

/** The eForm's JSON Schema: the item's form, each field labelled, the pages and the materials beside. */
export function eFormSchema(
  content: ItemContent,
  eFormUrl: string,
  locale: Locale,
): Json & { "x-tongban-documents": EFormDocument[] } {
  const { schema, ui } = content.form;
  const properties = isObject(schema.properties) ? schema.properties : {};
  const labelled = Object.fromEntries(
    Object.entries(properties).map(([name, field]) => {
      const hints = ui?.fields?.[name];
      const own = isObject(field) ? field : {};
      const title = inLocale(hints?.label, locale) ?? own.title;
      const description = inLocale(hints?.help, locale) ?? own.description;
      return [
        name,
        {
          ...own,
          ...(title !== undefined ? { title } : {}),
          ...(description !== undefined ? { description } : {}),
          ...(hints?.widget ? { "x-tongban-widget": hints.widget } : {}),
        },
      ];
    }),
  );
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: eFormUrl,
    title: inLocale(content.name, locale),
    description: inLocale(content.summary, locale),
    type: "object",
    properties: labelled,
    ...(Array.isArray(schema.required) ? { required: schema.required } : {}),
    additionalProperties: false,
    ...(ui?.pages
      ? {
          "x-tongban-pages": ui.pages.map((page) => ({
            title: inLocale(page.title, locale),
            fields: page.fields,
          })),
        }
      : {}),
    "x-tongban-documents": content.materials.map((m) => {
      const condition = inLocale(m.condition, locale);
      return {
        key: m.key,
        name: inLocale(m.name, locale) as string,
        required: m.required,
        ...(condition ? { condition } : {}),
        fromGovernment: m.satisfiedBy !== undefined,
      };
    }),
  };
}
