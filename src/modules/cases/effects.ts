import type { Locale } from "../../platform/config.ts";
import type { Executor } from "../../platform/db/database.ts";
import { contactOf } from "../applicants/service.ts";
import { auditActor, recordAudit } from "../audit/service.ts";
import { getDepartment } from "../departments/service.ts";
import { staffForTask, supervisorsOver } from "../identity/service.ts";
import { notifyParty, type PartyMessage } from "../notify/party.ts";
import { emitWebhookEvents } from "../webhooks/service.ts";
import type { EngineDeps, Transition } from "./context.ts";
import { taskWork } from "./facts.ts";
import type { CaseRow, CaseTaskRow, Delivery } from "./tables.ts";
import * as taskStore from "./tasks-store.ts";

/**
 * What a transition causes outside the case, in its transaction: the audit entry, the webhook events
 * for integrators, and the messages to the applicant and the handlers (inbox, e-mail, SMS through the
 * outbox). If the transition rolls back, none of them happened.
 */

/** Event actions as integrators see them. Handing tasks around concerns no one outside. */
const WEBHOOK_TYPES: Record<string, string> = {
  submit: "case.submitted",
  accept: "case.accepted",
  reject: "case.rejected",
  request_supplement: "case.supplement_requested",
  resubmit: "case.resubmitted",
  complete: "case.step_completed",
  return: "case.returned",
  pause: "case.paused",
  resume: "case.resumed",
  grant: "case.decided",
  deny: "case.decided",
  deemed_grant: "case.decided",
  issue: "case.issued",
  deliver: "case.delivered",
  close: "case.closed",
  withdraw: "case.withdrawn",
  lapse: "case.closed",
  warning: "case.warning",
  overdue: "case.overdue",
  reverse: "case.decision_reversed",
};

const LOCALES: Locale[] = ["zh-CN", "en"];

/** Templates refuse empty words: a missing date or name is shown as a dash, never left blank. */
const DASH = "—";

function dateText(at: Date | null, locale: Locale): string {
  if (!at) return DASH;
  return new Intl.DateTimeFormat(locale === "en" ? "en-GB" : "zh-CN", {
    timeZone: "Asia/Shanghai",
    year: "numeric",
    month: locale === "en" ? "short" : "long",
    day: "numeric",
  }).format(at);
}

const perLocale = <P>(make: (locale: Locale) => P) =>
  Object.fromEntries(LOCALES.map((l) => [l, make(l)])) as Record<Locale, P>;

/** Everything a committed transition causes, the audit entry last (it holds the chain's head till commit). */
export async function afterTransition(t: Transition): Promise<void> {
  await announce(t);
  await auditTransition(t);
}

/**
 * The audit entry of a transition. It must be the transaction's last write: appending takes the audit
 * chain's head row until commit, and every transaction of every case waits for it meanwhile.
 */
export async function auditTransition(t: Transition): Promise<void> {
  const row = t.row;
  for (const entry of t.audits) await recordAudit(t.tx, entry);
  const first = t.happenings[0];
  if (!first) return;
  await recordAudit(t.tx, {
    ...(t.actor.kind === "anonymous" ? { actorKind: "system" as const } : auditActor(t.actor)),
    onBehalfOf: t.onBehalfOf,
    action: `case.${first.action}`,
    subjectKind: "case",
    subjectId: row.id,
    caseId: row.id,
    regionCode: row.region_code,
    requestId: t.deps.requestId ?? null,
    details: { number: row.number, actions: t.happenings.map((h) => h.action), state: row.state },
  });
}

