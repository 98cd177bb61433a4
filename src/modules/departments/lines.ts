/**
 * The vertical lines (条) of government. A department's line links it to the same line one level up
 * or down: the county market regulation bureau finds its city and province counterparts by it.
 * Names follow the usual pattern per level (a province has 厅 where a county has 局).
 */
export interface Line {
  code: string;
  en: string;
  county: string;
  /** Only where a city's department is named otherwise than a county's (委员会 beside 局, 中心 beside 分中心). */
  city?: string;
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
  { code: "health", en: "Health", county: "卫生健康局", city: "卫生健康委员会", province: "卫生健康委员会" },
  {
    code: "agriculture_rural_affairs",
    en: "Agriculture and Rural Affairs",
    county: "农业农村局",
    province: "农业农村厅",
  },
  { code: "education", en: "Education", county: "教育局", province: "教育厅" },
  {
    code: "medical_security",
    en: "Healthcare Security",
    county: "医疗保障局",
    province: "医疗保障局",
  },
  {
    // Provident funds are pooled by the city: a county's office is a branch (分中心) of the city's centre.
    code: "housing_fund",
    en: "Housing Provident Fund Management Centre",
    county: "住房公积金管理分中心",
    city: "住房公积金管理中心",
    province: "住房公积金管理中心",
  },
  {
    code: "development_reform",
    en: "Development and Reform",
    county: "发展和改革局",
    city: "发展和改革委员会",
    province: "发展和改革委员会",
  },
  {
    code: "disabled_persons",
    en: "Disabled Persons' Federation",
    county: "残疾人联合会",
    province: "残疾人联合会",
  },
  {
    // The office that answers information disclosure requests made to the people's government itself.
    code: "general_office",
    en: "General Office of the People's Government",
    county: "人民政府办公室",
    province: "人民政府办公厅",
  },
  { code: "transport", en: "Transport", county: "交通运输局", province: "交通运输厅" },
];

export function lineByCode(code: string): Line | undefined {
  return LINES.find((line) => line.code === code);
}

/**
 * The usual name of a line's department in a region (level 1 province, 2 city, 3 county):
 * "安吉县市场监督管理局", "湖州市发展和改革委员会", "浙江省民政厅".
 */
export function departmentName(
  line: Line,
  regionName: string,
  regionLevel: number,
): { name: string; nameEn: string } {
  // Tax offices are branches of the State Taxation Administration, named after it at every level.
  const prefix = line.code === "taxation" ? "国家税务总局" : "";
  const suffix =
    regionLevel === 1 ? line.province : regionLevel === 2 ? (line.city ?? line.county) : line.county;
  return {
    name: `${prefix}${regionName}${suffix}`,
    nameEn: `${line.en}, ${regionName}`,
  };
}
