import type { Db } from "../../platform/db/database.ts";
import { type Actor, authorize } from "../../platform/policy.ts";
import { FieldsError } from "../applicants/errors.ts";
import { lookUpPerson } from "../applicants/lookup.ts";
import {
  findPersonByIdentifier,
  getProfileRow,
  type Origin,
  type Profile,
  registerInPerson,
} from "../applicants/service.ts";
import * as check from "../applicants/validate.ts";
import { recordAudit } from "../audit/service.ts";
import { issuePass } from "./intake-pass.ts";

/** A person found or registered at a window, with the pass the next steps of the intake ask for. */
export interface FoundPerson {
  person: Profile;
  pass: string;
  /** Registered just now (an account without a password), rather than found. */
  created: boolean;
}

/**
 * Finds the person at the window by their full ID number, saying why: the read is audited and shown on
 * their "who read my data" page, exactly as any staff lookup (404 and nothing recorded when unknown).
 */
export async function findAtWindow(
  db: Db,
  key: Buffer,
  actor: Actor,
  query: { idNumber: string; purpose: string },
  origin: Origin,
): Promise<FoundPerson> {
  authorize(actor, "intake.work");
  const person = await lookUpPerson(db, key, actor, query, origin);
  return { person, pass: issuePass(key, actorId(actor), person.id), created: false };
}

export interface Registration {
  name?: string | undefined;
  idNumber?: string | undefined;
  mobile?: string | undefined;
  /** Why the person's data is read when they turn out to have an account already. */
  purpose: string;
}

/**
 * Registers someone who walked in without an account: name, ID number (GB 11643) and mobile, every
 * problem at once. The account has no password and no e-mail — like one opened by the identity
 * platform — and the person claims it later by signing in through that platform, which links the
 * account holding their verified ID number. An ID number that has an account already is found, not
 * registered twice: the read is audited under `purpose`, as a lookup.
 */
export async function registerAtWindow(
  db: Db,
  key: Buffer,
  actor: Actor,
  input: Registration,
  origin: Origin,
  now = new Date(),
): Promise<FoundPerson> {
  authorize(actor, "intake.work");
  const issues: check.Issues = [];
  const name = check.requiredText(issues, "/name", input.name, 100);
  const idNumber = check.idNumber(issues, "/idNumber", input.idNumber, now);
  // A walk-in has no e-mail: the mobile is how the case reaches them, so here it is required.
  if (!input.mobile?.trim()) issues.push({ field: "/mobile", key: "account.problem.required" });
  const mobile = check.mobile(issues, "/mobile", input.mobile);
  if (issues.length > 0 || !mobile) throw new FieldsError(issues);
  const found = () => findAtWindow(db, key, actor, { idNumber, purpose: input.purpose }, origin);
  if (await findPersonByIdentifier(db, key, idNumber)) return found();
  try {
    const personId = await db.transaction().execute(async (tx) => {
      const id = await registerInPerson(tx, key, { name, idNumber, mobile });
      await recordAudit(tx, {
        actorKind: "staff",
        actorId: actorId(actor),
        action: "person.registered_at_window",
        subjectKind: "person",
        subjectId: id,
        personId: id,
        requestId: origin.requestId ?? null,
      });
      return id;
    });
    return {
      person: await getProfileRow(db, personId),
      pass: issuePass(key, actorId(actor), personId),
      created: true,
    };
  } catch (error) {
    // Registered by another window (or signed up online) between the check and the insert.
    if ((error as { code?: string } | null)?.code === "23505") return found();
    throw error;
  }
}

function actorId(actor: Actor): string {
  if (actor.kind !== "staff") throw new Error("intake.work lets staff alone through");
  return actor.id;
}
