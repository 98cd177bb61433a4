/**
 * A coarse description of the browser behind a User-Agent header — "Chrome · Android", "WeChat · iOS" —
 * so that someone looking at their sessions recognises their own phone and notices a stranger's
 * computer. Versions, device models and build numbers are left out: they would help no one recognise a
 * session and would make the record a fingerprint (个人信息保护法 第六条, minimisation).
 */

/** The first that matches names the browser: in-app browsers and Edge announce Chrome and Safari too. */
const BROWSERS: [RegExp, string][] = [
  [/MicroMessenger\//, "WeChat"],
  [/AlipayClient\//, "Alipay"],
  [/DingTalk\//, "DingTalk"],
  [/\bQQ\//, "QQ"],
  [/MQQBrowser\/|QQBrowser\//, "QQ Browser"],
  [/UCBrowser\/|UCWEB/, "UC Browser"],
  [/HuaweiBrowser\//, "Huawei Browser"],
  [/MiuiBrowser\//, "Mi Browser"],
  [/SamsungBrowser\//, "Samsung Internet"],
  [/EdgA?\/|Edg\//, "Edge"],
  [/OPR\/|Opera/, "Opera"],
  [/Firefox\/|FxiOS\//, "Firefox"],
  [/Chrome\/|CriOS\//, "Chrome"],
  [/Safari\//, "Safari"],
];

const SYSTEMS: [RegExp, string][] = [
  [/HarmonyOS|OpenHarmony/, "HarmonyOS"],
  [/Android/, "Android"],
  [/iPhone|iPod/, "iOS"],
  [/iPad/, "iPadOS"],
  [/CrOS/, "ChromeOS"],
  [/Windows/, "Windows"],
  [/Mac OS X|Macintosh/, "macOS"],
  [/Linux/, "Linux"],
];

/** A client that is not a browser is named by its product token alone: "curl", "python-requests". */
const PRODUCT = /^([A-Za-z][A-Za-z0-9._-]{0,39})\//;

export function describeDevice(userAgent: string | undefined): string | null {
  if (!userAgent) return null;
  const browser = BROWSERS.find(([pattern]) => pattern.test(userAgent))?.[1];
  const system = SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1];
  if (browser || system) return [browser, system].filter(Boolean).join(" · ");
  const product = PRODUCT.exec(userAgent)?.[1];
  return product && product !== "Mozilla" ? product : null;
}
