import type { ColumnType, Generated, Selectable } from "kysely";
import type { Text } from "../catalog/content.ts";
import type { BundleDefinition } from "./definition.ts";

type Json<T> = ColumnType<T, string, string>;
type CreatedAt = ColumnType<Date, Date | undefined, never>;

/** A bundle's definition (data an administrator keeps): the copy of its code and event is for lists. */
export interface BundleTable {
  id: Generated<string>;
  code: string;
  /** The region whose administrators keep it (the province, for the demo's). */
  owner_region_code: string;
  event: string;
  definition: Json<BundleDefinition>;
  version: Generated<number>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

/** One submission of a bundle: one form, one set of materials, and the child cases it opened. */
export interface BundleApplicationTable {
  province_code: string;
  /** Made by `provinceId`: the id names its province. */
  id: string;
  bundle_id: string;
  bundle_code: string;
  bundle_version: number;
  bundle_name: Json<Text>;
  /** The region the bundle was applied for in: the child cases' shard key, copied. */
  region_code: string;
  applicant_kind: "person" | "organisation";
  applicant_id: string;
  applicant_name: string;
  /** The person who pressed submit; the Idempotency-Key is theirs. */
  submitter_id: string;
  idempotency_key: string;
  request_hash: string;
  /** The combined form's answers. */
  data: Json<Record<string, unknown>>;
  child_count: number;
  submitted_at: CreatedAt;
  /** When the last child closed and the times below were recorded; null while a child is open. */
  settled_at: Date | null;
  /** From the bundle's submission to the last child's close (办结). */
  bundle_seconds: number | null;
  /** The children's own times added up: each child's submission to its close. */
  children_seconds: number | null;
}

export interface BundleCaseTable {
  province_code: string;
  bundle_application_id: string;
  /** The child's place in the definition. */
  position: number;
  item_code: string;
  case_id: string;
  region_code: string;
}

export type BundleRow = Selectable<BundleTable>;
export type BundleApplicationRow = Selectable<BundleApplicationTable>;
export type BundleCaseRow = Selectable<BundleCaseTable>;

export interface BundlesDatabase {
  bundles: BundleTable;
  bundle_applications: BundleApplicationTable;
  bundle_cases: BundleCaseTable;
}
