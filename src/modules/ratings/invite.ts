import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import { provinceOfId } from "../../platform/db/distribution.ts";
import { errors } from "../../platform/errors.ts";
import type { JobDefinition, Jobs } from "../../platform/jobs.ts";
import { type Actor, authorize } from "../../platform/policy.ts";
import { contactOf } from "../applicants/service.ts";
import { getSite } from "../halls/sites.ts";
import { notifyParty } from "../notify/party.ts";
import { ratingErrors } from "./errors.ts";
import { ratersOf } from "./rate.ts";
import * as store from "./store.ts";
import { ratingToken, ratingTokens, tokenHash } from "./tokens.ts";

/** Cases closed this long ago at most are still invited (a server that was down catches up, no further). */
const INVITE_WINDOW_DAYS = 7;
const BATCH = 200;
export const INVITE_JOB = "ratings.invite";

/**
 * Invites the applicant (and whoever applied for them) to rate each newly closed case by a text message
 * whose link works once without signing in. The case engine has no hook for other modules, so this job
 * looks for closed cases without an invitation every few minutes; the token row and the messages are
 * written in one transaction per case, so a case is invited once however often the job runs.
 */
export async function inviteClosedCases(
  db: Db,
  deps: { jobs: Jobs; config: Pick<Config, "baseUrl" | "personalDataKey"> },
  now = new Date(),
): Promise<number> {
  const since = new Date(now.getTime() - INVITE_WINDOW_DAYS * 86_400_000);
  let invited = 0;
  for (const { id, province_code: province } of await store.casesToInvite(db, since, BATCH)) {
    const subject = await store.caseSubject(db, province, id);
    if (!subject) continue;
    await db.transaction().execute(async (tx) => {
      for (const personId of ratersOf(subject).keys()) {
        const token = ratingToken(deps.config.personalDataKey, "sms", { kind: "case", id }, personId);
        const fresh = await store.insertToken(tx, {
          hash: tokenHash(token),
          kind: "sms",
          subjectKind: "case",
          subjectId: id,
          personId,
          regionCode: subject.regionCode,
        });
        const contact = fresh ? await contactOf(tx, personId) : undefined;
        if (!contact) continue;
        const link = `${deps.config.baseUrl}/rate/${token}`;
        const words = (itemName: string) => ({ caseNumber: subject.number, itemName, link });
        await notifyParty(tx, deps.jobs, {
          recipient: {
            kind: "person",
            id: personId,
            locale: "zh-CN",
            email: contact.email,
            mobile: contact.mobile,
          },
          template: "rating.invite",
          params: {
            "zh-CN": words(subject.itemName.zh),
            en: words(subject.itemName.en || subject.itemName.zh),
          },
          caseId: id,
          regionCode: subject.regionCode,
        });
      }
      // A case whose people cannot be reached is still marked, so it is not looked at again.
      if (ratersOf(subject).size === 0)
        await store.insertToken(tx, {
          hash: tokenHash(ratingToken(deps.config.personalDataKey, "sms", { kind: "case", id }, null)),
          kind: "sms",
          subjectKind: "case",
          subjectId: id,
          personId: null,
          regionCode: subject.regionCode,
        });
    });
    invited += 1;
  }
  return invited;
}

export const inviteJob: JobDefinition = {
  name: INVITE_JOB,
  schedule: { cron: "*/5 * * * *", tz: "Asia/Shanghai" },
  retryLimit: 1,
  run: async (_data, { db, log, config, jobs }) => {
    const invited = await inviteClosedCases(db, { jobs, config });
    if (invited > 0) log.info({ invited }, "closed cases invited to be rated");
  },
};

/**
 * The link the window's pad opens for a served ticket: the person rates their visit there and then,
 * without signing in, once. The clerk of the site asks for it when the ticket is done.
 */
export async function padLink(
  db: Db,
  config: Pick<Config, "baseUrl" | "personalDataKey">,
  actor: Actor,
  siteCode: string,
  ticketId: string,
): Promise<{ token: string; url: string }> {
  const site = await getSite(db, siteCode);
  authorize(actor, "queue.serve", { regionCode: site.regionCode });
  const visit = await store.visitSubject(db, provinceOfId(ticketId), ticketId);
  if (!visit || visit.siteId !== site.id) throw errors.notFound("ticket");
  if (visit.status !== "done") throw ratingErrors.visitNotServed();
  // The link shown before, when there was one: it may have been made under a key since retired.
  const tokens = ratingTokens(config.personalDataKey, "pad", { kind: "visit", id: visit.id }, null);
  for (const shown of tokens) {
    if (await store.findToken(db, tokenHash(shown)))
      return { token: shown, url: `${config.baseUrl}/rate/${shown}` };
  }
  const token = tokens[0] as string;
  await db.transaction().execute((tx) =>
    store.insertToken(tx, {
      hash: tokenHash(token),
      kind: "pad",
      subjectKind: "visit",
      subjectId: visit.id,
      personId: visit.personId,
      regionCode: site.regionCode,
    }),
  );
  return { token, url: `${config.baseUrl}/rate/${token}` };
}
