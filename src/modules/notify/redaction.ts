import type { ParamKind } from "./templates.ts";

/**
 * What a log may show of a message: its secrets masked by the kind of the parameter that carries them,
 * not by guessing at the finished text. Outside the demo the log transport writes only this.
 */

/** A code in a log: as many stars as it has characters, so the message still reads. */
export const maskCode = (code: string) => "*".repeat(code.length);

/**
 * A link as a log may show it: where it leads, without the secrets it may carry — every query value
 * and the fragment masked, a user and password dropped.
 */
export function maskLink(link: string): string {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return "***";
  }
  url.username = "";
  url.password = "";
  const keys = [...url.searchParams.keys()];
  url.search = keys.length > 0 ? `?${keys.map((k) => `${encodeURIComponent(k)}=***`).join("&")}` : "";
  if (url.hash) url.hash = "***";
  return url.href;
}

/**
 * A link that is a secret itself, its token the last step of its path (a case's short link `/c/<token>`,
 * a rating invitation `/rate/<token>`): that step masked as well.
 */
export function maskSecretLink(link: string): string {
  const masked = maskLink(link);
  if (masked === "***") return masked;
  const url = new URL(masked);
  url.pathname = url.pathname.replace(/[^/]*$/, "***");
  return url.href;
}

/**
 * A template's parameters with what is secret masked: codes become stars, links lose their query
 * values, a secret link its last path step too. A parameter of no known kind is masked whole.
 */
export function redactParams(
  kinds: { readonly [key: string]: ParamKind },
  params: Record<string, string | number>,
): Record<string, string | number> {
  return Object.fromEntries(
    Object.entries(params).map(([key, value]) => {
      switch (Object.hasOwn(kinds, key) ? kinds[key] : undefined) {
        case "code":
          return [key, maskCode(String(value))];
        case "link":
          return [key, maskLink(String(value))];
        case "secret_link":
          return [key, maskSecretLink(String(value))];
        case "text":
        case "lines":
        case "minutes":
          return [key, value];
        default:
          return [key, "***"];
      }
    }),
  );
}
