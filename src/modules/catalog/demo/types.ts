import type { ItemContent } from "../content.ts";

/** How the demo county (安吉县) implements an item: one row of its 实施清单. */
export interface DemoOffering {
  /**
   * "county": offered by 安吉县 (330523) itself. "townships": the item is handled at township level, so the
   * county department offers it in every one of 安吉县's townships and streets, e.g. 递铺街道 (330523001).
   */
  region: "county" | "townships";
  /** The department line implementing it in that region (usually the item's own line). */
  line: string;
  /** Only when the county promises less than the item does. */
  promisedDays?: number;
  /** Only when the item's fee may vary (`fee.varies`). */
  feeFen?: number;
  hallName: { zh: string; en: string };
  hallAddress: string;
  hours: string;
  phone: string;
}

export interface DemoItem {
  code: string;
  ownerRegionCode: "33";
  content: ItemContent;
  offerings: DemoOffering[];
}
