import { describeDevice } from "../../platform/auth/devices.ts";
import { hashToken, newToken } from "../../platform/auth/tokens.ts";
import type { Config } from "../../platform/config.ts";
import type { Executor } from "../../platform/db/database.ts";
import * as sessionStore from "./session-store.ts";
import type { SessionStage } from "./tables.ts";

export const SESSION_HOURS = 12;

/** Minutes a staff session may go unused before it ends, unless SESSION_IDLE_MINUTES says otherwise. */
export const DEFAULT_IDLE_MINUTES = 30;
/** Time to finish a step after the password (a new password, the second factor); then sign in again. */
export const PENDING_MINUTES = 10;

/** What signing in needs to know from the configuration. */
export type IdentitySettings = Pick<
  Config,
  "signIn" | "requireStaffMfa" | "personalDataKey" | "baseUrl" | "adminNetworks"
>;

/** The second step a pending session owes: a code, or enrolment first (with what the app must scan). */
export type Challenge = { mfa: "verify" } | { mfa: "enrol"; secret: string; uri: string };

export interface SignedIn {
  token: string;
  expiresAt: Date;
  staffId: string;
  /** Present while the session owes the second factor: it signs no one in until that is given. */
  secondFactor?: Challenge;
  /** True while the session owes a new password in place of a first one: it only lets one choose it. */
  passwordChange?: boolean;
}

/**
 * Starts a session under a new id, ending the one the caller held (if any): the id always changes when
 * the caller's privileges do, so a planted cookie never becomes a signed-in one. The browser is
 * described from `userAgent` at the password; a later step (the second factor, a new password) keeps
 * the description of the step before, as it is the same browser.
 */
export async function issueSession(
  tx: Executor,
  staffId: string,
  stage: SessionStage,
  previousToken: string | undefined,
  now: Date,
  userAgent?: string,
): Promise<{ token: string; expiresAt: Date }> {
  const token = newToken();
  const lifetime = stage === "complete" ? SESSION_HOURS * 3_600_000 : PENDING_MINUTES * 60_000;
  const expiresAt = new Date(now.getTime() + lifetime);
  const previous = previousToken
    ? await sessionStore.endSessionByToken(tx, hashToken(previousToken))
    : undefined;
  const device = userAgent !== undefined ? describeDevice(userAgent) : (previous?.device ?? null);
  await sessionStore.insertSession(tx, { tokenHash: hashToken(token), staffId, expiresAt, stage, device });
  return { token, expiresAt };
}
