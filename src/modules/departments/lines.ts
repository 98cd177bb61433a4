/**
 * The vertical lines (条) of government. A department's line links it to the same line one level up
 * or down: the county market regulation bureau finds its city and province counterparts by it.
 * Names follow the usual pattern per level (a province has 厅 where a county has 局).
 */
export interface Line {
  code: string;
  en: string;
  county: string;
  province: string;
}

export const LINES: Line[] = [
  {
    code: "government_service",
    en: "Government Service Centre",
    county: "政务服务中心",
    province: "政务服务中心",
  },
  {
    code: "market_regulation",
    en: "Administration for Market Regulation",
    county: "市场监督管理局",
    province: "市场监督管理局",
  },
  { code: "civil_affairs", en: "Civil Affairs", county: "民政局", province: "民政厅" },
  { code: "public_security", en: "Public Security", county: "公安局", province: "公安厅" },
  {
    code: "human_resources_social_security",
    en: "Human Resources and Social Security",
    county: "人力资源和社会保障局",
    province: "人力资源和社会保障厅",
  },
  { code: "taxation", en: "Taxation", county: "税务局", province: "税务局" },
  {
    code: "natural_resources",
    en: "Natural Resources and Planning",
    county: "自然资源和规划局",
    province: "自然资源厅",
  },
  {
    code: "housing_construction",
    en: "Housing and Urban-Rural Development",
    county: "住房和城乡建设局",
    province: "住房和城乡建设厅",
  },
  { code: "health", en: "Health", county: "卫生健康局", province: "卫生健康委员会" },
  {
    code: "agriculture_rural_affairs",
    en: "Agriculture and Rural Affairs",
    county: "农业农村局",
    province: "农业农村厅",
  },
  { code: "education", en: "Education", county: "教育局", province: "教育厅" },
];

export function lineByCode(code: string): Line | undefined {
  return LINES.find((line) => line.code === code);
}

/** The usual name of a line's department in a region: "安吉县市场监督管理局", "浙江省民政厅". */
export function departmentName(
  line: Line,
  regionName: string,
  regionLevel: number,
): { name: string; nameEn: string } {
  // Tax offices are branches of the State Taxation Administration, named after it at every level.
  const prefix = line.code === "taxation" ? "国家税务总局" : "";
  return {
    name: `${prefix}${regionName}${regionLevel === 1 ? line.province : line.county}`,
    nameEn: `${line.en}, ${regionName}`,
  };
}
