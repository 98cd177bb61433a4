import type { Config } from "../../platform/config.ts";

/**
 * Where a sign-in through the identity platform starts (oidc-routes.tsx): a POST carrying the CSRF
 * token, from a button. A GET only shows that button, so another site cannot start a sign-in — and,
 * for someone signed in at the platform already, open a Tongban session — without the person's click.
 */
export const OIDC_START_PATH = "/account/signin/oidc";

/** What the sign-in page's platform button posts; undefined when no platform is configured. */
export function oidcSignInStart(config: Pick<Config, "oidc">, next: string): { next: string } | undefined {
  return config.oidc ? { next } : undefined;
}
