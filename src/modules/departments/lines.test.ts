import { describe, expect, it } from "vitest";
import { departmentName, LINES, type Line, lineByCode } from "./lines.ts";

const line = (code: string): Line => {
  const found = lineByCode(code);
  if (!found) throw new Error(`No line ${code}`);
  return found;
};
const names = (code: string) => [
  departmentName(line(code), "浙江省", 1).name,
  departmentName(line(code), "湖州市", 2).name,
  departmentName(line(code), "安吉县", 3).name,
];

describe("department names by line", () => {
  it("gives every line a unique code", () => {
    expect(new Set(LINES.map((l) => l.code)).size).toBe(LINES.length);
  });

  it.each([
    ["market_regulation", ["浙江省市场监督管理局", "湖州市市场监督管理局", "安吉县市场监督管理局"]],
    ["civil_affairs", ["浙江省民政厅", "湖州市民政局", "安吉县民政局"]],
    ["taxation", ["国家税务总局浙江省税务局", "国家税务总局湖州市税务局", "国家税务总局安吉县税务局"]],
    ["health", ["浙江省卫生健康委员会", "湖州市卫生健康委员会", "安吉县卫生健康局"]],
    ["medical_security", ["浙江省医疗保障局", "湖州市医疗保障局", "安吉县医疗保障局"]],
    ["housing_fund", ["浙江省住房公积金管理中心", "湖州市住房公积金管理中心", "安吉县住房公积金管理分中心"]],
    ["development_reform", ["浙江省发展和改革委员会", "湖州市发展和改革委员会", "安吉县发展和改革局"]],
    ["disabled_persons", ["浙江省残疾人联合会", "湖州市残疾人联合会", "安吉县残疾人联合会"]],
    ["general_office", ["浙江省人民政府办公厅", "湖州市人民政府办公室", "安吉县人民政府办公室"]],
    ["transport", ["浙江省交通运输厅", "湖州市交通运输局", "安吉县交通运输局"]],
  ])("names %s at province, city and county", (code, expected) => {
    expect(names(code)).toEqual(expected);
  });

  it("names the English after the line and the region", () => {
    expect(departmentName(line("general_office"), "安吉县", 3).nameEn).toBe(
      "General Office of the People's Government, 安吉县",
    );
  });
});
