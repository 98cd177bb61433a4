import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.ts";
import { mayWorkFrom, withinNetworks } from "./networks.ts";

const load = (env: Record<string, string>) =>
  loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), "tongban-config-")), ...env });

describe("ADMIN_ALLOWED_NETWORKS", () => {
  it("is a list of addresses and CIDR blocks, or unset for administration from anywhere", () => {
    expect(load({}).adminNetworks).toBeUndefined();
    expect(load({ ADMIN_ALLOWED_NETWORKS: " " }).adminNetworks).toBeUndefined();
    expect(load({ ADMIN_ALLOWED_NETWORKS: "10.20.0.0/16, 192.0.2.7,2001:db8:a::/48" }).adminNetworks).toEqual(
      ["10.20.0.0/16", "192.0.2.7", "2001:db8:a::/48"],
    );
  });

  it.each([
    "10.20.0.0/33",
    "10.20.0/16",
    "2001:db8::/129",
    "10.0.0.0/8/1",
    "intranet",
    "10.0.0.0/8,",
    "10.0.0.0/x",
  ])("refuses %s at start-up, naming the variable and the entry", (value) => {
    let message = "";
    try {
      load({ ADMIN_ALLOWED_NETWORKS: value });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      message = (error as Error).message;
    }
    expect(message).toMatch(
      /^ADMIN_ALLOWED_NETWORKS must be addresses or CIDR blocks separated by commas, such as 10\.20\.0\.0\/16,192\.0\.2\.7 \(got ".*"\)$/,
    );
  });

  it("matches IPv4 and IPv6 blocks and single addresses, IPv4 as a dual-stack listener writes it too", () => {
    const networks = ["10.20.0.0/16", "192.0.2.7", "2001:db8:a::/48"];
    expect(withinNetworks(networks, "10.20.255.1")).toBe(true);
    expect(withinNetworks(networks, "::ffff:10.20.3.4")).toBe(true);
    expect(withinNetworks(networks, "192.0.2.7")).toBe(true);
    expect(withinNetworks(networks, "2001:db8:a:1::5")).toBe(true);
    expect(withinNetworks(networks, "10.21.0.1")).toBe(false);
    expect(withinNetworks(networks, "::ffff:10.21.0.1")).toBe(false);
    expect(withinNetworks(networks, "192.0.2.8")).toBe(false);
    expect(withinNetworks(networks, "2001:db8:b::1")).toBe(false);
    expect(withinNetworks(networks, "")).toBe(false);
  });

  it("binds the three administrators and region administrators, and no one else", () => {
    const inside = "10.20.0.9";
    const outside = "203.0.113.9";
    const networks = ["10.20.0.0/16"];
    for (const role of ["system_admin", "security_admin", "audit_admin", "administrator"] as const) {
      expect(mayWorkFrom(networks, [role], inside)).toBe(true);
      expect(mayWorkFrom(networks, [role], outside)).toBe(false);
      expect(mayWorkFrom(undefined, [role], outside)).toBe(true);
    }
    for (const role of ["window_clerk", "reviewer", "approver", "supervisor", "catalog_manager"] as const) {
      expect(mayWorkFrom(networks, [role], outside)).toBe(true);
    }
    // One bound role among others binds the account.
    expect(mayWorkFrom(networks, ["window_clerk", "administrator"], outside)).toBe(false);
    expect(mayWorkFrom(networks, [], outside)).toBe(true);
  });
});
