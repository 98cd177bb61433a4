import { describe, expect, it } from "vitest";
import { localPath, negotiate } from "./request-context.ts";

describe("language negotiation", () => {
  it("takes the first language we speak, by quality", () => {
    expect(negotiate("en-GB,en;q=0.9")).toBe("en");
    expect(negotiate("zh-TW,zh;q=0.9,en;q=0.8")).toBe("zh-CN");
    expect(negotiate("fr-FR, en;q=0.5, zh;q=0.7")).toBe("zh-CN");
    expect(negotiate("fr, de;q=0.5")).toBeUndefined();
    expect(negotiate("en;q=0, zh")).toBe("zh-CN");
    expect(negotiate(undefined)).toBeUndefined();
  });
});

describe("redirect targets", () => {
  it("keeps local paths and refuses anything that leaves the site", () => {
    expect(localPath("/regions/33?x=1")).toBe("/regions/33?x=1");
    for (const bad of [
      "https://evil.example",
      "//evil.example",
      "/\\evil.example",
      "javascript:alert(1)",
      42,
      "/\nenv;",
      "/requests\r\nSet-Cookie: x=1",
      "/a\u0000b",
    ]) {
      expect(localPath(bad)).toBe("/");
    }
  });

  it("percent-encodes what a header cannot carry as it is", () => {
    expect(localPath("/services/search?q=食品 许可")).toBe(
      "/services/search?q=%E9%A3%9F%E5%93%81%20%E8%AE%B8%E5%8F%AF",
    );
  });
});
