import type { Executor } from "../../platform/db/database.ts";
import type { Actor } from "../../platform/policy.ts";
import { readComments } from "./comments.ts";
import { type ConsultationRecord, daysLeft, minimumDays, phaseOf } from "./consultations.ts";
import { attachmentsOf } from "./settings-store.ts";
import * as store from "./store.ts";
import { readSummary } from "./summary.ts";

/** Everything a consultation's page and its API answer show, read once. */
export async function readConsultation(db: Executor, actor: Actor, id: string, now = new Date()) {
  const { consultation: c, comments, counts } = await readComments(db, actor, id);
  const [articles, attachments, minimum, summary] = await Promise.all([
    store.articlesOf(db, id),
    attachmentsOf(db, id),
    minimumDays(db, c.regionCode),
    readSummary(db, actor, id),
  ]);
  return {
    consultation: c,
    phase: phaseOf(c, now),
    daysLeft: daysLeft(c.closesAt, now),
    minimumOpenDays: minimum,
    articles: articles.map((a) => ({
      position: a.position,
      number: a.number,
      heading: a.heading,
      text: a.body,
      comments: counts.byArticle[a.position] ?? 0,
    })),
    attachments,
    comments,
    counts,
    summary,
  };
}
export type ConsultationView = Awaited<ReturnType<typeof readConsultation>>;

/** A consultation in a list: its period and phase, how many comments. */
export function listItem(c: ConsultationRecord & { comments: number }, now: Date) {
  return {
    id: c.id,
    title: c.title,
    department: { id: c.departmentId, name: c.departmentName, nameEn: c.departmentNameEn },
    region: { code: c.regionCode, name: c.regionName },
    phase: phaseOf(c, now),
    opensAt: c.opensAt.toISOString(),
    closesAt: c.closesAt.toISOString(),
    daysLeft: daysLeft(c.closesAt, now),
    comments: c.comments,
  };
}
