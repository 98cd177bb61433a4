import { type Selectable, sql } from "kysely";
import type { Executor } from "../../platform/db/database.ts";
import {
  allProvinces,
  inProvince,
  provinceId,
  provinceOf,
  provinceOfId,
} from "../../platform/db/distribution.ts";
import type { ClientAgent, ClientPlatform } from "./client.ts";
import type { LicenceShareTable, ShareOpenVia } from "./tables.ts";

export interface ShareRecord {
  id: string;
  provinceCode: string;
  licenceId: string;
  recipient: string;
  createdBy: string;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  revokedBy: string | null;
}

export interface ShareOpen {
  openedAt: Date;
  via: ShareOpenVia;
  agent: ClientAgent;
  platform: ClientPlatform;
  network: string | null;
}

/** How often a share was opened, and its latest openings, newest first. */
export interface ShareOpens {
  count: number;
  recent: ShareOpen[];
}

type ShareRow = Omit<Selectable<LicenceShareTable>, "token_digest">;

const COLUMNS = [
  "id",
  "province_code",
  "licence_id",
  "recipient",
  "created_by",
  "created_at",
  "expires_at",
  "revoked_at",
  "revoked_by",
] as const;

function toRecord(r: ShareRow): ShareRecord {
  return {
    id: r.id,
    provinceCode: r.province_code,
    licenceId: r.licence_id,
    recipient: r.recipient,
    createdBy: r.created_by,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    revokedAt: r.revoked_at,
    revokedBy: r.revoked_by,
  };
}

export async function insertShare(
  db: Executor,
  share: {
    provinceCode: string;
    licenceId: string;
    tokenDigest: string;
    recipient: string;
    createdBy: string;
    createdAt: Date;
    expiresAt: Date;
  },
): Promise<ShareRecord> {
  const row = await db
    .insertInto("licence_shares")
    .values({
      province_code: share.provinceCode,
      id: provinceId(share.provinceCode),
      licence_id: share.licenceId,
      token_digest: share.tokenDigest,
      recipient: share.recipient,
      created_by: share.createdBy,
      created_at: share.createdAt,
      expires_at: share.expiresAt,
    })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  return toRecord(row);
}

/** A share by the id in its address, which names its province. */
export async function findShare(db: Executor, id: string): Promise<ShareRecord | undefined> {
  const row = await db
    .selectFrom("licence_shares")
    .select(COLUMNS)
    .where("id", "=", id)
    .$call(inProvince(provinceOfId(id)))
    .executeTakeFirst();
  return row && toRecord(row);
}

/**
 * A share by its link's token. The token names no province: links already given out keep working
 * unchanged, and a province in it would tell anyone holding a link where the licence was issued.
 */
export async function findShareByDigest(db: Executor, digest: string): Promise<ShareRecord | undefined> {
  const row = await db
    .selectFrom("licence_shares")
    .modifyFront(allProvinces("a share link's token names no province"))
    .select(COLUMNS)
    .where("token_digest", "=", digest)
    .executeTakeFirst();
  return row && toRecord(row);
}

/** The shares of these licences, newest first: each share lies in its licence's province. */
export async function sharesOf(
  db: Executor,
  licences: readonly { id: string; regionCode: string }[],
): Promise<ShareRecord[]> {
  if (licences.length === 0) return [];
  const rows = await db
    .selectFrom("licence_shares")
    .select(COLUMNS)
    .where("province_code", "in", [...new Set(licences.map((l) => provinceOf(l.regionCode)))])
    .where(
      "licence_id",
      "in",
      licences.map((l) => l.id),
    )
    .orderBy("created_at", "desc")
    .orderBy("id")
    .execute();
  return rows.map(toRecord);
}

/** Ends a share that is still live; false when it had ended already (revoked, or expired by `at`). */
export async function markShareRevoked(
  db: Executor,
  share: Pick<ShareRecord, "id" | "provinceCode">,
  revocation: { at: Date; by: string },
): Promise<boolean> {
  const result = await db
    .updateTable("licence_shares")
    .set({ revoked_at: revocation.at, revoked_by: revocation.by })
    .where("province_code", "=", share.provinceCode)
    .where("id", "=", share.id)
    .where("revoked_at", "is", null)
    .where("expires_at", ">", revocation.at)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function insertOpen(
  db: Executor,
  share: Pick<ShareRecord, "id" | "provinceCode">,
  open: ShareOpen,
): Promise<void> {
  await db
    .insertInto("licence_share_opens")
    .values({
      province_code: share.provinceCode,
      id: provinceId(share.provinceCode),
      share_id: share.id,
      opened_at: open.openedAt,
      via: open.via,
      agent: open.agent,
      platform: open.platform,
      network: open.network,
    })
    .execute();
}

/** Each share's count of openings and its latest `recent` ones (shares never opened are absent). */
export async function opensOf(
  db: Executor,
  shares: readonly Pick<ShareRecord, "id" | "provinceCode">[],
  recent: number,
): Promise<Map<string, ShareOpens>> {
  const opens = new Map<string, ShareOpens>();
  if (shares.length === 0) return opens;
  const shareIds = shares.map((s) => s.id);
  // A share's openings lie in its province.
  const provinces = [...new Set(shares.map((s) => s.provinceCode))];
  const counts = await db
    .selectFrom("licence_share_opens")
    .select(["share_id", (eb) => eb.fn.countAll<string | number>().as("n")])
    .where("province_code", "in", provinces)
    .where("share_id", "in", shareIds)
    .groupBy("share_id")
    .execute();
  for (const c of counts) opens.set(c.share_id, { count: Number(c.n), recent: [] });
  const latest = await db
    .selectFrom((eb) =>
      eb
        .selectFrom("licence_share_opens")
        .select(["share_id", "opened_at", "via", "agent", "platform", "network"])
        .select(sql<number>`row_number() over (partition by share_id order by opened_at desc, id)`.as("n"))
        .where("province_code", "in", provinces)
        .where("share_id", "in", shareIds)
        .as("o"),
    )
    .selectAll()
    .where("o.n", "<=", recent)
    .orderBy("o.opened_at", "desc")
    .execute();
  for (const o of latest) {
    opens.get(o.share_id)?.recent.push({
      openedAt: o.opened_at,
      via: o.via,
      agent: o.agent as ClientAgent,
      platform: o.platform as ClientPlatform,
      network: o.network,
    });
  }
  return opens;
}
