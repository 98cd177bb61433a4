/**
 * The OpenID Connect side of signing in through a province's identity platform: discovery, the
 * authorization request (PKCE, state, nonce), the code exchange with every check of the ID token, and
 * reading the claims we need. Nothing here touches the database; oidc-link.ts does.
 */
import * as client from "openid-client";
import type { OidcSettings } from "../../platform/config.ts";
import { AppError } from "../../platform/errors.ts";
import { checkIdNumber, normaliseMobile } from "../../platform/personal-data.ts";
import * as check from "./validate.ts";

/**
 * A refused sign-in through the identity provider: one of the catalogue's errors (its words are
 * `error.<code>` in messages.ts), with the precise reason the audit trail keeps and, once known, the
 * account it concerns.
 */
export class OidcRefusal extends AppError {
  constructor(
    code: string,
    status: number,
    message: string,
    readonly reason: string,
    params?: Record<string, string>,
    readonly personId?: string,
  ) {
    super(code, status, message, params ? { params } : {});
  }
}

const because = (refusal: OidcRefusal, cause: unknown): OidcRefusal => {
  refusal.cause = cause;
  return refusal;
};

export const oidcErrors = {
  noPendingLogin: () =>
    new OidcRefusal(
      "oidc_no_pending_login",
      400,
      "No sign-in through the identity platform was started in this browser: start again from the sign-in page",
      "no_pending_login",
    ),
  loginGone: () =>
    new OidcRefusal(
      "oidc_login_gone",
      400,
      "This sign-in has already been completed or has expired: start again",
      "login_gone",
    ),
  stateMismatch: (reason: "state_missing" | "state_mismatch") =>
    new OidcRefusal(
      "oidc_state_mismatch",
      400,
      "The answer of the identity platform does not belong to the sign-in started in this browser: start again",
      reason,
    ),
  cancelled: () =>
    new OidcRefusal(
      "oidc_cancelled",
      401,
      "The sign-in was cancelled at the identity platform",
      "access_denied",
    ),
  providerError: (error: string) =>
    new OidcRefusal(
      "oidc_provider_error",
      502,
      `The identity platform answered with the error ${error}`,
      `provider_error:${error}`,
      { error },
    ),
  unavailable: (cause: unknown) =>
    because(
      new OidcRefusal(
        "oidc_unavailable",
        503,
        "The identity platform cannot be reached right now",
        "unavailable",
      ),
      cause,
    ),
  exchangeFailed: (reason: string, cause: unknown) =>
    because(
      new OidcRefusal(
        "oidc_exchange_failed",
        401,
        "The identity platform did not accept the sign-in code",
        `exchange_failed:${reason}`,
      ),
      cause,
    ),
  tokenInvalid: (reason: string, cause?: unknown) =>
    because(
      new OidcRefusal(
        "oidc_token_invalid",
        401,
        `The identity platform's answer failed verification (${reason})`,
        reason,
      ),
      cause,
    ),
  claimsMissing: (claims: string[]) =>
    new OidcRefusal(
      "oidc_claims_missing",
      422,
      `The identity platform did not send ${claims.join(", ")}`,
      `claims_missing:${claims.join(",")}`,
      { claims: claims.join(", ") },
    ),
  idNumberInvalid: (problem: string) =>
    new OidcRefusal(
      "oidc_id_number_invalid",
      422,
      "The ID number the identity platform sent is not a valid resident ID number (GB 11643)",
      `id_number_${problem}`,
    ),
  identityMismatch: (personId: string) =>
    new OidcRefusal(
      "oidc_identity_mismatch",
      409,
      "The identity platform sent another ID number for this identity than the account it is linked to",
      "identity_mismatch",
      undefined,
      personId,
    ),
  identityTaken: (personId: string) =>
    new OidcRefusal(
      "oidc_identity_taken",
      409,
      "The account with this ID number is already linked to another identity at this identity platform",
      "identity_taken",
      undefined,
      personId,
    ),
};

const configurations = new Map<string, Promise<client.Configuration>>();

/**
 * The provider's metadata and our client, discovered once per process. A failed discovery is not kept,
 * so the next sign-in tries again.
 */
export function providerConfiguration(settings: OidcSettings): Promise<client.Configuration> {
  const key = `${settings.issuer}\u0000${settings.clientId}`;
  let configuration = configurations.get(key);
  if (!configuration) {
    configuration = client
      .discovery(new URL(settings.issuer), settings.clientId, undefined, clientAuth(settings), {
        timeout: 10,
        execute: [
          // Plain http only where the configuration allowed it: a loopback issuer or OIDC_ALLOW_HTTP.
          ...(settings.allowHttp ? [client.allowInsecureRequests] : []),
          // openid-client trusts an ID token from the token endpoint on the strength of TLS alone. We
          // check its signature against the provider's published keys as well: a forged or altered token
          // is refused even where TLS is terminated early or the issuer is reached over plain http.
          client.enableNonRepudiationChecks,
        ],
      })
      .catch((error: unknown) => {
        configurations.delete(key);
        throw oidcErrors.unavailable(error);
      });
    configurations.set(key, configuration);
  }
  return configuration;
}

function clientAuth(settings: OidcSettings): client.ClientAuth {
  return settings.clientAuth === "client_secret_post"
    ? client.ClientSecretPost(settings.clientSecret)
    : client.ClientSecretBasic(settings.clientSecret);
}

/** What ties the provider's answer to the sign-in it answers: fresh for each, and kept server-side. */
export interface LoginSecrets {
  state: string;
  nonce: string;
  codeVerifier: string;
}

export function newLoginSecrets(): LoginSecrets {
  return {
    state: client.randomState(),
    nonce: client.randomNonce(),
    codeVerifier: client.randomPKCECodeVerifier(),
  };
}

