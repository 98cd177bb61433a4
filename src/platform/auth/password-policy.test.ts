import { describe, expect, it } from "vitest";
import { CONTEXT_WORDS, passwordProblem, placeWords } from "./password-policy.ts";

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

  it("refuses passwords built on the words of this service, in characters and pinyin, in any case", () => {
    for (const built of [
      "Tongban@2026!",
      "TONGBAN-tongban-1",
      "通办通办2026!!",
      "zhengwu-fuwu-2026",
      "政务服务 2026 ok",
      "Zwfw#2026#Admin",
      "guanliyuan12345",
      "tongbanpassword",
    ]) {
      expect(passwordProblem(built), built).toBe("context_word");
    }
    expect(CONTEXT_WORDS).toEqual(
      expect.arrayContaining(["tongban", "通办", "zhengwu", "政务", "窗口", "shenpi"]),
    );
  });

  it("lets a passphrase that only mentions them through: what is left is the person's own", () => {
    expect(passwordProblem("I queue at the tongban window every Monday")).toBeUndefined();
    expect(passwordProblem("在通办大厅排队时想到的一句诗")).toBeUndefined();
  });

  it("refuses passwords built on the account's places: names, short forms, pinyin and initials", async () => {
    const places = await placeWords(["浙江省", "湖州市", "安吉县"], ["安吉县市场监督管理局"]);
    expect(places).toEqual(
      expect.arrayContaining(["安吉县", "安吉", "anji", "huzhou", "zhejiang", "市场监督管理局", "scjdglj"]),
    );
    for (const built of ["anji-huzhou-2026", "安吉县2026年的春天", "Zhejiang.Anji.88", "scjdglj@anji2026"]) {
      expect(passwordProblem(built, [], places), built).toBe("context_word");
    }
    expect(passwordProblem("anji-huzhou-2026")).toBeUndefined();
    expect(passwordProblem("walking the anji bamboo sea at dawn", [], places)).toBeUndefined();
    expect(await placeWords([])).toEqual([]);
  });
});
