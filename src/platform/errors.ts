/**
 * The one catalogue of errors Tongban answers with. Each has a stable `code` (clients branch on it),
 * an HTTP status, and a message key translated in one place (RFC 9457 problem+json for the API,
 * a friendly page for browsers).
 */
export interface FieldProblem {
  /** JSON pointer-ish path of the field: "/username", "/query/limit". */
  field: string;
  message: string;
}

export class AppError extends Error {
  override name = "AppError";
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly extra: {
      fields?: FieldProblem[];
      allowed?: string[];
      retryAfterSeconds?: number;
      params?: Record<string, string | number>;
    } = {},
  ) {
    super(message);
  }
}

export const errors = {
  notFound: (what = "resource") => new AppError("not_found", 404, `The ${what} was not found`),
  routeNotFound: (method: string, url: string) =>
    new AppError("route_not_found", 404, `No route for ${method} ${url}`),
  validation: (fields: FieldProblem[]) =>
    new AppError("validation_failed", 400, "Some fields are not valid", { fields }),
  malformedBody: (reason: string) =>
    new AppError("malformed_body", 400, `The request body is malformed: ${reason}`),
  malformedUrl: () => new AppError("malformed_url", 400, "The address has a %-escape that does not decode"),
  urlTooLong: () => new AppError("url_too_long", 414, "A part of the address is too long"),
  unsupportedMediaType: (type: string) =>
    new AppError("unsupported_media_type", 415, `Content type ${type} is not accepted here`),
  bodyTooLarge: () => new AppError("body_too_large", 413, "The request body is too large"),
  unauthenticated: () => new AppError("unauthenticated", 401, "Sign in first"),
  forbidden: () => new AppError("forbidden", 403, "You may not do this"),
  badCredentials: () => new AppError("bad_credentials", 401, "The username or password is wrong"),
  accountLocked: (retryAfterSeconds: number) =>
    new AppError("account_locked", 423, "Too many failed sign-ins: the account is locked for a while", {
      retryAfterSeconds,
      params: { minutes: Math.ceil(retryAfterSeconds / 60) },
    }),
  /** ADMIN_ALLOWED_NETWORKS: an administrator's sign-in or session from an address outside it. */
  outsideAdminNetworks: () =>
    new AppError(
      "outside_admin_networks",
      403,
      "Administrators sign in and work only from the administration network, and this address is outside it",
    ),
  mfaInvalid: () =>
    new AppError("mfa_invalid", 401, "The code is wrong or was used already: enter the current one"),
  rateLimited: (retryAfterSeconds: number) =>
    new AppError("rate_limited", 429, "Too many requests: slow down and try again", { retryAfterSeconds }),
  csrf: () =>
    new AppError(
      "csrf_failed",
      403,
      "The form had expired or came from elsewhere: reload the page and try again",
    ),
  conflict: (message: string, allowed: string[] = []) => new AppError("conflict", 409, message, { allowed }),
  unavailable: (what: string, retryAfterSeconds?: number) =>
    new AppError(
      "unavailable",
      503,
      `${what} is not available right now`,
      retryAfterSeconds === undefined ? {} : { retryAfterSeconds },
    ),
  internal: () => new AppError("internal", 500, "Something went wrong on our side"),
};

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
