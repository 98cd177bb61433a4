import { ASSISTANCE_ITEMS } from "./items-assistance.ts";
import { BUNDLE_ITEMS } from "./items-bundles.ts";
import { BUSINESS_ITEMS } from "./items-business.ts";
import { HOUSING_ITEMS } from "./items-housing.ts";
import { INSURANCE_ITEMS } from "./items-insurance.ts";
import { PEOPLE_ITEMS } from "./items-people.ts";
import { PROJECT_ITEMS } from "./items-projects.ts";
import { RURAL_ITEMS } from "./items-rural.ts";
import { SOCIAL_ITEMS } from "./items-social.ts";
import type { DemoItem } from "./types.ts";

export type { DemoItem, DemoOffering } from "./types.ts";

/** The demo catalogue: items the province (浙江) defines, each with how 安吉县 offers it. */
export const DEMO_ITEMS: DemoItem[] = [
  ...BUSINESS_ITEMS,
  ...PROJECT_ITEMS,
  ...SOCIAL_ITEMS,
  ...ASSISTANCE_ITEMS,
  ...PEOPLE_ITEMS,
  ...INSURANCE_ITEMS,
  ...RURAL_ITEMS,
  ...HOUSING_ITEMS,
  ...BUNDLE_ITEMS,
];
