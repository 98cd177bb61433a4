import type { Db } from "../../platform/db/database.ts";
import { DEMO_ITEMS } from "../catalog/demo/index.ts";
import type { DemoOffering } from "../catalog/demo/types.ts";
import { type ImportedItem, importItems } from "../catalog/service.ts";

/**
 * The demo catalogue, published, with the demo county's offerings: the county's department of each offering's
 * line, in the county itself or in every township and street for items handled there — there by the
 * township's own office of the line where `townshipDepartments` has one, so that the township's steps
 * (乡镇审核) are its own and not the county bureau's.
 */
export async function seedDemoCatalog(
  db: Db,
  county: string,
  countyDepartments: Map<string, string>,
  townshipDepartments: ReadonlyMap<string, Map<string, string>> = new Map(),
): Promise<void> {
  const townships = await db
    .selectFrom("regions")
    .select("code")
    .where("parent_code", "=", county)
    .orderBy("code")
    .execute();
  const offeringsOf = (offering: DemoOffering): NonNullable<ImportedItem["offerings"]> => {
    const departmentId = countyDepartments.get(offering.line);
    if (!departmentId) throw new Error(`The demo county has no department of the line ${offering.line}`);
    const regions = offering.region === "county" ? [county] : townships.map((t) => t.code);
    return regions.map((regionCode) => ({
      regionCode,
      departmentId: townshipDepartments.get(regionCode)?.get(offering.line) ?? departmentId,
      promisedDays: offering.promisedDays ?? null,
      feeFen: offering.feeFen ?? null,
      hallName: offering.hallName.zh,
      hallAddress: offering.hallAddress,
      hours: offering.hours,
      phone: offering.phone,
    }));
  };
  await importItems(
    db,
    DEMO_ITEMS.map((item) => ({
      code: item.code,
      ownerRegionCode: item.ownerRegionCode,
      content: item.content,
      offerings: item.offerings.flatMap(offeringsOf),
    })),
  );
}
