import { hashToken, newToken } from "../../platform/auth/tokens.ts";
import type { Db, Executor } from "../../platform/db/database.ts";
import { provinceOf } from "../../platform/db/distribution.ts";
import { errors } from "../../platform/errors.ts";
import { isUuid } from "../../platform/ids.ts";
import { type Actor, authorize, can } from "../../platform/policy.ts";
import { type FieldIssue, FieldsError } from "../applicants/errors.ts";
import type { Origin } from "../applicants/service.ts";
import { recordAudit } from "../audit/service.ts";
import { describeClient } from "./client.ts";
import { licenceErrors, shareErrors } from "./errors.ts";
import { holderFacts } from "./holding.ts";
import { type Licence, listMyLicences, type Verification, verificationOf } from "./service.ts";
import type { ShareOpens, ShareRecord } from "./shares-store.ts";
import * as shares from "./shares-store.ts";
import { isGenuine, isLicenceId, stateOf } from "./state.ts";
import * as store from "./store.ts";
import type { HolderKind, ShareOpenVia } from "./tables.ts";

export type { ShareOpen, ShareOpens } from "./shares-store.ts";

/** How long a link may live: the holder picks one; a week unless they say otherwise. */
export const SHARE_LIFETIMES = {
  "1h": 3_600_000,
  "1d": 86_400_000,
  "7d": 7 * 86_400_000,
  "30d": 30 * 86_400_000,
} as const;
export type ShareLifetime = keyof typeof SHARE_LIFETIMES;
export const LIFETIMES = Object.keys(SHARE_LIFETIMES) as ShareLifetime[];
export const DEFAULT_LIFETIME: ShareLifetime = "7d";
export const RECIPIENT_MAX = 100;
/** Openings listed under each link (all are counted). */
export const RECENT_OPENS = 10;

export const SHARE_STATES = ["active", "expired", "revoked"] as const;
export type ShareState = (typeof SHARE_STATES)[number];

/** A share link as its holder sees it: where it stands, what may be done, who opened it. */
export interface Share extends ShareRecord {
  state: ShareState;
  allowed: "revoke"[];
  opens: ShareOpens;
}

/** One licence in the wallet, with its links, and whether a new link may be made now. */
export interface WalletEntry {
  licence: Licence;
  shares: Share[];
  allowed: "share"[];
}

/** A link just made: the only moment its token exists outside the recipient's hands. */
export interface NewShare {
  licence: store.LicenceRecord;
  share: Share;
  token: string;
  /** The address to hand over: BASE_URL/s/{token}. */
  url: string;
}

/** What an opened link shows: the licence as checked now, for whom it was shared and until when. */
export interface SharedLicence {
  recipient: string;
  expiresAt: Date;
  verification: Extract<Verification, { found: true }>;
  /**
   * The holder in full, as on the certificate: the holder chose to show the licence to this recipient,
   * while the public check (/verify), open to anyone with the number, masks a person's name.
   */
  holder: { kind: HolderKind; name: string; identifierMasked: string | null };
}

/** base64url of 32 random bytes (256 bits), as platform/auth/tokens.ts makes them. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const NO_OPENS: ShareOpens = { count: 0, recent: [] };

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const clean = (text: string) => text.replaceAll("\u0000", "").replace(LONE_SURROGATE, "\ufffd").trim();

export function shareState(share: ShareRecord, now: Date): ShareState {
  if (share.revokedAt) return "revoked";
  return now >= share.expiresAt ? "expired" : "active";
}

function view(share: ShareRecord, now: Date, opens: ShareOpens = NO_OPENS): Share {
  const state = shareState(share, now);
  return { ...share, state, allowed: state === "active" ? ["revoke"] : [], opens };
}

/** The address of a link: BASE_URL/s/{token}. */
export const shareUrl = (baseUrl: string, token: string) => `${baseUrl.replace(/\/$/, "")}/s/${token}`;

