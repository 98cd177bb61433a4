import type { Locale } from "../../platform/config.ts";
import type { StaffProfile } from "./service.ts";

/** A staff profile as the API and pages show it; department names in the reader's language. */
export function presentProfile(profile: StaffProfile, locale: Locale) {
  return {
    id: profile.id,
    username: profile.username,
    displayName: profile.displayName,
    locked: profile.locked,
    grants: profile.grants.map((g) => ({
      role: g.role,
      departmentId: g.departmentId,
      departmentName: locale === "en" ? g.departmentNameEn : g.departmentName,
      jurisdictionCode: g.jurisdictionCode,
      jurisdictionName: g.jurisdictionName,
    })),
  };
}
