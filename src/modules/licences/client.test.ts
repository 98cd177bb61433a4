import { describe, expect, it } from "vitest";
import { describeClient, networkOf } from "./client.ts";

describe("what a share link's holder learns of a client", () => {
  it("names the family of browser or program and of system, never the version", () => {
    const cases: [string | undefined, string, string][] = [
      [
        "Mozilla/5.0 (Linux; Android 14; V2243A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0 Mobile Safari/537.36 MicroMessenger/8.0.47",
        "wechat",
        "android",
      ],
      [
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
        "safari",
        "ios",
      ],
      [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36 Edg/124.0",
        "edge",
        "windows",
      ],
      [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36",
        "chrome",
        "windows",
      ],
      [
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.4; rv:125.0) Gecko/20100101 Firefox/125.0",
        "firefox",
        "macos",
      ],
      [
        "Mozilla/5.0 (Linux; Android 12; HarmonyOS; NOH-AN00) AppleWebKit/537.36 Chrome/99.0 Mobile Safari/537.36 DingTalk/7.5",
        "dingtalk",
        "harmonyos",
      ],
      ["Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "bot", "other"],
      [
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/124.0 Safari/537.36",
        "bot",
        "linux",
      ],
      ["curl/8.5.0", "script", "other"],
      ["python-requests/2.31", "script", "other"],
      ["", "other", "other"],
      [undefined, "other", "other"],
    ];
    for (const [ua, agent, platform] of cases) {
      const seen = describeClient(ua, undefined);
      expect([ua, seen.agent, seen.platform]).toEqual([ua, agent, platform]);
    }
  });

  it("keeps the network an address came from, not the address", () => {
    expect(networkOf("203.0.113.77")).toBe("203.0.113.0/24");
    expect(networkOf("::ffff:198.51.100.9")).toBe("198.51.100.0/24");
    expect(networkOf("2001:db8:1234:5678::9")).toBe("2001:db8:1234::/48");
    expect(networkOf("2001:0db8:0001:0000:0000:0000:0000:0001")).toBe("2001:db8:1::/48");
    expect(networkOf("fe80::1%eth0")).toBe("fe80::/48");
    expect(networkOf("::1")).toBe("::/48");
    expect(networkOf("64:ff9b::192.0.2.33")).toBe("64:ff9b::/48");
    expect(networkOf("2001:0:db8::1")).toBe("2001:0:db8::/48");
    expect(networkOf("not an address")).toBeNull();
    expect(networkOf("")).toBeNull();
    expect(networkOf(undefined)).toBeNull();
  });
});
