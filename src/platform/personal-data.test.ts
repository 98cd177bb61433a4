import { describe, expect, it } from "vitest";
import {
  checkCreditCode,
  checkIdNumber,
  maskIdNumber,
  maskMobile,
  normaliseMobile,
} from "./personal-data.ts";

describe("resident ID numbers (GB 11643)", () => {
  it("accepts valid numbers, including an X check character in either case", () => {
    // The standard's own example, and one computed for a person born in 安吉县.
    expect(checkIdNumber("11010519491231002X")).toEqual({ ok: true, value: "11010519491231002X" });
    expect(checkIdNumber(" 11010519491231002x ")).toEqual({ ok: true, value: "11010519491231002X" });
    expect(checkIdNumber("330523199001010016")).toEqual({ ok: true, value: "330523199001010016" });
  });

  it("names what is wrong", () => {
    expect(checkIdNumber("110105194912310021")).toEqual({ ok: false, problem: "check_digit" });
    expect(checkIdNumber("11010519491231002")).toEqual({ ok: false, problem: "format" });
    expect(checkIdNumber("1101051949123100A2")).toEqual({ ok: false, problem: "format" });
    expect(checkIdNumber("110105194902300025")).toEqual({ ok: false, problem: "date" });
    expect(checkIdNumber("110105209901010013", new Date("2026-01-01"))).toEqual({
      ok: false,
      problem: "date",
    });
  });

  it("masks all but the first four and the last four characters", () => {
    expect(maskIdNumber("330523199001010016")).toBe("3305**********0016");
  });
});

describe("unified social credit codes (GB 32100)", () => {
  it("accepts valid codes", () => {
    expect(checkCreditCode("91350100M000100Y43")).toEqual({ ok: true, value: "91350100M000100Y43" });
    expect(checkCreditCode("91110000802100433b".toUpperCase())).toMatchObject({ ok: true });
  });

  it("names what is wrong", () => {
    expect(checkCreditCode("91350100M000100Y44")).toEqual({ ok: false, problem: "check_digit" });
    expect(checkCreditCode("91350100M000100Y4")).toEqual({ ok: false, problem: "format" });
    // I, O, S, V and Z are never used.
    expect(checkCreditCode("91350100M000100O43")).toEqual({ ok: false, problem: "format" });
  });
});

describe("mobile numbers", () => {
  it("normalises and masks", () => {
    expect(normaliseMobile("+86 138-1234-5678")).toBe("13812345678");
    expect(normaliseMobile("12812345678")).toBeUndefined();
    expect(maskMobile("13812345678")).toBe("138****5678");
  });
});
