import { sql } from "kysely";
import type { Executor } from "../../platform/db/database.ts";
import { ID_NUMBER_INDEX } from "../applicants/service.ts";

/**
 * Every column whose content depends on PERSONAL_DATA_KEY, in one list: what `tongban keys rotate`
 * makes again under the current key, and what it cannot. `registry.test.ts` fails when a column holding
 * encrypted values appears in the schema without being named here. The other thing the key seals is
 * outside the database: the file store's files, sealed again by platform/files/reseal.ts.
 */

/** A column of values made by `encrypt` (crypto.ts), and the look-up digests made from its plaintext. */
export interface EncryptedColumn {
  table: string;
  column: string;
  /** The primary key; `province_code` first on a table distributed by province. */
  key: readonly string[];
  digests?: readonly DerivedDigest[];
}

/** A digest in the same row, `blindIndex(key, purpose, plaintext)`: made again from the plaintext. */
export interface DerivedDigest {
  column: string;
  purpose: string;
  /** Rows elsewhere that hold the same digest to refer to this row, moved to the new digest with it. */
  follow?: (tx: Executor, from: string, to: string) => Promise<number>;
  /** Where `follow` writes, for the report: `registry_records.record_key`. */
  followName?: string;
}

/**
 * A key-dependent value whose input is not kept, so it cannot be made again: a digest of a code sent to
 * someone, a token in a link given out. Each is checked under every key of the ring (crypto.ts,
 * `blindIndexes`/`linkMacs`), so it works for its lifetime as long as the key it was made under is kept.
 */
export interface KeptColumn {
  table: string;
  column: string;
  /** How long such a value is used: how long to keep a retired key for it. */
  lifetime: string;
}

/** A registry record of a person is keyed by the person's ID number digest (exchange/rules.ts). */
async function moveRegistryRecords(tx: Executor, from: string, to: string): Promise<number> {
  const result = await sql`
    update registry_records r set record_key = ${to}
    where r.record_key = ${from}
      and r.registry_id in (select id from registries where key_kind = 'id_number')
      and not exists (
        select 1 from registry_records n where n.registry_id = r.registry_id and n.record_key = ${to})`.execute(
    tx,
  );
  return Number(result.numAffectedRows ?? 0);
}

export const ENCRYPTED_COLUMNS: readonly EncryptedColumn[] = [
  {
    table: "persons",
    column: "id_number_enc",
    key: ["id"],
    digests: [
      {
        column: "id_number_index",
        purpose: ID_NUMBER_INDEX,
        follow: moveRegistryRecords,
        followName: "registry_records.record_key",
      },
    ],
  },
  { table: "person_mobile_changes", column: "mobile_enc", key: ["id"] },
  { table: "person_second_factors", column: "secret_enc", key: ["person_id"] },
  { table: "staff", column: "totp_secret", key: ["id"] },
  { table: "department_signing_keys", column: "private_key_enc", key: ["id"] },
  { table: "webhook_signing_keys", column: "private_key_enc", key: ["id"] },
  { table: "public_requests", column: "contact_name_enc", key: ["province_code", "id"] },
  { table: "public_requests", column: "contact_phone_enc", key: ["province_code", "id"] },
  { table: "public_requests", column: "contact_email_enc", key: ["province_code", "id"] },
];

export const KEPT_COLUMNS: readonly KeptColumn[] = [
  { table: "cases", column: "lookup_digests", lifetime: "while the case may be followed by number and tail" },
  { table: "cases", column: "short_token", lifetime: "none: found by equality, it opens whatever the keys" },
  { table: "rating_tokens", column: "token_hash", lifetime: "none: found by its hash, whatever the keys" },
  {
    table: "mandate_consent_codes",
    column: "code_hash",
    lifetime: "until the mandate's consent code expires",
  },
  { table: "person_mobile_changes", column: "code_hash", lifetime: "the minutes a mobile code lasts" },
  { table: "person_recovery_codes", column: "code_hash", lifetime: "until the person makes new codes" },
  { table: "locker_assignments", column: "code_hash", lifetime: "until the item is picked up or expires" },
  { table: "hall_devices", column: "secret_hash", lifetime: "until the device is registered again" },
  {
    table: "registry_records",
    column: "record_key",
    lifetime: "moved with persons.id_number_index; a record of an ID number no account holds keeps its own",
  },
];
