import type { ColumnType, Generated, GeneratedAlways, Selectable } from "kysely";

type CreatedAt = ColumnType<Date, Date | undefined, never>;

/** An `Information-Mediator-Client` header value bound to an API client (migration 0050). */
export interface GovstackIdentityTable {
  id: Generated<string>;
  api_client_id: string;
  /** `INSTANCE/CLASS/MEMBER/SUBSYSTEM`, compared exactly: X-Road identifiers are case-sensitive. */
  mediator_client: string;
  /** The X-Road security server may vouch for it, from GOVSTACK_MEDIATOR_NETWORKS, without a token. */
  via_mediator: ColumnType<boolean, boolean | undefined, boolean>;
  /** The identity of header-less requests from the mediator's network (at most one). */
  mediator_default: ColumnType<boolean, boolean | undefined, boolean>;
  applicants: ColumnType<"identified" | "stand_in", "identified" | "stand_in" | undefined, never>;
  stand_in_person_id: string | null;
  created_at: CreatedAt;
}

/** An external id of the conformance data, mapped to one of ours per kind. */
export interface GovstackAliasTable {
  kind: "service" | "eform" | "file" | "task";
  external_id: string;
  internal_id: string;
}

/** An upload awaiting the application that names it in `documentUrls`. */
export interface GovstackDocumentTable {
  id: Generated<string>;
  api_client_id: string;
  file_sha256: string;
  file_name: string;
  media_type: "application/pdf" | "image/jpeg" | "image/png";
  size: number;
  active_content: ColumnType<boolean, boolean | undefined, boolean>;
  material_hint: string | null;
  uploaded_at: CreatedAt;
  used_by_case: string | null;
}

/** What a client sent with a submission, beside its case. */
export interface GovstackFileTable {
  province_code: string;
  case_id: string;
  region_code: string;
  identity_id: string;
  api_client_id: string;
  /** The client's `applicantId`, kept as given and echoed. */
  applicant_ref: string;
  application_name: string | null;
  created_given: Date | null;
  eform_ref: string | null;
  document_refs: ColumnType<string[], string[] | undefined, string[]>;
  submitted_at: CreatedAt;
}

/** A registry its steward exposed to GovStack callers, with its integer GovStack database id. */
export interface GovstackRegistryTable {
  id: GeneratedAlways<number>;
  registry_id: string;
  name: string;
  version: string;
  code: string;
  key_field: ColumnType<string, string | undefined, string>;
  /** Our field name → the GovStack name. */
  field_names: ColumnType<Record<string, string>, string | undefined, string>;
  created_at: CreatedAt;
}

export interface GovstackDatabase {
  govstack_identities: GovstackIdentityTable;
  govstack_aliases: GovstackAliasTable;
  govstack_documents: GovstackDocumentTable;
  govstack_files: GovstackFileTable;
  govstack_registries: GovstackRegistryTable;
}

export type GovstackIdentityRow = Selectable<GovstackIdentityTable>;
