import type { FastifyRequest } from "fastify";
import type { Locale } from "../../platform/config.ts";
import type { Challenge, StaffProfile } from "./service.ts";

/** A staff profile as the API and pages show it; department names in the reader's language. */
export function presentProfile(profile: StaffProfile, locale: Locale) {
  return {
    id: profile.id,
    username: profile.username,
    displayName: profile.displayName,
    locked: profile.locked,
    disabled: profile.disabled,
    grants: profile.grants.map((g) => ({
      role: g.role,
      departmentId: g.departmentId,
      departmentName: locale === "en" ? g.departmentNameEn : g.departmentName,
      jurisdictionCode: g.jurisdictionCode,
      jurisdictionName: g.jurisdictionName,
    })),
  };
}

/** A pending sign-in as the API shows it: the secret and its URI only while enrolling. */
export function presentChallenge(challenge: Challenge, expiresAt: Date) {
  return {
    mfa: challenge.mfa,
    expiresAt: expiresAt.toISOString(),
    ...(challenge.mfa === "enrol" ? { secret: challenge.secret, otpauthUri: challenge.uri } : {}),
  };
}

/**
 * The session cookie as sent. `request.sessionToken` is set only for a session that signs someone in;
 * one still waiting for the second factor is found here, so it can be finished, replaced or ended.
 */
export function sessionCookieOf(request: FastifyRequest): string | undefined {
  return request.sessionToken ?? request.server.cookieJar.read(request, "session");
}
