import { BlockList, isIP } from "node:net";
import { ADMINISTRATOR_ROLES, type StaffRole } from "../modules/identity/tables.ts";
import { ConfigError } from "./config-error.ts";

type Env = Record<string, string | undefined>;

/**
 * The roles bound to the administration network (ADMIN_ALLOWED_NETWORKS, MLPS 入侵防范 c): the three
 * administrators (三员), who make accounts, grant roles and read the audit trail, and the region
 * administrators, who keep calendars, webhooks and departments' settings. Roles that serve the
 * public — clerks at a hall, reviewers, supervisors, catalogue managers — work from wherever the work
 * is, and are not bound.
 */
export const NETWORK_BOUND_ROLES: readonly StaffRole[] = ["administrator", ...ADMINISTRATOR_ROLES];

/** One address or one CIDR block: `10.20.0.0/16`, `192.0.2.7`, `2001:db8::/32`. */
function entryProblem(entry: string): boolean {
  const [address = "", bits, ...rest] = entry.split("/");
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return true;
  return bits !== undefined && (!/^\d+$/.test(bits) || Number(bits) > (version === 4 ? 32 : 128));
}

/** A setting listing addresses and CIDR blocks separated by commas; unset or empty: undefined. */
export function networkList(env: Env, name: string): string[] | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  const entries = raw.split(",").map((e) => e.trim());
  const bad = entries.find(entryProblem);
  if (bad !== undefined) {
    throw new ConfigError(
      `${name} must be addresses or CIDR blocks separated by commas, such as 10.20.0.0/16,192.0.2.7 (got "${bad}")`,
    );
  }
  return entries;
}

/** ADMIN_ALLOWED_NETWORKS; unset or empty: administration from anywhere. */
export function adminNetworks(env: Env): string[] | undefined {
  return networkList(env, "ADMIN_ALLOWED_NETWORKS");
}

const lists = new WeakMap<readonly string[], BlockList>();

function blockListOf(networks: readonly string[]): BlockList {
  let list = lists.get(networks);
  if (!list) {
    list = new BlockList();
    for (const entry of networks) {
      const [address = "", bits] = entry.split("/");
      const type = isIP(address) === 6 ? "ipv6" : "ipv4";
      if (bits === undefined) list.addAddress(address, type);
      else list.addSubnet(address, Number(bits), type);
    }
    lists.set(networks, list);
  }
  return list;
}

/** Whether `address` (a request's, perhaps IPv4 written as IPv6 by a dual-stack listener) is in the list. */
export function withinNetworks(networks: readonly string[], address: string): boolean {
  const plain = address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");
  const version = isIP(plain);
  if (version === 0) return false;
  return blockListOf(networks).check(plain, version === 6 ? "ipv6" : "ipv4");
}

/**
 * Whether someone holding `roles` may administer from `address`: always when no list is set or they
 * hold no bound role; otherwise only from within the list.
 */
export function mayWorkFrom(
  networks: readonly string[] | undefined,
  roles: readonly StaffRole[],
  address: string,
): boolean {
  if (!networks || !roles.some((role) => NETWORK_BOUND_ROLES.includes(role))) return true;
  return withinNetworks(networks, address);
}
