/**
 * Signing a person in through a province's identity platform: the login sent to the provider, and the
 * return that links the verified identity to an account (or opens one) and starts a session.
 */
import { hashToken, newToken } from "../../platform/auth/tokens.ts";
import type { Config, OidcSettings } from "../../platform/config.ts";
import { encrypt } from "../../platform/crypto.ts";
import type { Db, Executor } from "../../platform/db/database.ts";
import { maskIdNumber } from "../../platform/personal-data.ts";
import { recordAudit } from "../audit/service.ts";
import {
  authorizationUrl,
  exchangeCode,
  newLoginSecrets,
  OidcRefusal,
  oidcErrors,
  type ProvidedPerson,
  providerConfiguration,
  readClaims,
  safe,
} from "./oidc.ts";
import * as oidcStore from "./oidc-store.ts";
import { idNumberIndex, idNumberIndexes, type Origin } from "./service.ts";
import { type SignedIn, startSession } from "./sessions.ts";
import * as store from "./store.ts";

/** How long a person may take at the identity platform before the login must be started again. */
export const PENDING_LOGIN_MINUTES = 10;
export const OIDC_CALLBACK_PATH = "/account/signin/oidc/callback";

export interface OidcDeps {
  config: Pick<Config, "baseUrl" | "personalDataKey"> & { oidc: OidcSettings };
}

/** The address the provider sends the browser back to; it must be registered there exactly. */
export function redirectUri(deps: OidcDeps): string {
  return `${deps.config.baseUrl}${OIDC_CALLBACK_PATH}`;
}

/**
 * Starts a sign-in: keeps state, nonce and PKCE verifier server-side under the hash of a random value
 * that only this browser gets (its cookie), and gives the provider's address to send the browser to.
 * `returnTo` must already be a local path.
 */
export async function beginOidcSignIn(
  db: Db,
  deps: OidcDeps,
  returnTo: string,
  now = new Date(),
): Promise<{ redirectTo: URL; cookieToken: string; expiresAt: Date }> {
  const configuration = await providerConfiguration(deps.config.oidc);
  const secrets = newLoginSecrets();
  const cookieToken = newToken();
  const expiresAt = new Date(now.getTime() + PENDING_LOGIN_MINUTES * 60_000);
  await oidcStore.insertPendingLogin(
    db,
    {
      id_hash: hashToken(cookieToken),
      state: secrets.state,
      nonce: secrets.nonce,
      code_verifier: secrets.codeVerifier,
      return_to: returnTo,
      expires_at: expiresAt,
    },
    now,
  );
  const redirectTo = await authorizationUrl(configuration, deps.config.oidc, redirectUri(deps), secrets);
  return { redirectTo, cookieToken, expiresAt };
}

/** The browser's return from the provider: its pending-login cookie and the query of the callback URL. */
export interface OidcCallback {
  cookieToken: string | undefined;
  search: string;
}

/**
 * Completes a sign-in. The pending login is taken out first, so it can be used once only, whatever
 * happens next; then the state must be the one sent, the provider must not have answered with an error,
 * and the code is exchanged and the ID token verified. A refusal is recorded in the audit trail and
 * thrown; nothing is signed in.
 */
export async function completeOidcSignIn(
  db: Db,
  deps: OidcDeps,
  callback: OidcCallback,
  previousToken: string | undefined,
  origin: Origin,
  now = new Date(),
): Promise<SignedIn & { returnTo: string }> {
  try {
    if (!callback.cookieToken) throw oidcErrors.noPendingLogin();
    const pending = await oidcStore.takePendingLogin(db, hashToken(callback.cookieToken));
    if (!pending || pending.expires_at <= now) throw oidcErrors.loginGone();
    const params = new URLSearchParams(callback.search);
    const state = params.get("state");
    if (!state) throw oidcErrors.stateMismatch("state_missing");
    if (state !== pending.state) throw oidcErrors.stateMismatch("state_mismatch");
    const error = params.get("error");
    if (error === "access_denied") throw oidcErrors.cancelled();
    if (error) throw oidcErrors.providerError(safe(error));

    const configuration = await providerConfiguration(deps.config.oidc);
    const callbackUrl = new URL(redirectUri(deps));
    callbackUrl.search = params.toString();
    const claims = await exchangeCode(configuration, callbackUrl, {
      state: pending.state,
      nonce: pending.nonce,
      codeVerifier: pending.code_verifier,
    });
    const person = readClaims(claims, deps.config.oidc.idNumberClaim, now);
    const signedIn = await signInProvided(db, deps, person, previousToken, origin, now);
    return { ...signedIn, returnTo: pending.return_to };
  } catch (error) {
    if (error instanceof OidcRefusal) await recordRefusal(db, deps.config.oidc.issuer, error, origin);
    throw error;
  }
}

