import type { ColumnType, Generated, JSONColumnType, Selectable } from "kysely";
import type { SigningAlgorithm } from "./keys.ts";

type CreatedAt = ColumnType<Date, Date | undefined, never>;

/** Chinese and English text of one label or title. */
export interface BilingualText {
  zh: string;
  en: string;
}

/** One field of a licence as issued: what it says on the certificate. */
export interface LicenceField {
  label: BilingualText;
  value: string;
}

export type HolderKind = "person" | "organisation";
export type LicenceStatus = "valid" | "revoked";

/**
 * A department's signing keys (keys.ts). One is in use at a time; a retired key stays, since the
 * licences it signed are still checked against it.
 */
export interface DepartmentSigningKeyTable {
  id: Generated<string>;
  department_id: string;
  algorithm: ColumnType<SigningAlgorithm, SigningAlgorithm | undefined, never>;
  /** Base64 of the raw public key: Ed25519's 32 bytes, SM2's 65-byte uncompressed point. */
  public_key: string;
  /** The private key (Ed25519: PKCS #8; SM2: hex), encrypted with PERSONAL_DATA_KEY. */
  private_key_enc: string;
  created_at: CreatedAt;
  retired_at: Date | null;
}

/** The e-licence library (电子证照库): one row per licence, signed when issued. */
export interface LicenceTable {
  province_code: string;
  id: string;
  type: string;
  title: JSONColumnType<BilingualText>;
  case_id: string | null;
  region_code: string;
  department_id: string;
  holder_kind: HolderKind;
  holder_id: string;
  holder_name: string;
  holder_identifier_masked: string | null;
  data: JSONColumnType<LicenceField[]>;
  issued_at: Date;
  valid_from: Date;
  valid_until: Date | null;
  status: ColumnType<LicenceStatus, LicenceStatus | undefined, LicenceStatus>;
  revoked_at: Date | null;
  revoked_by: string | null;
  revoke_reason: string | null;
  key_id: string;
  signature: string;
}

/** A share link to one licence (证照分享), for a named recipient, until it expires or is revoked. */
export interface LicenceShareTable {
  province_code: string;
  /** Made by `provinceId`: the id names its province. */
  id: string;
  licence_id: string;
  /** SHA-256 of the token in the link (base64url): the token itself is never stored. */
  token_digest: string;
  /** Who the holder gave it to, in their own words: 招商银行安吉支行. */
  recipient: string;
  created_by: string;
  created_at: CreatedAt;
  expires_at: Date;
  revoked_at: Date | null;
  revoked_by: string | null;
}

export type ShareOpenVia = "page" | "api";

/** One opening of a share link: when, and a coarse picture of the client (no full address). */
export interface LicenceShareOpenTable {
  province_code: string;
  /** Made by `provinceId`: the id names its province. */
  id: string;
  share_id: string;
  opened_at: ColumnType<Date, Date | undefined, never>;
  via: ShareOpenVia;
  /** The kind of browser or program: chrome, wechat, bot, script… */
  agent: string;
  /** The kind of system: android, ios, windows… */
  platform: string;
  /** The network the request came from: an IPv4 /24 or IPv6 /48 prefix. */
  network: string | null;
}

export interface LicencesDatabase {
  department_signing_keys: DepartmentSigningKeyTable;
  licences: LicenceTable;
  licence_shares: LicenceShareTable;
  licence_share_opens: LicenceShareOpenTable;
}

export type SigningKeyRow = Selectable<DepartmentSigningKeyTable>;
export type LicenceRow = Selectable<LicenceTable>;
