import { pinyin } from "pinyin-pro";
import type { Db } from "../../../platform/db/database.ts";
import { errors, type FieldProblem } from "../../../platform/errors.ts";
import type { Actor } from "../../../platform/policy.ts";
import { type ExchangeDeps, type RecordUsage, recordUsage } from "../../exchange/service.ts";
import { exposedDatabase } from "./exposures.ts";

/** GovStack's spelling of the usage entry, `refrences` included. */
export interface PersonalDataUsage {
  id: string;
  readerId: string;
  readerInitials: string;
  readerInstitutionId: string;
  readerInstitutionName: string;
  readerApplicationName?: string;
  searchDateTime: string;
  refrences: { ReferenceId: string }[];
}

const DATABASE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/**
 * GET /data/mypersonalDataUsage: who read the record of `userId` in the database named — for the
 * registry's steward (section 8.4). An unread or unknown record is `[]`: existence is not told.
 */
export async function personalDataUsage(
  db: Db,
  deps: ExchangeDeps,
  actor: Actor,
  q: { userId: string | undefined; databaseId: string | undefined },
): Promise<PersonalDataUsage[]> {
  const problems: FieldProblem[] = [];
  const userId = q.userId?.trim() ?? "";
  // The suite's `...`: a key has at least one letter or digit.
  if (!/[\p{L}\p{N}]/u.test(userId) || userId.length > 64) {
    problems.push({ field: "/query/userId", message: "give the person's identifier (the record's key)" });
  }
  if (!q.databaseId || !DATABASE_ID.test(q.databaseId)) {
    problems.push({ field: "/query/databaseId", message: "give the database's acronym, name or id" });
  }
  if (problems.length > 0) throw errors.validation(problems);
  const { registry } = await exposedDatabase(db, actor, q.databaseId as string);
  const reads = await recordUsage(db, deps, actor, registry.code, userId, { limit: 100 });
  return reads.map(present);
}

/** A name's initials: 张三 → ZS (pinyin), John Smith → JS. */
export function initialsOf(name: string | null): string {
  if (!name) return "";
  const latin = pinyin(name, { pattern: "first", toneType: "none", type: "array", nonZh: "consecutive" });
  return latin
    .join(" ")
    .split(/[\s·.-]+/)
    .filter(Boolean)
    .map((part) => part.charAt(0).toUpperCase())
    .join("")
    .slice(0, 8);
}

function present(read: RecordUsage): PersonalDataUsage {
  const [department] = read.departments;
  return {
    id: String(read.seq),
    readerId: read.actorId ?? read.actorKind,
    readerInitials: initialsOf(read.readerName),
    readerInstitutionId: department?.id ?? "",
    readerInstitutionName: department?.name ?? "",
    ...(read.actorKind === "client" && read.readerName ? { readerApplicationName: read.readerName } : {}),
    searchDateTime: read.at.toISOString(),
    refrences: [read.caseId, read.agreementId]
      .filter((r): r is string => r !== null)
      .map((ReferenceId) => ({ ReferenceId })),
  };
}
