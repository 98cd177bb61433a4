import { describe, expect, it } from "vitest";
import type { StaffRole } from "../modules/identity/tables.ts";
import type { AppError } from "./errors.ts";
import { type Actor, ANONYMOUS, authorize, can, withinRegion } from "./policy.ts";

const staff = (role: StaffRole, jurisdictionCode: string): Actor => ({
  kind: "staff",
  id: "a",
  username: "a",
  displayName: "A",
  grants: [{ role, departmentId: "d", jurisdictionCode }],
});
const admin = (jurisdictionCode: string) => staff("administrator", jurisdictionCode);

describe("the policy layer", () => {
  it("treats jurisdiction as a region subtree", () => {
    expect(withinRegion("330523001002", "330523")).toBe(true);
    expect(withinRegion("330522001", "330523")).toBe(false);
    expect(withinRegion("33", "330523")).toBe(false);
  });

  it("decides from role and jurisdiction", () => {
    expect(can(admin("330523"), "staff.read", { id: "b", regionCodes: ["330523001"] })).toBe(true);
    expect(can(admin("330523"), "staff.read", { id: "b", regionCodes: ["33"] })).toBe(false);
    expect(can(admin("33"), "staff.read", { id: "b", regionCodes: ["330523001"] })).toBe(true);
    expect(can(ANONYMOUS, "staff.list")).toBe(false);
    expect(can(ANONYMOUS, "region.read")).toBe(true);
  });

  it("hides what is out of reach as 404 and asks strangers to sign in", () => {
    const thrown = (fn: () => void) => {
      try {
        fn();
      } catch (error) {
        return (error as AppError).status;
      }
      return 200;
    };
    expect(thrown(() => authorize(admin("330522"), "staff.read", { id: "b", regionCodes: ["330523"] }))).toBe(
      404,
    );
    expect(thrown(() => authorize(ANONYMOUS, "staff.read", { id: "b", regionCodes: ["330523"] }))).toBe(401);
    expect(thrown(() => authorize(staff("window_clerk", "330523"), "staff.list"))).toBe(403);
    expect(thrown(() => authorize(admin("330523"), "staff.list"))).toBe(200);
  });
});
