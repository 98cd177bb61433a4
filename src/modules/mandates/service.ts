import { randomInt } from "node:crypto";
import type { Config } from "../../platform/config.ts";
import { blindIndex, isBlindIndexOf } from "../../platform/crypto.ts";
import type { Db, Executor } from "../../platform/db/database.ts";
import { errors } from "../../platform/errors.ts";
import { type Translate, translator } from "../../platform/i18n/index.ts";
import type { Jobs } from "../../platform/jobs.ts";
import { maskMobile } from "../../platform/personal-data.ts";
import { type Actor, authorize, can } from "../../platform/policy.ts";
import { FieldsError } from "../applicants/errors.ts";
import type { Origin } from "../applicants/service.ts";
import { recordAudit } from "../audit/service.ts";
import { queueNotification } from "../notify/service.ts";
import { dayOf } from "./dates.ts";
import { mandateErrors } from "./errors.ts";
import { ALLOWED, isId, type MandateState, type MandateVerb, mandateFacts, stateOf } from "./state.ts";
import type { ActionRecord, MandateRecord } from "./store.ts";
import * as store from "./store.ts";
import { checkTerms, findParty, type Issues, type TermsInput } from "./terms.ts";

export {
  type ActiveMandate,
  type MandateAct,
  type PrincipalDetails,
  readPrincipalDetails,
  recordMandateAction,
  requireMandate,
  requireMandateById,
} from "./acting.ts";
export { MAX_YEARS } from "./terms.ts";

/** A consent code: six digits, for ten minutes, five tries; three codes an hour to one person at most. */
export const CONSENT_CODE_MINUTES = 10;
export const CONSENT_CODE_TRIES = 5;
export const CONSENT_CODES_PER_HOUR = 3;

export interface MandateDeps {
  config: Pick<Config, "personalDataKey" | "defaultLocale">;
  jobs: Jobs;
}

/** A mandate as its principal or its agent sees it. */
export interface Mandate extends MandateRecord {
  state: MandateState;
  role: "principal" | "agent";
  /** What the reader may do with it now. */
  allowed: MandateVerb[];
  /** Everything done under it, newest first (for lists of the principal and single reads). */
  actions?: ActionRecord[];
}

export interface GrantInput extends TermsInput {
  /** The agent's ID number or e-mail address, and full name: both must match their account. */
  agent?: string;
  agentName?: string;
}

export interface RequestInput extends TermsInput {
  /** The principal's resident ID number and full name, as on the ID card shown at the service point. */
  principal?: string;
  principalName?: string;
}

function view(actor: Actor, record: MandateRecord, now: Date, actions?: ActionRecord[]): Mandate {
  const state = stateOf(record, now);
  const role = actor.kind === "person" && actor.id === record.agent.id ? "agent" : "principal";
  // The principal may only end a mandate; entering the code and acting are the agent's.
  const allowed = ALLOWED[state].filter((verb) => role === "agent" || verb === "revoke");
  return { ...record, state, role, allowed, ...(actions ? { actions } : {}) };
}

/** A mandate the actor is party to; to anyone else it does not exist. */
async function load(db: Executor, actor: Actor, id: string): Promise<MandateRecord> {
  if (actor.kind === "anonymous") throw errors.unauthenticated();
  const mandate = isId(id) ? await store.findMandate(db, id) : undefined;
  if (!mandate) throw mandateErrors.notFound();
  authorize(actor, "mandate.read", mandateFacts(mandate));
  return mandate;
}

function codeHash(key: Buffer, mandateId: string, code: string): string {
  return blindIndex(key, `mandate.consent_code:${mandateId}`, code);
}

/** Under any key of the ring: a code sent before a key rotation still works for its lifetime. */
function isCode(key: Buffer, mandateId: string, code: string, stored: string): boolean {
  return isBlindIndexOf(key, `mandate.consent_code:${mandateId}`, code, stored);
}

/** "every service", or the first codes that fit a text message and how many more. */
export function describeServices(t: Translate, services: string[] | null): string {
  if (services === null) return t("mandate.services.all");
  const shown: string[] = [];
  for (const code of services) {
    if (shown.length > 0 && [...shown, code].join(", ").length > 100) break;
    shown.push(code);
  }
  const more = services.length - shown.length;
  const list = shown.join(t("mandate.services.separator"));
  return more > 0 ? `${list} ${t("mandate.services.more", { count: more })}` : list;
}

