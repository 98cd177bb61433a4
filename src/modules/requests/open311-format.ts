import type { FastifyReply } from "fastify";
import { type AppError, isAppError } from "../../platform/errors.ts";

/** GeoReport v2 answers in the format its path ends with: `.json` or `.xml` (XML is the spec's must). */
export type Format = "json" | "xml";

/** A GeoReport error: an HTTP status and the words of the spec's `{code, description}` list. */
export class Open311Error extends Error {
  override name = "Open311Error";
  constructor(
    readonly status: number,
    readonly descriptions: string[],
  ) {
    super(descriptions.join("; "));
  }
}

export const open311Error = (status: number, ...descriptions: string[]) =>
  new Open311Error(status, descriptions);

export function formatOf(raw: string | undefined): Format {
  if (raw === "json" || raw === "xml") return raw;
  throw open311Error(
    400,
    `The format ${raw ? `.${raw}` : "suffix"} is not served: end the path with .json or .xml`,
  );
}

/** Anything thrown, as GeoReport errors: one entry per field of a refused form, 5xx details kept back. */
export function toOpen311Error(error: unknown): Open311Error {
  if (error instanceof Open311Error) return error;
  const app = error as AppError;
  if (isAppError(error)) {
    const fields = app.extra.fields;
    if (fields && fields.length > 0)
      return new Open311Error(
        app.status,
        fields.map((f) => `${fieldName(f.field)} ${f.message}`),
      );
    if (app.status >= 500) return open311Error(500, "Something went wrong on our side");
    return open311Error(app.status, app.message);
  }
  const validation = (
    error as { validation?: { instancePath: string; message?: string; params: Record<string, unknown> }[] }
  ).validation;
  if (validation) {
    return new Open311Error(
      400,
      validation.map(
        (v) =>
          `${String(v.params.missingProperty ?? v.instancePath.slice(1)) || "request"} ${v.message ?? "is not valid"}`,
      ),
    );
  }
  const status = (error as { statusCode?: number }).statusCode;
  if (status && status >= 400 && status < 500) return open311Error(status, (error as Error).message);
  return open311Error(500, "Something went wrong on our side");
}

/** The native API's field paths in GeoReport's words: /text is description, /regionCode attribute[region_code]. */
function fieldName(field: string): string {
  const names: Record<string, string> = {
    "/text": "description",
    "/category": "service_code",
    "/regionCode": "attribute[region_code]",
    "/contactPreference": "attribute[contact_preference]",
    "/phone": "phone",
    "/email": "email",
    "/name": "first_name",
    "/address": "address_string",
  };
  return names[field] ?? field.replace(/^\//, "");
}

const escapeXml = (text: string) =>
  text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    // Characters XML 1.0 cannot carry at all, even escaped.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we drop
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "");

type Value = string | number | boolean | null | undefined | Value[] | { [key: string]: Value };

/** An element of the spec's XML: objects become children; a list repeats its item element. */
function element(name: string, value: Value, itemName?: string): string {
  if (value === null || value === undefined) return `<${name}/>`;
  if (Array.isArray(value)) {
    const item = itemName ?? name.replace(/s$/, "");
    return `<${name}>${value.map((v) => element(item, v)).join("")}</${name}>`;
  }
  if (typeof value === "object") {
    return `<${name}>${Object.entries(value)
      .map(([k, v]) => element(k, v))
      .join("")}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

export function xmlDocument(root: string, value: Value, itemName?: string): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${element(root, value, itemName)}`;
}

/** Sends in the chosen format: JSON as it is, XML under the root and item elements the spec names. */
export function send(
  reply: FastifyReply,
  format: Format,
  value: Value,
  xml: { root: string; item?: string },
  status = 200,
) {
  reply.code(status);
  if (format === "xml")
    return reply.type("text/xml; charset=utf-8").send(xmlDocument(xml.root, value, xml.item));
  return reply.type("application/json; charset=utf-8").send(JSON.stringify(value));
}

export function sendError(reply: FastifyReply, format: Format, error: Open311Error) {
  const list = error.descriptions.map((description) => ({ code: error.status, description }));
  return send(reply, format, list, { root: "errors", item: "error" }, error.status);
}
