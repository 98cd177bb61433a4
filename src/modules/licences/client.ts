import { isIPv4, isIPv6 } from "node:net";

/**
 * What the holder of a share link learns about each client that opened it: enough to tell "my bank's
 * staff on a desktop browser" from "a link-preview robot" or "something in another country", and no
 * more. A user-agent string can single a person out, and a full IP address is personal data; so only a
 * family of each is kept, and the network rather than the address.
 */
export interface ClientPicture {
  agent: ClientAgent;
  platform: ClientPlatform;
  network: string | null;
}

export const CLIENT_AGENTS = [
  "wechat",
  "dingtalk",
  "alipay",
  "edge",
  "firefox",
  "chrome",
  "safari",
  "bot",
  "script",
  "other",
] as const;
export type ClientAgent = (typeof CLIENT_AGENTS)[number];

export const CLIENT_PLATFORMS = [
  "harmonyos",
  "android",
  "ios",
  "macos",
  "windows",
  "linux",
  "other",
] as const;
export type ClientPlatform = (typeof CLIENT_PLATFORMS)[number];

/** First match wins: apps embed a browser engine, and Edge says it is Chrome and Safari too. */
const AGENTS: [RegExp, ClientAgent][] = [
  [/bot\b|spider|crawl|slurp|preview|facebookexternalhit|headless/i, "bot"],
  [/^(curl|wget|python|go-http|java\/|okhttp|node|axios|undici|postman|httpie|libwww)/i, "script"],
  [/MicroMessenger|wxwork/i, "wechat"],
  [/DingTalk/i, "dingtalk"],
  [/AlipayClient/i, "alipay"],
  [/Edg(e|A|iOS)?\//, "edge"],
  [/Firefox\/|FxiOS\//, "firefox"],
  [/Chrome\/|CriOS\//, "chrome"],
  [/Version\/[\d.]+.*Safari\//, "safari"],
];

/** Android before Linux (its string says both), HarmonyOS before Android (likewise). */
const PLATFORMS: [RegExp, ClientPlatform][] = [
  [/HarmonyOS|OpenHarmony/i, "harmonyos"],
  [/Android/i, "android"],
  [/iPhone|iPad|iPod/, "ios"],
  [/Macintosh|Mac OS X/, "macos"],
  [/Windows/, "windows"],
  [/Linux|X11/, "linux"],
];

export function describeClient(userAgent: string | undefined, ip: string | undefined): ClientPicture {
  const ua = (userAgent ?? "").slice(0, 1000);
  return {
    agent: AGENTS.find(([pattern]) => pattern.test(ua))?.[1] ?? "other",
    platform: PLATFORMS.find(([pattern]) => pattern.test(ua))?.[1] ?? "other",
    network: networkOf(ip),
  };
}

/**
 * The network an address belongs to: its IPv4 /24 (203.0.113.0/24) or IPv6 /48 (2001:db8:1234::/48),
 * the blocks an operator usually hands a site; an IPv4 address mapped into IPv6 counts as IPv4.
 */
export function networkOf(ip: string | undefined): string | null {
  if (!ip) return null;
  const address = ip.replace(/%.*$/, "");
  const v4 = /^::ffff:/i.test(address) && isIPv4(address.slice(7)) ? address.slice(7) : address;
  if (isIPv4(v4)) {
    const [a, b, c] = v4.split(".");
    return `${a}.${b}.${c}.0/24`;
  }
  if (!isIPv6(address)) return null;
  const prefix = expandIPv6(address).slice(0, 3);
  while (prefix.at(-1) === 0) prefix.pop();
  return `${prefix.map((g) => g.toString(16)).join(":")}::/48`;
}

/** The eight 16-bit groups of a valid IPv6 address, "::" filled and a dotted IPv4 tail converted. */
function expandIPv6(address: string): number[] {
  const parse = (part: string): number[] =>
    part === ""
      ? []
      : part.split(":").flatMap((group) => {
          if (!group.includes(".")) return [Number.parseInt(group, 16)];
          const [a = 0, b = 0, c = 0, d = 0] = group.split(".").map(Number);
          return [(a << 8) | b, (c << 8) | d];
        });
  const [head = "", tail] = address.split("::");
  const first = parse(head);
  const last = tail === undefined ? [] : parse(tail);
  return [...first, ...new Array<number>(8 - first.length - last.length).fill(0), ...last];
}