/** The webhook events and the messages of a transition. */
export async function announce(t: Transition): Promise<void> {
  const row = t.row;
  const events = t.happenings.flatMap((h) => {
    const type = WEBHOOK_TYPES[h.action];
    if (!type) return [];
    return [
      {
        type,
        regionCode: row.region_code,
        occurredAt: t.now,
        data: {
          caseId: row.id,
          caseNumber: row.number,
          itemCode: row.item_code,
          action: h.action,
          state: h.to,
          ...(h.action === "grant" || h.action === "deny" ? { decision: row.decision } : {}),
        },
      },
    ];
  });
  await emitWebhookEvents(t.tx, t.deps.jobs, events);
  // The applicant hears the latest news of a transition once: a case accepted, decided and closed in
  // one go (秒批) is one message saying it was decided, not four in the same second.
  // A ready-for-delivery message goes whenever there is one.
  const drafted = t.happenings.map((h) => ({
    h,
    ...applicantMessages(t, h.action, h.reason ?? null, h.data ?? {}),
  }));
  const told = drafted.filter((d) => d.message);
  const news = told.findLast((d) => DECISIONS.has(d.h.action)) ?? told.at(-1);
  for (const { h, message, ready } of drafted) {
    if (message && message === news?.message) await tellApplicant(t, message);
    if (ready) await tellApplicant(t, ready);
    if (h.action === "warning" || h.action === "overdue" || h.action === "escalate") {
      await tellAboutTime(t.tx, t.deps, row, h.action);
    }
  }
  for (const task of t.newTasks) await tellHandlers(t.tx, t.deps, row, task);
}

/** Decisions are the news of a transition that also accepts or closes the case. */
const DECISIONS = new Set(["grant", "deny", "deemed_grant", "reject"]);

type ApplicantMessage = Pick<PartyMessage, "template" | "params">;

/** What a happening tells the applicant, if anything: its message, and a ready-for-delivery notice. */
function applicantMessages(
  t: Transition,
  action: string,
  reason: string | null,
  data: Record<string, unknown>,
): { message: ApplicantMessage | undefined; ready: ApplicantMessage | undefined } {
  const { deps, row } = t;
  const link = `${deps.config.baseUrl}/cases/${row.number}`;
  const short = row.short_token ? `${deps.config.baseUrl}/c/${row.short_token}` : link;
  const base = (l: Locale) => ({
    caseNumber: row.number,
    itemName: l === "en" ? row.item_name.en || row.item_name.zh : row.item_name.zh,
    link,
    short,
  });
  const outcome = (l: Locale) =>
    row.decision === "denied"
      ? l === "en"
        ? "not granted"
        : "不予许可"
      : l === "en"
        ? "granted"
        : "准予许可";
  const delivery = row.delivery as Delivery;
  const how = (l: Locale) =>
    delivery.method === "post"
      ? l === "en"
        ? "posted to the address you gave"
        : "邮寄至您填写的地址"
      : l === "en"
        ? `ready for pick-up at ${delivery.hall ?? "the service hall"}`
        : `请到${delivery.hall ?? "政务服务大厅"}领取`;
  const items = (data.items as { problem: string }[] | undefined) ?? [];
  const message = (() => {
    switch (action) {
      case "submit":
        return { template: "case.submitted" as const, params: perLocale(base) };
      case "accept":
        return {
          template: "case.accepted" as const,
          params: perLocale((l) => ({ ...base(l), dueDate: dateText(row.due_at, l) })),
        };
      case "reject":
        return {
          template: "case.rejected" as const,
          params: perLocale((l) => ({ ...base(l), reason: reason?.trim() || DASH })),
        };
      case "request_supplement":
        return {
          template: "case.supplement_requested" as const,
          params: perLocale((l) => ({
            ...base(l),
            items: items.map((i, n) => `${n + 1}. ${i.problem}`).join("\n"),
          })),
        };
      case "grant":
      case "deny":
      case "deemed_grant":
        return {
          template: "case.decided" as const,
          params: perLocale((l) => ({ ...base(l), outcome: outcome(l) })),
        };
      case "close":
      case "lapse":
        return { template: "case.closed" as const, params: perLocale(base) };
      case "reverse":
        return {
          template: "case.decision_reversed" as const,
          params: perLocale((l) => ({ ...base(l), reason: reason?.trim() || DASH })),
        };
      default:
        return undefined;
    }
  })();
  const ready =
    (action === "grant" || action === "issue") && row.state === "delivery" && delivery.method !== "download"
      ? {
          template: "case.ready_for_delivery" as const,
          params: perLocale((l) => ({ ...base(l), how: how(l) })),
        }
      : undefined;
  return { message, ready };
}