export async function authorizationUrl(
  configuration: client.Configuration,
  settings: OidcSettings,
  redirectUri: string,
  secrets: LoginSecrets,
): Promise<URL> {
  return client.buildAuthorizationUrl(configuration, {
    redirect_uri: redirectUri,
    scope: settings.scopes,
    response_type: "code",
    code_challenge: await client.calculatePKCECodeChallenge(secrets.codeVerifier),
    code_challenge_method: "S256",
    state: secrets.state,
    nonce: secrets.nonce,
  });
}

export type Claims = Record<string, unknown>;

/**
 * Exchanges the code of the callback for tokens and returns the verified claims: the ID token's
 * (signature, issuer, audience, expiry and nonce checked) with the UserInfo endpoint's added, since many
 * providers release profile claims only there (its subject must be the ID token's).
 */
export async function exchangeCode(
  configuration: client.Configuration,
  callbackUrl: URL,
  secrets: LoginSecrets,
): Promise<Claims> {
  try {
    const tokens = await client.authorizationCodeGrant(configuration, callbackUrl, {
      pkceCodeVerifier: secrets.codeVerifier,
      expectedState: secrets.state,
      expectedNonce: secrets.nonce,
      idTokenExpected: true,
    });
    const idToken = tokens.claims();
    if (!idToken) throw oidcErrors.tokenInvalid("no_id_token");
    const userInfo = configuration.serverMetadata().userinfo_endpoint
      ? await client.fetchUserInfo(configuration, tokens.access_token, idToken.sub)
      : {};
    return { ...userInfo, ...idToken };
  } catch (error) {
    throw refusalFor(error);
  }
}

const CLAIM_REASONS: Record<string, string> = {
  iss: "issuer",
  aud: "audience",
  azp: "audience",
  nonce: "nonce",
  exp: "expired",
  iat: "issued_at",
  nbf: "not_yet_valid",
  auth_time: "auth_time",
};

/** What went wrong in the exchange, as a refusal; errors that are not about the protocol pass through. */
function refusalFor(error: unknown): unknown {
  if (error instanceof OidcRefusal) return error;
  if (error instanceof client.AuthorizationResponseError) {
    return error.error === "access_denied"
      ? oidcErrors.cancelled()
      : oidcErrors.providerError(safe(error.error));
  }
  if (error instanceof client.ResponseBodyError) return oidcErrors.exchangeFailed(safe(error.error), error);
  if (error instanceof client.WWWAuthenticateChallengeError)
    return oidcErrors.exchangeFailed("userinfo", error);
  if (error instanceof TypeError && error.message === "fetch failed") return oidcErrors.unavailable(error);
  if (!(error instanceof client.ClientError)) return error;
  const detail = (error.cause as { cause?: { claim?: string }; message?: string } | undefined) ?? {};
  switch (error.code) {
    case "OAUTH_JWT_CLAIM_COMPARISON_FAILED":
    case "OAUTH_JWT_TIMESTAMP_CHECK_FAILED": {
      const claim = detail.cause?.claim ?? "claim";
      return oidcErrors.tokenInvalid(CLAIM_REASONS[claim] ?? `claim_${claim}`, error);
    }
    case "OAUTH_KEY_SELECTION_FAILED":
      return oidcErrors.tokenInvalid("signature_key", error);
    case "OAUTH_INVALID_RESPONSE":
      return oidcErrors.tokenInvalid(
        /signature/i.test(detail.message ?? "") ? "signature" : "invalid_response",
        error,
      );
    case "OAUTH_RESPONSE_IS_NOT_CONFORM":
    case "OAUTH_RESPONSE_IS_NOT_JSON":
    case "OAUTH_TIMEOUT":
    case "OAUTH_ABORT":
      return oidcErrors.unavailable(error);
    default:
      return oidcErrors.tokenInvalid("invalid_response", error);
  }
}

/** An error code from the provider, fit to show and to keep: anything else becomes "unknown". */
export function safe(code: string | null | undefined): string {
  return code && /^[A-Za-z0-9_.-]{1,64}$/.test(code) ? code : "unknown";
}

/** The person as the identity provider describes them, checked as sign-up checks what people type. */
export interface ProvidedPerson {
  subject: string;
  name: string;
  idNumber: string;
  email: string | null;
  emailVerified: boolean;
  mobile: string | null;
}

/**
 * Reads the claims an account needs: the subject, a name and a resident ID number that passes the
 * GB 11643 check. E-mail and phone are optional and dropped when malformed; the e-mail counts as
 * confirmed only when the provider says `email_verified: true`.
 */
export function readClaims(claims: Claims, idNumberClaim: string, now: Date): ProvidedPerson {
  const text = (name: string): string => {
    const value = claims[name];
    return typeof value === "string" ? value.trim() : "";
  };
  // Without `name`, the Chinese order: family name then given name, with no space between.
  const name = text("name") || `${text("family_name")}${text("given_name")}`;
  const rawIdNumber = text(idNumberClaim);
  const missing = [...(name ? [] : ["name"]), ...(rawIdNumber ? [] : [idNumberClaim])];
  if (missing.length > 0) throw oidcErrors.claimsMissing(missing);
  const idNumber = checkIdNumber(rawIdNumber, now);
  if (!idNumber.ok) throw oidcErrors.idNumberInvalid(idNumber.problem);
  const issues: check.Issues = [];
  const given = text("email");
  const email = given && check.email(issues, "/email", given) && issues.length === 0 ? given : null;
  return {
    subject: text("sub"),
    name,
    idNumber: idNumber.value,
    email,
    emailVerified: email !== null && claims.email_verified === true,
    mobile: normaliseMobile(text("phone_number")) ?? null,
  };
}
