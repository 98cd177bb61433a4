import type { Db } from "../../platform/db/database.ts";
import { errors } from "../../platform/errors.ts";
import { type Actor, authorize } from "../../platform/policy.ts";
import { recordAudit } from "../audit/service.ts";
import { FieldsError } from "./errors.ts";
import { getProfileRow, idNumberIndexes, type Origin, type Profile } from "./service.ts";
import * as store from "./store.ts";
import * as check from "./validate.ts";

/** What a member of staff reads about a person, and the fields the audit entry says were read. */
const FIELDS_READ = ["name", "idNumberMasked", "email", "mobileMasked", "addressRegion"];

/**
 * A member of staff finds a person by their full ID number (never by a fragment or a name, so the
 * register cannot be browsed) and says why. The read is recorded in the same transaction as an audit
 * entry naming the person, the reader and the purpose; the person sees it on their "who read my data"
 * page and the reader's supervisors in the audit trail. An unknown number answers 404 and records nothing,
 * since no one's data was read.
 */
export async function lookUpPerson(
  db: Db,
  key: Buffer,
  actor: Actor,
  query: { idNumber: string; purpose: string },
  origin: Origin,
): Promise<Profile> {
  authorize(actor, "person.lookup");
  const issues: check.Issues = [];
  const idNumber = check.idNumber(issues, "/idNumber", query.idNumber, new Date());
  const purpose = check.requiredText(issues, "/purpose", query.purpose, 500);
  if (issues.length > 0) throw new FieldsError(issues);
  const person = await store.findPersonByIdIndex(db, idNumberIndexes(key, idNumber));
  if (!person) throw errors.notFound("person");
  return db.transaction().execute(async (tx) => {
    const profile = await getProfileRow(tx, person.id);
    await recordAudit(tx, {
      actorKind: "staff",
      actorId: actor.kind === "staff" ? actor.id : null,
      action: "personal_data.read",
      subjectKind: "person",
      subjectId: person.id,
      personId: person.id,
      purpose,
      regionCode: readerRegion(actor),
      requestId: origin.requestId ?? null,
      details: { fields: FIELDS_READ },
    });
    return profile;
  });
}

/** The widest jurisdiction the reader serves in: its supervisors see what was read. */
function readerRegion(actor: Actor): string | null {
  if (actor.kind !== "staff") return null;
  const codes = actor.grants.map((g) => g.jurisdictionCode).sort((a, b) => a.length - b.length);
  return codes[0] ?? null;
}