/** The principal grants online: in force at once (or from the chosen start). */
export async function grantMandate(
  db: Db,
  deps: MandateDeps,
  actor: Actor,
  input: GrantInput,
  origin: Origin,
  now = new Date(),
): Promise<Mandate> {
  authorize(actor, "mandate.grant");
  if (actor.kind !== "person") throw errors.forbidden();
  const issues: Issues = [];
  const agent = await findParty(
    db,
    deps.config.personalDataKey,
    issues,
    { identifier: "/agent", name: "/agentName" },
    { identifier: input.agent, name: input.agentName },
    false,
  );
  if (agent && agent.id === actor.id) issues.push({ field: "/agent", key: "mandate.problem.self" });
  const terms = checkTerms(issues, input, now);
  if (issues.length > 0 || !agent || !terms) throw new FieldsError(issues);
  const id = await db.transaction().execute(async (tx) => {
    const id = await store.insertMandate(tx, {
      principalId: actor.id,
      agentId: agent.id,
      services: terms.services,
      validFrom: terms.validFrom,
      validUntil: terms.validUntil,
      consentMethod: "online",
      requestedBy: actor.id,
      consentedAt: now,
      createdAt: now,
    });
    await recordAudit(tx, {
      actorKind: "person",
      actorId: actor.id,
      action: "mandate.grant",
      subjectKind: "mandate",
      subjectId: id,
      personId: agent.id,
      regionCode: (await store.findMandate(tx, id))?.principalRegionCode ?? null,
      requestId: origin.requestId ?? null,
      details: { services: terms.services, validFrom: terms.firstDay, validUntil: terms.lastDay },
    });
    return id;
  });
  return getMandate(db, actor, id, now);
}

/**
 * An agent at a service point asks for a mandate: a six-digit code goes by text message to the mobile
 * number in the principal's account (in the platform's default language: an account has no language
 * of its own yet), naming the agent, the services and the last day. The principal consents by telling
 * the agent the code. At most CONSENT_CODES_PER_HOUR codes go to one person in an hour, so nobody can
 * flood someone's phone.
 */
export async function requestMandate(
  db: Db,
  deps: MandateDeps,
  actor: Actor,
  input: RequestInput,
  origin: Origin,
  now = new Date(),
): Promise<{ mandate: Mandate; sentTo: string; expiresAt: Date }> {
  authorize(actor, "mandate.request");
  if (actor.kind !== "person") throw errors.forbidden();
  const { personalDataKey: key, defaultLocale: locale } = deps.config;
  const issues: Issues = [];
  const principal = await findParty(
    db,
    key,
    issues,
    { identifier: "/principal", name: "/principalName" },
    { identifier: input.principal, name: input.principalName },
    true,
  );
  if (principal && principal.id === actor.id)
    issues.push({ field: "/principal", key: "mandate.problem.self" });
  const terms = checkTerms(issues, input, now);
  if (issues.length > 0 || !principal || !terms) throw new FieldsError(issues);
  const mobile = principal.mobile;
  if (!mobile) throw mandateErrors.principalWithoutMobile();
  const hour = 3_600_000;
  const sent = await store.codesSentTo(db, principal.id, new Date(now.getTime() - hour));
  const oldest = sent[0];
  if (oldest && sent.length >= CONSENT_CODES_PER_HOUR) {
    throw mandateErrors.codeLimit(Math.max(1, Math.ceil((oldest.getTime() + hour - now.getTime()) / 1000)));
  }
  const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
  const expiresAt = new Date(now.getTime() + CONSENT_CODE_MINUTES * 60_000);
  const sentTo = maskMobile(mobile);
  const id = await db.transaction().execute(async (tx) => {
    const id = await store.insertMandate(tx, {
      principalId: principal.id,
      agentId: actor.id,
      services: terms.services,
      validFrom: terms.validFrom,
      validUntil: terms.validUntil,
      consentMethod: "one_time_code",
      requestedBy: actor.id,
      consentedAt: null,
      createdAt: now,
    });
    await store.insertConsentCode(tx, {
      mandateId: id,
      codeHash: codeHash(key, id, code),
      sentTo,
      createdAt: now,
      expiresAt,
    });
    await queueNotification(tx, deps.jobs, {
      channel: "sms",
      recipient: mobile,
      template: "mandate.consent_code",
      locale,
      params: {
        code,
        agent: actor.name,
        services: describeServices(translator(locale), terms.services),
        until: terms.lastDay,
        minutes: CONSENT_CODE_MINUTES,
      },
    });
    await recordAudit(tx, {
      actorKind: "person",
      actorId: actor.id,
      action: "mandate.request",
      subjectKind: "mandate",
      subjectId: id,
      personId: principal.id,
      regionCode: principal.address_region_code,
      requestId: origin.requestId ?? null,
      details: { services: terms.services, validFrom: terms.firstDay, validUntil: terms.lastDay },
    });
    return id;
  });
  return { mandate: await getMandate(db, actor, id, now), sentTo, expiresAt };
}

/**
 * The agent enters the code the principal told them. A wrong code counts a try; the last of
 * CONSENT_CODE_TRIES wrong ones voids the request. An expired or already used code is refused.
 */
