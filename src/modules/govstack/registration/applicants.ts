import type { Db } from "../../../platform/db/database.ts";
import { errors } from "../../../platform/errors.ts";
import { type Applicant, applicantByIdNumber, personApplicant } from "../../applications/service.ts";
import type { GovstackIdentity } from "../identities.ts";

/**
 * Who a GovStack `applicantId` is (docs/govstack-design.md, section 2.6). A case's applicant is a real
 * person with a verified ID number, so Tongban cannot invent one from a string: an identified identity
 * names someone with an account by their resident ID number; a stand-in identity (sandboxes and the
 * conformance suite only) applies for its one made-up person, whatever string it sends.
 */
export async function resolveApplicant(
  db: Db,
  personalDataKey: Buffer,
  identity: GovstackIdentity,
  applicantId: string,
): Promise<Applicant> {
  if (identity.applicants === "stand_in" && identity.standInPersonId !== null) {
    return personApplicant(db, identity.standInPersonId);
  }
  const applicant = await applicantByIdNumber(db, personalDataKey, applicantId);
  if (!applicant) {
    throw errors.validation([
      {
        field: "/applicantId",
        message:
          "is not a resident ID number of someone with a Tongban account: the person signs up online or at a window first",
      },
    ]);
  }
  return applicant;
}