async function signInProvided(
  db: Db,
  deps: OidcDeps,
  person: ProvidedPerson,
  previousToken: string | undefined,
  origin: Origin,
  now: Date,
): Promise<SignedIn> {
  const issuer = deps.config.oidc.issuer;
  const attempt = () =>
    db.transaction().execute(async (tx) => {
      const { personId, outcome } = await linkOrCreate(tx, deps.config.personalDataKey, issuer, person, now);
      // Never asked for Tongban's second factor, even by someone who enrolled one: the identity platform
      // authenticated the person itself (its own factors), and is the only way into an account without a
      // password (docs/security.md, G2).
      const session = await startSession(tx, personId, previousToken, now, origin.userAgent, {
        method: "identity_platform",
      });
      const audit = (action: string, details: Record<string, unknown>) =>
        recordAudit(tx, {
          actorKind: "person",
          actorId: personId,
          action,
          subjectKind: "person",
          subjectId: personId,
          personId,
          requestId: origin.requestId ?? null,
          details,
        });
      if (outcome === "created") await audit("person.signed_up", { method: "oidc", issuer });
      if (outcome !== "known") await audit("person.linked_identity", { issuer, subject: person.subject });
      await audit("person.signin", { method: "oidc", issuer });
      return { ...session, personId };
    });
  try {
    return await attempt();
  } catch (error) {
    // A first sign-in of the same person (or a sign-up with the same ID number or e-mail) committed
    // between our reads and our inserts: run again, and the second run finds what the other made.
    if (!store.isUniqueViolation(error)) throw error;
    return attempt();
  }
}

/**
 * The linking rules: an identity seen before signs in its person, if the ID number still matches; else
 * the account holding the verified ID number is linked to it; else an account is opened from the
 * claims, without a password. The e-mail is left out when another account already uses it.
 */
async function linkOrCreate(
  tx: Executor,
  key: Buffer,
  issuer: string,
  person: ProvidedPerson,
  now: Date,
): Promise<{ personId: string; outcome: "known" | "linked" | "created" }> {
  const idIndex = idNumberIndex(key, person.idNumber);
  const idIndexes = idNumberIndexes(key, person.idNumber);
  const identity = await oidcStore.findIdentity(tx, issuer, person.subject);
  if (identity) {
    const owner = await store.findPersonById(tx, identity.person_id);
    if (!owner || !idIndexes.includes(owner.id_number_index))
      throw oidcErrors.identityMismatch(identity.person_id);
    await oidcStore.touchIdentity(tx, identity.id, now);
    return { personId: identity.person_id, outcome: "known" };
  }
  const link = { issuer, subject: person.subject, at: now };
  const holder = await store.findPersonByIdIndex(tx, idIndexes);
  if (holder) {
    if (await oidcStore.findIdentityOfPerson(tx, issuer, holder.id))
      throw oidcErrors.identityTaken(holder.id);
    await oidcStore.insertIdentity(tx, { ...link, personId: holder.id });
    return { personId: holder.id, outcome: "linked" };
  }
  const email = person.email && !(await store.findPersonByEmail(tx, person.email)) ? person.email : null;
  const personId = await oidcStore.insertProvidedPerson(tx, {
    name: person.name,
    idNumberEnc: encrypt(key, person.idNumber),
    idNumberIndex: idIndex,
    idNumberMasked: maskIdNumber(person.idNumber),
    email,
    emailVerifiedAt: email && person.emailVerified ? now : null,
    mobile: person.mobile,
  });
  await oidcStore.insertIdentity(tx, { ...link, personId });
  return { personId, outcome: "created" };
}

async function recordRefusal(db: Db, issuer: string, refusal: OidcRefusal, origin: Origin): Promise<void> {
  await db.transaction().execute((tx) =>
    recordAudit(tx, {
      actorKind: "anonymous",
      action: "person.signin_failed",
      ...(refusal.personId
        ? { subjectKind: "person", subjectId: refusal.personId, personId: refusal.personId }
        : {}),
      requestId: origin.requestId ?? null,
      details: { method: "oidc", issuer, reason: refusal.reason },
    }),
  );
}