export async function confirmMandate(
  db: Db,
  deps: Pick<MandateDeps, "config">,
  actor: Actor,
  id: string,
  code: string | undefined,
  origin: Origin,
  now = new Date(),
): Promise<Mandate> {
  const mandate = await load(db, actor, id);
  if (!can(actor, "mandate.confirm", mandateFacts(mandate))) throw errors.forbidden();
  const given = code?.trim() ?? "";
  if (!given) throw new FieldsError([{ field: "/code", key: "mandate.problem.code" }]);
  // A refusal is returned rather than thrown, so the counted try commits with it.
  const refusal = await db.transaction().execute(async (tx) => {
    const row = await store.lockConsentCode(tx, id);
    const current = await store.findMandate(tx, id);
    if (!current) return mandateErrors.notFound();
    const state = stateOf(current, now);
    if (!row || state === "revoked") return mandateErrors.notNow(state, { from: dayOf(current.validFrom) });
    if (row.used_at || current.consentedAt) return mandateErrors.codeUsed();
    if (current.voidedAt) return mandateErrors.notNow("void");
    if (row.expires_at <= now) return mandateErrors.codeExpired();
    const audit = {
      actorKind: "person" as const,
      actorId: current.agent.id,
      subjectKind: "mandate",
      subjectId: id,
      personId: current.principal.id,
      regionCode: current.principalRegionCode,
      requestId: origin.requestId ?? null,
    };
    if (!isCode(deps.config.personalDataKey, id, given, row.code_hash)) {
      const tries = await store.countWrongCode(tx, id);
      if (tries < CONSENT_CODE_TRIES) return mandateErrors.codeWrong(CONSENT_CODE_TRIES - tries);
      await store.voidMandate(tx, id, now);
      await recordAudit(tx, { ...audit, action: "mandate.void", details: { tries } });
      return mandateErrors.notNow("void");
    }
    await store.useConsentCode(tx, id, now);
    await recordAudit(tx, {
      ...audit,
      onBehalfOf: current.principal.id,
      action: "mandate.consent",
      details: { consent: "one_time_code" },
    });
    return undefined;
  });
  if (refusal) throw refusal;
  return getMandate(db, actor, id, now);
}

/**
 * Ends a mandate at once: the principal revokes it (or refuses a pending request), the agent renounces
 * it. The next act under it is refused.
 */
export async function revokeMandate(
  db: Db,
  actor: Actor,
  id: string,
  origin: Origin,
  now = new Date(),
): Promise<Mandate> {
  const mandate = await load(db, actor, id);
  authorize(actor, "mandate.revoke", mandateFacts(mandate));
  const state = stateOf(mandate, now);
  if (!ALLOWED[state].includes("revoke")) {
    throw mandateErrors.notNow(state, { from: dayOf(mandate.validFrom) });
  }
  const by = actor.kind === "person" && actor.id === mandate.agent.id ? "agent" : "principal";
  await db.transaction().execute(async (tx) => {
    if (!(await store.revokeMandate(tx, id, by === "agent" ? mandate.agent.id : mandate.principal.id, now))) {
      throw mandateErrors.notNow("revoked");
    }
    await recordAudit(tx, {
      actorKind: "person",
      actorId: by === "agent" ? mandate.agent.id : mandate.principal.id,
      action: "mandate.revoke",
      subjectKind: "mandate",
      subjectId: id,
      personId: by === "agent" ? mandate.principal.id : mandate.agent.id,
      regionCode: mandate.principalRegionCode,
      requestId: origin.requestId ?? null,
      details: { by, state },
    });
  });
  return getMandate(db, actor, id, now);
}

/** One mandate, with everything done under it, for its principal or its agent. */
export async function getMandate(db: Executor, actor: Actor, id: string, now = new Date()): Promise<Mandate> {
  const mandate = await load(db, actor, id);
  return view(actor, mandate, now, await store.actionsOf(db, [id]));
}

/** The mandates the person gave (as principal), newest first, each with everything done under it. */
export async function listGranted(db: Executor, actor: Actor, now = new Date()): Promise<Mandate[]> {
  authorize(actor, "mandate.list");
  if (actor.kind !== "person") return [];
  const records = await store.mandatesOf(db, "principal", actor.id);
  const actions = await store.actionsOf(
    db,
    records.map((m) => m.id),
  );
  return records.map((m) =>
    view(
      actor,
      m,
      now,
      actions.filter((a) => a.mandateId === m.id),
    ),
  );
}

/** The mandates the person holds (as agent), newest first. */
export async function listHeld(db: Executor, actor: Actor, now = new Date()): Promise<Mandate[]> {
  authorize(actor, "mandate.list");
  if (actor.kind !== "person") return [];
  return (await store.mandatesOf(db, "agent", actor.id)).map((m) => view(actor, m, now));
}
