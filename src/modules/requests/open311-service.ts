import type { Config } from "../../platform/config.ts";
import type { Db, Executor } from "../../platform/db/database.ts";
import type { Jobs } from "../../platform/jobs.ts";
import { type Actor, ANONYMOUS } from "../../platform/policy.ts";
import { getRegion } from "../regions/service.ts";
import { listAllCategories } from "./categories-store.ts";
import { fileRequest } from "./filing.ts";
import { provinceOfToken } from "./numbers.ts";
import { open311Error } from "./open311-format.ts";
import { redact } from "./redact.ts";
import * as store from "./store.ts";
import { type CategoryRow, CONTACT_PREFERENCES, type ContactPreference } from "./tables.ts";

const KIND_GROUP: Record<string, string> = {
  complaint: "投诉 Complaint",
  suggestion: "建议 Suggestion",
  consultation: "咨询 Question",
  help: "求助 Help",
  report: "举报 Report",
};

const serviceName = (c: CategoryRow) => `${c.name} ${c.name_en}`;

export async function services(db: Executor) {
  return (await store.listCategories(db)).map((c) => ({
    service_code: c.code,
    service_name: serviceName(c),
    description: [c.description, c.description_en].filter(Boolean).join(" / "),
    metadata: true,
    type: "realtime",
    keywords: c.kind,
    group: KIND_GROUP[c.kind] ?? c.kind,
  }));
}

/** The attributes every service asks: where (a region code), how to reply, and whether anonymously. */
export async function serviceDefinition(db: Executor, code: string) {
  const category = await store.findCategory(db, code);
  // A retired category is no service any more: its definition goes with it.
  if (!category || category.retired_at !== null)
    throw open311Error(404, `service_code ${code} is not a service here: GET services for the list`);
  const list = (values: readonly string[]) => values.map((v) => ({ key: v, name: v }));
  return {
    service_code: category.code,
    attributes: [
      {
        variable: true,
        code: "region_code",
        datatype: "string",
        required: true,
        datatype_description: "The administrative division code where it is, down to a village (12 digits)",
        order: 1,
        description: "Region code (行政区划代码)",
      },
      {
        variable: true,
        code: "contact_preference",
        datatype: "singlevaluelist",
        required: false,
        datatype_description:
          "How the requester wants the reply; defaults to sms with a phone, email with an e-mail",
        order: 2,
        description: "Contact preference",
        values: list(CONTACT_PREFERENCES),
      },
      {
        variable: true,
        code: "anonymous",
        datatype: "singlevaluelist",
        required: false,
        datatype_description: category.anonymous_allowed
          ? "This service takes anonymous requests"
          : "This service does not take anonymous requests: give email or phone",
        order: 3,
        description: "File anonymously",
        values: list(category.anonymous_allowed ? ["false", "true"] : ["false"]),
      },
    ],
  };
}

/** The form fields of a GeoReport POST, as parsed (form-encoded or JSON). */
export type Posted = Record<string, unknown>;

const field = (body: Posted, name: string): string | undefined => {
  const value = body[name];
  if (Array.isArray(value)) return typeof value[0] === "string" ? value[0].trim() || undefined : undefined;
  return typeof value === "string" ? value.trim() || undefined : undefined;
};

/** `attribute[code]`, whether the parser kept the brackets in the key or made a nested object. */
const attribute = (body: Posted, code: string): string | undefined => {
  const flat = field(body, `attribute[${code}]`);
  if (flat !== undefined) return flat;
  const nested = body.attribute;
  return nested && typeof nested === "object" ? field(nested as Posted, code) : undefined;
};

