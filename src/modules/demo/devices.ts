import { createHash } from "node:crypto";
import type { Executor } from "../../platform/db/database.ts";
import { provinceOf } from "../../platform/db/distribution.ts";
import { deviceKeys, sha256 } from "../devices/keys.ts";
import { findDeviceByName, insertDevice } from "../devices/store.ts";
import type { DeviceKind } from "../devices/tables.ts";
import { findSiteByCode } from "../halls/sites-store.ts";

/** The county hall's devices: a kiosk by the door, the board over the windows, a 24-hour locker. */
export const DEMO_DEVICES: { site: string; kind: DeviceKind; name: string; compartments: number }[] = [
  { site: "anji-hall", kind: "kiosk", name: "1 号自助终端", compartments: 0 },
  { site: "anji-hall", kind: "board", name: "大厅叫号屏", compartments: 0 },
  { site: "anji-hall", kind: "locker", name: "24 小时智能柜", compartments: 12 },
];

/**
 * A demo device's id, the same in every demo database: its secret is derived from the id and the
 * server's key, so a simulated device configured once keeps working when the demo is seeded again.
 * Shaped as `provinceId` makes ids, its first two characters the site's province, which a look-up by
 * id reads: a hash there would name some other province.
 */
export function demoDeviceId(site: string, name: string, province: string): string {
  const hex = createHash("sha256").update(`tongban demo device ${site} ${name}`).digest("hex");
  return `${province}${hex.slice(2, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Registers the demo hall's devices, once: a device the site has by name is left as it is. Nothing
 * secret is stored — only the hash of each secret, which is derived from the device's id and
 * `personalDataKey` (the server's PERSONAL_DATA_KEY), as registration does. Run after the demo sites.
 */
export async function seedDemoDevices(db: Executor, personalDataKey: Buffer): Promise<void> {
  const keys = deviceKeys(personalDataKey);
  for (const device of DEMO_DEVICES) {
    const site = await findSiteByCode(db, device.site);
    if (!site) throw new Error(`Demo site ${device.site} is missing: seed the demo sites first`);
    const province = provinceOf(site.region_code);
    if (await findDeviceByName(db, province, site.id, device.name)) continue;
    const id = demoDeviceId(device.site, device.name, province);
    await insertDevice(db, {
      id,
      site_id: site.id,
      province_code: province,
      region_code: site.region_code,
      kind: device.kind,
      name: device.name,
      compartments: device.compartments,
      key_version: 1,
      secret_hash: sha256(keys.secretOf(id, 1)),
      registered_by: null,
    });
  }
}
