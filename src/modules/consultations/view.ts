import type { Executor } from "../../platform/db/database.ts";
import type { Actor } from "../../platform/policy.ts";
import { type CommentWindow, commentsFor } from "./comments.ts";
import { type ConsultationRecord, daysLeft, getConsultation, minimumDays, phaseOf } from "./consultations.ts";
import { attachmentsOf } from "./settings-store.ts";
import * as store from "./store.ts";
import { readSummary } from "./summary.ts";

/**
 * Everything a consultation's page and its API answer show, read once: the counts always, one page of
 * the comments only when a window is asked for (the API's answer lists none).
 */
export async function readConsultation(
  db: Executor,
  actor: Actor,
  id: string,
  options: { window?: CommentWindow | undefined; now?: Date } = {},
) {
  const now = options.now ?? new Date();
  const c = await getConsultation(db, actor, id);
  const [{ comments, mine, counts }, articles, attachments, minimum, summary] = await Promise.all([
    commentsFor(db, actor, c, options.window ?? null),
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
    mine,
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
