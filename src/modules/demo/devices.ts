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
 */
export function demoDeviceId(site: string, name: string): string {
  const hex = createHash("sha256").update(`tongban demo device ${site} ${name}`).digest("hex");
  // Shaped as a version-8 (RFC 9562, custom) UUID.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
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
    if (await findDeviceByName(db, site.id, device.name)) continue;
    const id = demoDeviceId(device.site, device.name);
    await insertDevice(db, {
      id,
      site_id: site.id,
      province_code: provinceOf(site.region_code),
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
