import { describe, expect, it } from "vitest";
import { chinaDate, chinaDateTime } from "./dates.ts";
import { PLACEHOLDER } from "./font.ts";
import { ELLIPSIS, printable, wrapText } from "./text.ts";

/** Every character ten points wide: widths are counts of characters times ten. */
const measure = (text: string) => [...text].length * 10;

describe("wrapping text", () => {
  it("breaks Chinese between any two characters", () => {
    expect(wrapText("一二三四五六七", 50, measure)).toEqual(["一二三四五", "六七"]);
  });

  it("breaks other text at spaces, and a word longer than a line wherever it must", () => {
    expect(wrapText("hello world foo", 110, measure)).toEqual(["hello world", "foo"]);
    expect(wrapText("abcdefghijkl", 50, measure)).toEqual(["abcde", "fghij", "kl"]);
    expect(wrapText("see https://example.cn/a/very/long/path", 100, measure)).toEqual([
      "see",
      "https://ex",
      "ample.cn/a",
      "/very/long",
      "/path",
    ]);
  });

  it("mixes both: Latin words stay whole inside Chinese text", () => {
    expect(wrapText("请访问 tongban 网站", 70, measure)).toEqual(["请访问", "tongban", "网站"]);
  });

  it("never begins a line with closing punctuation: it hangs at the end of the line before", () => {
    expect(wrapText("一二三四五，六七。", 50, measure)).toEqual(["一二三四五，", "六七。"]);
    expect(wrapText("一二三四五）。六", 50, measure)).toEqual(["一二三四五）。", "六"]);
  });

  it("starts a new line at each line feed", () => {
    expect(wrapText("一二\n三", 100, measure)).toEqual(["一二", "三"]);
  });

  it("cuts text past the last line allowed with an ellipsis that still fits", () => {
    const lines = wrapText("字".repeat(10_000), 50, measure, 4);
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe(`字字字字${ELLIPSIS}`);
    for (const line of lines) expect(measure(line)).toBeLessThanOrEqual(50);
    expect(wrapText("short", 50, measure, 4)).toEqual(["short"]);
  });
});

describe("text the font cannot draw", () => {
  const bmpOnly = (cp: number) => cp < 0x10000;

  it("becomes a visible placeholder; invisible format characters are dropped, controls become spaces", () => {
    expect(printable("张三😀\u200d\ufe0f\tX\u0000", bmpOnly)).toBe(`张三${PLACEHOLDER} X `);
    expect(printable("第一行\n第二行", bmpOnly)).toBe("第一行\n第二行");
  });
});

describe("dates on documents", () => {
  it("are the day in China, whatever the server's time zone", () => {
    const late = new Date("2026-11-26T17:05:00Z");
    expect(chinaDate(late, "zh-CN")).toBe("2026年11月27日");
    expect(chinaDate(late, "en")).toBe("27 November 2026");
    expect(chinaDateTime(late, "zh-CN")).toBe("2026年11月27日 01:05");
  });
});