function coordinate(body: Posted, name: "lat" | "long"): number | undefined {
  const raw = field(body, name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  const limit = name === "lat" ? 90 : 180;
  if (!Number.isFinite(value) || Math.abs(value) > limit)
    throw open311Error(400, `${name} must be a number between -${limit} and ${limit}`);
  return value;
}

/**
 * Files a GeoReport POST as a request: service_code is the category, description its text,
 * attribute[region_code] its place, first_name/last_name, email and phone the requester's contact (or
 * none, where the service takes anonymous requests). The follow token is the GeoReport token too.
 */
export async function postRequest(
  db: Db,
  deps: { jobs: Jobs; config: Pick<Config, "personalDataKey" | "dataDir" | "baseUrl" | "clamd"> },
  client: Actor,
  body: Posted,
) {
  const code = field(body, "service_code");
  if (!code) throw open311Error(400, "service_code is required: GET services for the list");
  const category = await store.findCategory(db, code);
  if (!category || category.retired_at !== null)
    throw open311Error(400, `service_code ${code} is not a service here: GET services for the list`);
  const jurisdiction = field(body, "jurisdiction_id");
  const regionCode = attribute(body, "region_code") ?? "";
  if (jurisdiction) await checkJurisdiction(db, jurisdiction, regionCode);
  const phone = field(body, "phone");
  const email = field(body, "email");
  const asked = attribute(body, "contact_preference");
  if (asked !== undefined && !CONTACT_PREFERENCES.includes(asked as ContactPreference))
    throw open311Error(400, `attribute[contact_preference] must be one of ${CONTACT_PREFERENCES.join(", ")}`);
  const preference = (asked as ContactPreference | undefined) ?? (phone ? "sms" : email ? "email" : "none");
  const name = [field(body, "last_name"), field(body, "first_name")].filter(Boolean).join("");
  const { row, token } = await fileRequest(
    db,
    { ...deps, channel: "open311", clientId: client.kind === "client" ? client.id : null },
    ANONYMOUS,
    {
      category: code,
      text: field(body, "description") ?? "",
      regionCode,
      lat: coordinate(body, "lat") ?? null,
      long: coordinate(body, "long") ?? null,
      address: field(body, "address_string") ?? null,
      contactPreference: preference,
      anonymous: attribute(body, "anonymous") === "true",
      contact: { name: name || undefined, phone, email },
    },
  );
  return [
    {
      service_request_id: row.number,
      token,
      service_notice: `Reply due by ${row.due_at.toISOString()}`,
      account_id: null,
    },
  ];
}

async function checkJurisdiction(db: Executor, jurisdiction: string, regionCode = ""): Promise<void> {
  const region = await getRegion(db, ANONYMOUS, jurisdiction).catch(() => undefined);
  if (!region)
    throw open311Error(404, `jurisdiction_id ${jurisdiction} is not a jurisdiction here: use a region code`);
  if (regionCode && !regionCode.startsWith(jurisdiction))
    throw open311Error(
      400,
      `attribute[region_code] ${regionCode} does not lie within jurisdiction_id ${jurisdiction}`,
    );
}

/** 90 days, the spec's default window, and at most 1000 requests an answer. */
export const WINDOW_MS = 90 * 86_400_000;
export const MAX_RESULTS = 1000;

function dateParam(query: Record<string, string | undefined>, name: string): Date | undefined {
  const raw = query[name];
  if (raw === undefined || raw === "") return undefined;
  // ISO 8601 with a time zone (Z or ±hh:mm), as the spec asks; a bare date is taken as UTC midnight.
  const ok = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2}))?$/.test(raw);
  const date = ok ? new Date(raw) : undefined;
  if (!date || Number.isNaN(date.getTime()))
    throw open311Error(400, `${name} must be an ISO 8601 date-time such as 2026-11-27T08:00:00Z`);
  return date;
}

/**
 * GET requests: by service_request_id (a comma list; dates then ignored, as the spec says), else within
 * start_date..end_date (90 days back from now by default), of a service and status (open|closed),
 * newest first, at most 1000. Only what the public may read: the masked text, never a report's, the
 * reply only where it was made public.
 */
export async function listForOpen311(
  db: Executor,
  query: Record<string, string | undefined>,
  now = new Date(),
) {
  const ids = query.service_request_id
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (ids && (ids.length > MAX_RESULTS || ids.some((id) => !/^\d{16}$/.test(id))))
    throw open311Error(
      400,
      "service_request_id must be a comma-separated list of request numbers (16 digits)",
    );
  const end = dateParam(query, "end_date");
  const start = dateParam(query, "start_date");
  const to = end ?? (start ? new Date(start.getTime() + WINDOW_MS) : now);
  const from = start ?? new Date(to.getTime() - WINDOW_MS);
  if (from > to) throw open311Error(400, "start_date must be before end_date");
  const statuses = query.status?.split(",").map((s) => s.trim()) ?? [];
  if (statuses.some((s) => s !== "open" && s !== "closed"))
    throw open311Error(400, "status must be open or closed");
  const closed = statuses.length === 1 ? statuses[0] === "closed" : undefined;
  if (query.jurisdiction_id) await checkJurisdiction(db, query.jurisdiction_id);
  // Retired categories too: the requests filed under them are listed with their service's name.
  const categories = new Map((await listAllCategories(db)).map((c) => [c.code, c]));
  if (query.service_code && !categories.has(query.service_code))
    throw open311Error(
      400,
      `service_code ${query.service_code} is not a service here: GET services for the list`,
    );
  const rows = await store.listRequests(db, {
    ...(ids ? { numbers: ids } : {}),
    ...(query.service_code ? { categoryCode: query.service_code } : {}),
    ...(closed !== undefined ? { closed } : {}),
    ...(query.jurisdiction_id ? { regionPrefix: query.jurisdiction_id } : {}),
    from,
    to,
    limit: MAX_RESULTS,
  });
  return rows.map((r) => {
    const category = categories.get(r.category_code);
    return {
      service_request_id: r.number,
      status: r.state === "closed" ? "closed" : "open",
      status_notes: r.reply_public ? (r.reply_public_text ?? "") : statusNote(r.state),
      service_name: category ? serviceName(category) : r.category_code,
      service_code: r.category_code,
      description: r.public_text ?? "",
      agency_responsible: r.agency ?? "",
      service_notice: "",
      requested_datetime: r.received_at,
      updated_datetime: r.updated_at,
      expected_datetime: r.due_at,
      address: r.address ? redact(r.address) : "",
      address_id: "",
      zipcode: "",
      lat: r.lat,
      long: r.long,
      media_url: "",
    };
  });
}

const statusNote = (state: string) =>
  ({
    received: "Received: being assigned",
    assigned: "With the department",
    replied: "Replied",
    closed: "Closed",
  })[state] ?? "";

/** GET tokens/{token}: the request a token was given for. */
export async function requestOfToken(db: Executor, token: string, hash: (t: string) => string) {
  const row = await store.findByTokenHash(db, provinceOfToken(token), hash(token));
  if (!row) throw open311Error(404, "No request has this token");
  return [{ service_request_id: row.number, token }];
}
