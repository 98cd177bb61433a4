import { describe, expect, it } from "vitest";
import { passwordProblem } from "./password-policy.ts";

describe("the password policy", () => {
  it("accepts a long, uncommon password", () => {
    expect(passwordProblem("correct horse battery staple")).toBeUndefined();
    expect(passwordProblem("绿水青山就是金山银山2026")).toBeUndefined();
  });

  it("names what is wrong", () => {
    expect(passwordProblem("short1!")).toBe("too_short");
    expect(passwordProblem("x".repeat(201))).toBe("too_long");
    expect(passwordProblem("1qaz2wsx3edc")).toBe("common");
    expect(passwordProblem("iloveyou123")).toBe("common");
    expect(passwordProblem("Password2026!")).toBe("common");
    expect(passwordProblem("wangfang-anji-2026", ["wangfang"])).toBe("contains_identity");
    expect(passwordProblem("abababababab")).toBe("repetitive");
  });
});