async function loadLicence(db: Executor, id: string): Promise<store.LicenceRecord> {
  const record = isLicenceId(id) ? await store.findLicence(db, id) : undefined;
  if (!record) throw licenceErrors.notFound();
  return record;
}

/**
 * Only whoever stands for the holder shares its licence or ends its links. Staff who may read the
 * licence know it exists and are refused (403); to anyone else it does not exist (404).
 */
async function authorizeShare(db: Executor, actor: Actor, record: store.LicenceRecord) {
  const facts = await holderFacts(db, actor, record);
  if (can(actor, "licence.share", facts)) return;
  if (actor.kind === "staff" && can(actor, "licence.read", facts)) throw errors.forbidden();
  authorize(actor, "licence.share", facts);
  throw errors.forbidden();
}

/** Who an audit entry is about: a person holder's own data; an organisation acted for. */
function auditSubject(record: store.LicenceRecord) {
  return record.holder.kind === "person" ? { personId: record.holder.id } : { onBehalfOf: record.holder.id };
}

/**
 * The wallet (证照夹): every licence the person holds and those of the organisations they act for,
 * newest first, each with its links (newest first) and how often and by what they were opened.
 */
export async function myWallet(db: Executor, actor: Actor, now = new Date()): Promise<WalletEntry[]> {
  authorize(actor, "wallet.read");
  const licences = await listMyLicences(db, actor, now);
  const records = await shares.sharesOf(db, licences);
  const opens = await shares.opensOf(db, records, RECENT_OPENS);
  return licences.map((licence) => ({
    licence,
    shares: records.filter((s) => s.licenceId === licence.id).map((s) => view(s, now, opens.get(s.id))),
    allowed: licence.state === "valid" && licence.genuine ? ["share"] : [],
  }));
}

/** Why a licence may not be shared now, as the error to answer with; undefined when it may. */
export function shareRefusal(record: store.LicenceRecord, now: Date) {
  const state = stateOf(record, now);
  if (state === "revoked") return licenceErrors.revoked();
  if (state === "expired" && record.validUntil) return licenceErrors.expired(record.validUntil);
  if (state === "not_yet_valid") return licenceErrors.notYetValid(record.validFrom);
  if (!isGenuine(record)) return licenceErrors.notGenuine();
  return undefined;
}

/** The licence a share form is about, for whoever may share it, and why it may not be shared now. */
export async function licenceToShare(db: Executor, actor: Actor, id: string, now = new Date()) {
  const record = await loadLicence(db, id);
  await authorizeShare(db, actor, record);
  return { licence: record, refusal: shareRefusal(record, now) };
}

/**
 * Makes a link to one licence for a named recipient (a bank, an employer), alive for one of the
 * offered lifetimes. A revoked, expired, not yet valid or altered licence is refused with the reason
 * (409): a link is to prove something now. The token is returned once and kept only as its digest.
 */
