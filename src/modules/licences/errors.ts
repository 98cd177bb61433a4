import { AppError, errors } from "../../platform/errors.ts";

/** The day in China (UTC+8 all year), as "2026-07-15": a date both languages read. */
const chinaDay = (instant: Date) => new Date(instant.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/** This module's errors; each code's words are `error.<code>` in messages.ts. */
export const licenceErrors = {
  notFound: () => errors.notFound("licence"),
  /** Revocation is final: nothing more can be done to a revoked licence. */
  revoked: () =>
    new AppError(
      "licence_revoked",
      409,
      "This licence has already been revoked: nothing more can be done to it",
      {
        allowed: [],
      },
    ),
  /** An expired licence proves nothing any more: it is not shared, nor used in place of a material. */
  expired: (validUntil: Date) =>
    new AppError(
      "licence_expired",
      409,
      `This licence expired on ${chinaDay(validUntil)}: it can no longer be shared; apply to renew it`,
      { allowed: [], params: { date: chinaDay(validUntil) } },
    ),
  notYetValid: (validFrom: Date) =>
    new AppError(
      "licence_not_yet_valid",
      409,
      `This licence is valid only from ${chinaDay(validFrom)}: it can be shared from that day`,
      { allowed: [], params: { date: chinaDay(validFrom) } },
    ),
  /** The record no longer matches its signature: nobody should be shown it as a licence. */
  notGenuine: () =>
    new AppError(
      "licence_not_genuine",
      409,
      "This licence's record does not match its issuer's signature: it cannot be shared; contact the issuing department",
      { allowed: [] },
    ),
};

/** The errors of share links. */
export const shareErrors = {
  notFound: () => errors.notFound("share"),
  /** Revoking a link that has already ended: nothing left to do. */
  ended: () =>
    new AppError("share_ended", 409, "This link has already ended (revoked or expired): nothing to revoke", {
      allowed: [],
    }),
  /** 410 Gone: the link worked once and never will again. */
  expired: (at: Date) =>
    new AppError(
      "share_expired",
      410,
      `This link expired on ${chinaDay(at)}: ask the licence's holder for a new one`,
      { params: { date: chinaDay(at) } },
    ),
  revoked: (at: Date) =>
    new AppError(
      "share_revoked",
      410,
      `The licence's holder revoked this link on ${chinaDay(at)}: ask them for a new one if you still need it`,
      { params: { date: chinaDay(at) } },
    ),
};
