import type { Config } from "../../platform/config.ts";

/** Where a sign-in through the identity platform starts (oidc-routes.tsx). */
export const OIDC_START_PATH = "/account/signin/oidc";

/** Where the sign-in page sends a person who chooses the identity platform; undefined when there is none. */
export function oidcSignInHref(config: Pick<Config, "oidc">, next: string): string | undefined {
  return config.oidc ? `${OIDC_START_PATH}?next=${encodeURIComponent(next)}` : undefined;
}