export async function shareLicence(
  db: Db,
  actor: Actor,
  licenceId: string,
  input: { recipient?: string | undefined; lifetime?: string | undefined },
  deps: { baseUrl: string },
  origin: Pick<Origin, "requestId"> = {},
  now = new Date(),
): Promise<NewShare> {
  const record = await loadLicence(db, licenceId);
  await authorizeShare(db, actor, record);
  if (actor.kind !== "person") throw errors.forbidden();
  const issues: FieldIssue[] = [];
  const recipient = clean(input.recipient ?? "");
  if (recipient.length === 0 || [...recipient].length > RECIPIENT_MAX)
    issues.push({ field: "/recipient", key: "wallet.problem.recipient", params: { max: RECIPIENT_MAX } });
  const lifetime = input.lifetime ?? DEFAULT_LIFETIME;
  if (!Object.hasOwn(SHARE_LIFETIMES, lifetime))
    issues.push({ field: "/lifetime", key: "wallet.problem.lifetime" });
  if (issues.length > 0) throw new FieldsError(issues);
  const refusal = shareRefusal(record, now);
  if (refusal) throw refusal;

  const token = newToken();
  const share = await db.transaction().execute(async (tx) => {
    const share = await shares.insertShare(tx, {
      provinceCode: provinceOf(record.regionCode),
      licenceId: record.id,
      tokenDigest: hashToken(token),
      recipient,
      createdBy: actor.id,
      createdAt: now,
      expiresAt: new Date(now.getTime() + SHARE_LIFETIMES[lifetime as ShareLifetime]),
    });
    await recordAudit(tx, {
      actorKind: "person",
      actorId: actor.id,
      action: "licence.share",
      subjectKind: "licence",
      subjectId: record.id,
      ...auditSubject(record),
      regionCode: record.regionCode,
      requestId: origin.requestId ?? null,
      details: { shareId: share.id, recipient, expiresAt: share.expiresAt.toISOString() },
    });
    return share;
  });
  return { licence: record, share: view(share, now), token, url: shareUrl(deps.baseUrl, token) };
}

/**
 * Ends a link before its time, for whoever may share the licence. A link that has already ended
 * answers 409; one the reader may not touch, or not of this licence when one is named, 404.
 */
export async function revokeShare(
  db: Db,
  actor: Actor,
  shareId: string,
  options: { licenceId?: string } = {},
  origin: Pick<Origin, "requestId"> = {},
  now = new Date(),
): Promise<Share> {
  const share = isUuid(shareId) ? await shares.findShare(db, shareId) : undefined;
  if (!share || (options.licenceId !== undefined && options.licenceId !== share.licenceId))
    throw shareErrors.notFound();
  const record = await loadLicence(db, share.licenceId);
  await authorizeShare(db, actor, record);
  if (actor.kind !== "person") throw errors.forbidden();
  if (shareState(share, now) !== "active") throw shareErrors.ended();
  const opens = await shares.opensOf(db, [share], RECENT_OPENS);
  await db.transaction().execute(async (tx) => {
    if (!(await shares.markShareRevoked(tx, share, { at: now, by: actor.id }))) throw shareErrors.ended();
    await recordAudit(tx, {
      actorKind: "person",
      actorId: actor.id,
      action: "licence.share_revoke",
      subjectKind: "licence",
      subjectId: record.id,
      ...auditSubject(record),
      regionCode: record.regionCode,
      requestId: origin.requestId ?? null,
      details: { shareId: share.id },
    });
  });
  return view({ ...share, revokedAt: now, revokedBy: actor.id }, now, opens.get(share.id));
}

/**
 * Opens a link, for anyone who has it (no sign-in): the licence as checked now, the recipient and the
 * expiry. Each opening is recorded with a coarse picture of the client, which the holder sees. A link
 * that never existed is 404; one that expired or was revoked, 410 saying so.
 */
export async function openShare(
  db: Executor,
  token: string,
  client: { userAgent: string | undefined; ip: string | undefined; via: ShareOpenVia },
  now = new Date(),
): Promise<SharedLicence> {
  const share = TOKEN.test(token) ? await shares.findShareByDigest(db, hashToken(token)) : undefined;
  if (!share) throw shareErrors.notFound();
  const state = shareState(share, now);
  if (state === "revoked") throw shareErrors.revoked(share.revokedAt as Date);
  if (state === "expired") throw shareErrors.expired(share.expiresAt);
  const record = await store.findLicence(db, share.licenceId);
  if (!record) throw shareErrors.notFound();
  await shares.insertOpen(db, share, {
    openedAt: now,
    via: client.via,
    ...describeClient(client.userAgent, client.ip),
  });
  return {
    recipient: share.recipient,
    expiresAt: share.expiresAt,
    verification: verificationOf(record, now),
    holder: {
      kind: record.holder.kind,
      name: record.holder.name,
      identifierMasked: record.holder.identifierMasked,
    },
  };
}
