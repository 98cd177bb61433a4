import { describe, expect, it } from "vitest";
import { describeDevice } from "./devices.ts";

describe("a device described from its User-Agent", () => {
  it("names the browser and the system, never a version or a model", () => {
    const cases: [string, string][] = [
      [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0",
        "Firefox · Windows",
      ],
      [
        "Mozilla/5.0 (Linux; Android 14; V2309A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0 Mobile Safari/537.36 MicroMessenger/8.0.47",
        "WeChat · Android",
      ],
      [
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
        "Safari · iOS",
      ],
      [
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36 Edg/126.0",
        "Edge · macOS",
      ],
      [
        "Mozilla/5.0 (Linux; Android 12; HarmonyOS; NOH-AN00) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/99.0 HuaweiBrowser/14.0 Mobile Safari/537.36",
        "Huawei Browser · HarmonyOS",
      ],
      ["curl/8.5.0", "curl"],
    ];
    for (const [agent, described] of cases) {
      expect(describeDevice(agent), agent).toBe(described);
      expect(describeDevice(agent)).not.toMatch(/\d/);
    }
  });

  it("says nothing for no header, an empty one, or one that names nothing", () => {
    expect(describeDevice(undefined)).toBeNull();
    expect(describeDevice("")).toBeNull();
    expect(describeDevice("Mozilla/5.0")).toBeNull();
    expect(describeDevice("<script>alert(1)</script>")).toBeNull();
  });
});