/** Sends one message to the applicant and to whoever submitted for them. */
async function tellApplicant(t: Transition, m: ApplicantMessage): Promise<void> {
  const { tx, deps, row } = t;
  for (const personId of recipientsOf(row)) {
    const contact = t.contacts.get(personId) ?? (await contactOf(tx, personId));
    if (!contact) continue;
    t.contacts.set(personId, contact);
    await notifyParty(tx, deps.jobs, {
      recipient: {
        kind: "person",
        id: personId,
        locale: "zh-CN",
        email: contact.email,
        mobile: contact.mobile,
      },
      ...m,
      link: `${deps.config.baseUrl}/cases/${row.number}`,
      caseId: row.id,
      regionCode: row.region_code,
    } as Parameters<typeof notifyParty>[2]);
  }
}

/** The people who hear about a case: the applicant in person, and whoever submitted it for them. */
function recipientsOf(row: CaseRow): string[] {
  const ids = new Set<string>();
  if (row.applicant_kind === "person") ids.add(row.applicant_id);
  if (row.submitter_kind === "person") ids.add(row.submitter_id);
  return [...ids];
}

/** A new task: its holder, or everyone who can take it (a department's few handlers), in their inbox. */
async function tellHandlers(tx: Executor, deps: EngineDeps, row: CaseRow, task: CaseTaskRow): Promise<void> {
  if (task.status !== "open") return;
  const holders = task.assignee_id
    ? [{ id: task.assignee_id }]
    : await staffForTask(tx, taskWork(task, row), 20);
  const name = task.name;
  for (const staff of holders) {
    await notifyParty(tx, deps.jobs, {
      recipient: { kind: "staff", id: staff.id, locale: "zh-CN" },
      template: "task.assigned",
      params: perLocale((l) => ({
        caseNumber: row.number,
        itemName: l === "en" ? row.item_name.en || row.item_name.zh : row.item_name.zh,
        stepName: l === "en" ? name.en || name.zh : name.zh,
        dueDate: dateText(task.due_at, l),
        link: `${deps.config.baseUrl}/work/tasks/${task.id}`,
      })),
      link: `${deps.config.baseUrl}/work/tasks/${task.id}`,
      caseId: row.id,
      regionCode: row.region_code,
    });
  }
}

/** Time running out: the handlers of the open tasks are warned, then told; a day later, supervisors. */
async function tellAboutTime(
  tx: Executor,
  deps: EngineDeps,
  row: CaseRow,
  action: "warning" | "overdue" | "escalate",
): Promise<void> {
  const tasks = await taskStore.tasksOf(tx, row.province_code, row.id);
  const open = tasks.filter((task) => task.status === "open");
  const itemName = (l: Locale) => (l === "en" ? row.item_name.en || row.item_name.zh : row.item_name.zh);
  const link = `${deps.config.baseUrl}/work/cases/${row.id}`;
  if (action === "escalate") {
    const department = open[0] ? await getDepartment(tx, open[0].department_id) : undefined;
    for (const supervisor of await supervisorsOver(tx, row.region_code)) {
      await notifyParty(tx, deps.jobs, {
        recipient: { kind: "staff", id: supervisor.id, locale: "zh-CN" },
        template: "case.escalated",
        params: perLocale((l) => ({
          caseNumber: row.number,
          itemName: itemName(l),
          departmentName: (l === "en" ? department?.nameEn : department?.name) || DASH,
          dueDate: dateText(row.due_at, l),
          link,
        })),
        link,
        caseId: row.id,
        regionCode: row.region_code,
      });
    }
    return;
  }
  for (const task of open) {
    const holders = task.assignee_id
      ? [{ id: task.assignee_id }]
      : await staffForTask(tx, taskWork(task, row), 20);
    for (const staff of holders) {
      await notifyParty(tx, deps.jobs, {
        recipient: { kind: "staff", id: staff.id, locale: "zh-CN" },
        template: action === "warning" ? "task.warning" : "task.overdue",
        params: perLocale((l) => ({
          caseNumber: row.number,
          itemName: itemName(l),
          dueDate: dateText(row.due_at, l),
          link,
        })),
        link,
        caseId: row.id,
        regionCode: row.region_code,
      });
    }
  }
}
