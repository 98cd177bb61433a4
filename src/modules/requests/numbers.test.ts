import { describe, expect, it } from "vitest";
import { newFollowToken, newNumber, provinceOfNumber, provinceOfToken } from "./numbers.ts";

describe("request numbers and follow tokens", () => {
  it("keep 16 digits, beginning with the province and the China day", () => {
    // 2026-11-27 20:00 UTC is already the 28th in China.
    const number = newNumber("33", new Date("2026-11-27T20:00:00Z"));
    expect(number).toMatch(/^33261128\d{8}$/);
    expect(provinceOfNumber(number)).toBe("33");
  });

  it("name no province when made before numbers began with it, or when not a number", () => {
    expect(provinceOfNumber("2026112712345678")).toBeUndefined();
    expect(provinceOfNumber("33")).toBeUndefined();
  });

  it("give a follow token its province, and none to a token of 24 characters made before", () => {
    const token = newFollowToken("44");
    expect(token).toMatch(/^44[A-Za-z0-9_-]{24}$/);
    expect(provinceOfToken(token)).toBe("44");
    expect(provinceOfToken("12AbCdEfGhIjKlMnOpQrStUv")).toBeUndefined();
  });
});
