import type { Locale } from "../../platform/config.ts";
import type { ParamKind, Template } from "./templates.ts";

/**
 * What the messages about cases and tasks are filled with. Every text is shown as given, so callers
 * pass it in the recipient's language: `dueDate` as the reader writes dates ("2026年7月3日",
 * "3 July 2026"), `outcome` ("准予许可"), `how` ("到安吉县政务服务中心 3 号窗口领取"). `items` and
 * `reason` may run over several lines.
 */
export interface CaseTemplateParams {
  "case.submitted": { caseNumber: string; itemName: string; link: string; short: string };
  "case.accepted": { caseNumber: string; itemName: string; dueDate: string; link: string; short: string };
  "case.rejected": { caseNumber: string; itemName: string; reason: string; link: string; short: string };
  /** 一次性告知: everything missing or wrong, told at once, one item a line. */
  "case.supplement_requested": {
    caseNumber: string;
    itemName: string;
    items: string;
    link: string;
    short: string;
  };
  "case.decided": { caseNumber: string; itemName: string; outcome: string; link: string; short: string };
  /** A grant made by instant approval's rules was reversed by a supervisor: a person decides now. */
  "case.decision_reversed": {
    caseNumber: string;
    itemName: string;
    reason: string;
    link: string;
    short: string;
  };
  "case.ready_for_delivery": {
    caseNumber: string;
    itemName: string;
    how: string;
    link: string;
    short: string;
  };
  "case.closed": { caseNumber: string; itemName: string; link: string; short: string };
  /** To staff: a step of a case is theirs now. */
  "task.assigned": { caseNumber: string; itemName: string; stepName: string; dueDate: string; link: string };
  /** To staff: 80% of the time is used. */
  "task.warning": { caseNumber: string; itemName: string; dueDate: string; link: string };
  "task.overdue": { caseNumber: string; itemName: string; dueDate: string; link: string };
  /** To supervisors: a department let a case run overdue. */
  "case.escalated": {
    caseNumber: string;
    itemName: string;
    departmentName: string;
    dueDate: string;
    link: string;
  };
}

interface CaseWords<P> {
  subject(p: P): string;
  /** Paragraphs; a line break inside one (a multi-line parameter) stays a line break. */
  body(p: P): string[];
  /** What the link to the case says. */
  action: string;
}

export type Params = Record<string, string> & { link: string };
type P<T extends keyof CaseTemplateParams> = CaseTemplateParams[T];

const actionHtml = (link: string, label: string) =>
  `<p><a href="${link}" style="display:inline-block;padding:.6em 1.2em;background:#0b57d0;color:#fff;text-decoration:none;border-radius:4px">${label}</a></p>` +
  `<p style="font-size:.875em;color:#555;word-break:break-all">${link}</p>`;

const colon: Record<Locale, string> = { "zh-CN": "：", en: ": " };

/**
 * One template from its sentences: the e-mail's text and HTML and the inbox's words are the same
 * paragraphs, so the three cannot drift apart. The HTML is built from escaped parameters only.
 */
export function caseTemplate<P extends Params>(
  params: { readonly [K in keyof P]-?: ParamKind },
  words: Record<Locale, CaseWords<P>>,
  sms?: Record<Locale, (p: P) => string>,
): Template<P> {
  const email = {} as Template<P>["email"];
  const inbox = {} as NonNullable<Template<P>["inbox"]>;
  for (const locale of Object.keys(words) as Locale[]) {
    const w = words[locale];
    email[locale] = {
      subject: w.subject,
      text: (p) => `${w.body(p).join("\n\n")}\n\n${w.action}${colon[locale]}${p.link}\n`,
      // Every value is escaped already; only the line breaks of multi-line values become <br>.
      html: (p) =>
        w
          .body(p as P)
          .map((paragraph) => `<p>${paragraph.replace(/\r?\n/g, "<br>")}</p>`)
          .join("") + actionHtml(p.link, w.action),
    };
    inbox[locale] = (p) => ({ title: w.subject(p), body: w.body(p).join("\n\n") });
  }
  return { params, email, inbox, ...(sms ? { sms } : {}) };
}

const kinds = { caseNumber: "text", itemName: "text", link: "link" } as const;
/** The applicant's messages carry the case's short link too: a text message has room for it alone. */
const applicantKinds = { ...kinds, short: "secret_link" } as const;
const progress = { "zh-CN": "查看办理进度", en: "Follow your case" };
const openCase = { "zh-CN": "打开办件", en: "Open the case" };

// Text messages carry the short link (/c/…) alone: the full one would take a message of its own.
export const caseTemplates: { readonly [T in keyof CaseTemplateParams]: Template<CaseTemplateParams[T]> } = {
  "case.submitted": caseTemplate<P<"case.submitted">>(
    applicantKinds,
    {
      "zh-CN": {
        subject: (p) => `申请已提交：${p.itemName}`,
        body: (p) => [
          `您申请的“${p.itemName}”已提交，办件编号 ${p.caseNumber}。`,
          "工作人员将审查您的申请材料，是否受理会另行通知您。",
        ],
        action: progress["zh-CN"],
      },
      en: {
        subject: (p) => `Application submitted: ${p.itemName}`,
        body: (p) => [
          `Your application for "${p.itemName}" has been submitted. Its case number is ${p.caseNumber}.`,
          "Staff will check your application, and you will be told whether it is accepted.",
        ],
        action: progress.en,
      },
    },
    {
      "zh-CN": (p) =>
        `【通办】您申请的${p.itemName}已提交，办件编号${p.caseNumber}，受理结果将另行通知。 ${p.short}`,
      en: (p) =>
        `[Tongban] Your application for ${p.itemName} is submitted: case ${p.caseNumber}. ${p.short}`,
    },
  ),
  "case.accepted": caseTemplate<P<"case.accepted">>(
    { ...applicantKinds, dueDate: "text" },
    {
      "zh-CN": {
        subject: (p) => `申请已受理：${p.itemName}`,
        body: (p) => [
          `您申请的“${p.itemName}”（办件编号 ${p.caseNumber}）已受理，承诺于 ${p.dueDate} 前办结。`,
        ],
        action: progress["zh-CN"],
      },
      en: {
        subject: (p) => `Application accepted: ${p.itemName}`,
        body: (p) => [
          `Your application for "${p.itemName}" (case ${p.caseNumber}) has been accepted. ` +
            `It will be decided by ${p.dueDate}.`,
        ],
        action: progress.en,
      },
    },
    {
      "zh-CN": (p) =>
        `【通办】您的办件${p.caseNumber}（${p.itemName}）已受理，承诺${p.dueDate}前办结。 ${p.short}`,
      en: (p) =>
        `[Tongban] Case ${p.caseNumber} (${p.itemName}) is accepted, to be decided by ${p.dueDate}. ${p.short}`,
    },
  ),
  "case.rejected": caseTemplate<P<"case.rejected">>(
    { ...applicantKinds, reason: "lines" },
    {
      "zh-CN": {
        subject: (p) => `不予受理：${p.itemName}`,
        body: (p) => [
          `您申请的“${p.itemName}”（办件编号 ${p.caseNumber}）不予受理，理由如下：\n${p.reason}`,
          "如有疑问，请咨询办理部门；对本决定不服的，可以依法申请行政复议或者提起行政诉讼。",
        ],
        action: openCase["zh-CN"],
      },
      en: {
        subject: (p) => `Application not accepted: ${p.itemName}`,
        body: (p) => [
          `Your application for "${p.itemName}" (case ${p.caseNumber}) was not accepted, for these reasons:\n${p.reason}`,
          "Ask the department if anything is unclear. If you disagree, you may apply for administrative " +
            "reconsideration or bring an administrative lawsuit.",
        ],
        action: openCase.en,
      },
    },
    {
      "zh-CN": (p) =>
        `【通办】您的办件${p.caseNumber}（${p.itemName}）不予受理，理由请登录通办查看。 ${p.short}`,
      en: (p) =>
        `[Tongban] Case ${p.caseNumber} (${p.itemName}) was not accepted. Sign in to see why. ${p.short}`,
    },
  ),
  "case.supplement_requested": caseTemplate<P<"case.supplement_requested">>(
    { ...applicantKinds, items: "lines" },
    {
      "zh-CN": {
        subject: (p) => `请补正材料：${p.itemName}`,
        body: (p) => [
          `您申请的“${p.itemName}”（办件编号 ${p.caseNumber}）需要补正，现一次性告知如下：\n${p.items}`,
          "请补齐后重新提交。补正期间不计入办理时限。",
        ],
        action: openCase["zh-CN"],
      },
      en: {
        subject: (p) => `Please complete your application: ${p.itemName}`,
        body: (p) => [
          `Your application for "${p.itemName}" (case ${p.caseNumber}) needs the following, all listed at once:\n${p.items}`,
          "Submit it again once complete. The time until then does not count against the time limit.",
        ],
        action: openCase.en,
      },
    },
    {
      "zh-CN": (p) =>
        `【通办】您的办件${p.caseNumber}（${p.itemName}）需补正材料，请登录通办查看并补交。 ${p.short}`,
      en: (p) =>
        `[Tongban] Case ${p.caseNumber} (${p.itemName}) needs more from you. Sign in to see what. ${p.short}`,
    },
  ),
  "case.decided": caseTemplate<P<"case.decided">>(
    { ...applicantKinds, outcome: "text" },
    {
      "zh-CN": {
        subject: (p) => `办理结果：${p.itemName}`,
        body: (p) => [`您申请的“${p.itemName}”（办件编号 ${p.caseNumber}）已作出决定：${p.outcome}。`],
        action: openCase["zh-CN"],
      },
      en: {
        subject: (p) => `Decision on your application: ${p.itemName}`,
        body: (p) => [
          `A decision has been made on your application for "${p.itemName}" (case ${p.caseNumber}): ${p.outcome}.`,
        ],
        action: openCase.en,
      },
    },
    {
      "zh-CN": (p) => `【通办】您的办件${p.caseNumber}（${p.itemName}）已作出决定：${p.outcome}。 ${p.short}`,
      en: (p) => `[Tongban] Case ${p.caseNumber} (${p.itemName}) is decided: ${p.outcome}. ${p.short}`,
    },
  ),
  "case.decision_reversed": caseTemplate<P<"case.decision_reversed">>(
    { ...applicantKinds, reason: "text" },
    {
      "zh-CN": {
        subject: (p) => `办理结果已撤回重审：${p.itemName}`,
        body: (p) => [
          `您申请的“${p.itemName}”（办件编号 ${p.caseNumber}）的自动审批结果经监督复核已撤回，将由工作人员重新作出决定。`,
          `原因：${p.reason}`,
          "已发放的电子证照同时作废，新的决定作出后我们会再通知您。",
        ],
        action: openCase["zh-CN"],
      },
      en: {
        subject: (p) => `Decision withdrawn for review: ${p.itemName}`,
        body: (p) => [
          `The automatic decision on your application for "${p.itemName}" (case ${p.caseNumber}) was reversed on review; an official will decide it again.`,
          `Reason: ${p.reason}`,
          "Any e-licence it issued is revoked. We will tell you when the new decision is made.",
        ],
        action: openCase.en,
      },
    },
    {
      "zh-CN": (p) =>
        `【通办】您的办件${p.caseNumber}（${p.itemName}）的自动审批结果已撤回，将重新审批。 ${p.short}`,
      en: (p) =>
        `[Tongban] The automatic decision on case ${p.caseNumber} (${p.itemName}) was reversed; it will be decided again. ${p.short}`,
    },
  ),
  "case.ready_for_delivery": caseTemplate<P<"case.ready_for_delivery">>(
    { ...applicantKinds, how: "text" },
    {
      "zh-CN": {
        subject: (p) => `办理结果待领取：${p.itemName}`,
        body: (p) => [`您申请的“${p.itemName}”（办件编号 ${p.caseNumber}）的办理结果已准备好：${p.how}。`],
        action: openCase["zh-CN"],
      },
      en: {
        subject: (p) => `Ready for you: ${p.itemName}`,
        body: (p) => [
          `The result of your application for "${p.itemName}" (case ${p.caseNumber}) is ready: ${p.how}.`,
        ],
        action: openCase.en,
      },
    },
    {
      "zh-CN": (p) => `【通办】您的办件${p.caseNumber}（${p.itemName}）结果已备好：${p.how}。 ${p.short}`,
      en: (p) => `[Tongban] Case ${p.caseNumber} (${p.itemName}) is ready: ${p.how}. ${p.short}`,
    },
  ),
  "case.closed": caseTemplate<P<"case.closed">>(
    applicantKinds,
    {
      "zh-CN": {
        subject: (p) => `已办结：${p.itemName}`,
        body: (p) => [
          `您申请的“${p.itemName}”（办件编号 ${p.caseNumber}）已办结。`,
          "欢迎对本次服务作出评价，您的意见将帮助我们改进工作。",
        ],
        action: "查看并评价",
      },
      en: {
        subject: (p) => `Case closed: ${p.itemName}`,
        body: (p) => [
          `Your case ${p.caseNumber} ("${p.itemName}") is closed.`,
          "Please rate the service you received: it helps us do better.",
        ],
        action: "See and rate",
      },
    },
    {
      "zh-CN": (p) => `【通办】您的办件${p.caseNumber}（${p.itemName}）已办结，欢迎评价。 ${p.short}`,
      en: (p) =>
        `[Tongban] Case ${p.caseNumber} (${p.itemName}) is closed. Please rate the service. ${p.short}`,
    },
  ),
  "task.assigned": caseTemplate<P<"task.assigned">>(
    { ...kinds, stepName: "text", dueDate: "text" },
    {
      "zh-CN": {
        subject: (p) => `新任务：${p.stepName}（${p.caseNumber}）`,
        body: (p) => [
          `您有一项新任务：办件 ${p.caseNumber}（${p.itemName}）的“${p.stepName}”，请于 ${p.dueDate} 前完成。`,
        ],
        action: "处理任务",
      },
      en: {
        subject: (p) => `New task: ${p.stepName} (${p.caseNumber})`,
        body: (p) => [
          `You have a new task: "${p.stepName}" of case ${p.caseNumber} (${p.itemName}), due by ${p.dueDate}.`,
        ],
        action: "Open the task",
      },
    },
  ),
  "task.warning": caseTemplate<P<"task.warning">>(
    { ...kinds, dueDate: "text" },
    {
      "zh-CN": {
        subject: (p) => `即将到期：${p.caseNumber}`,
        body: (p) => [
          `办件 ${p.caseNumber}（${p.itemName}）的办理时限已用去八成，将于 ${p.dueDate} 到期，请尽快处理。`,
        ],
        action: "处理任务",
      },
      en: {
        subject: (p) => `Due soon: ${p.caseNumber}`,
        body: (p) => [
          `Case ${p.caseNumber} (${p.itemName}) has used 80% of its time and is due by ${p.dueDate}. Please act soon.`,
        ],
        action: "Open the task",
      },
    },
    {
      "zh-CN": (p) => `【通办】预警：办件${p.caseNumber}（${p.itemName}）将于${p.dueDate}到期，请尽快处理。`,
      en: (p) => `[Tongban] Case ${p.caseNumber} (${p.itemName}) is due by ${p.dueDate}. Please act soon.`,
    },
  ),
  "task.overdue": caseTemplate<P<"task.overdue">>(
    { ...kinds, dueDate: "text" },
    {
      "zh-CN": {
        subject: (p) => `已超期：${p.caseNumber}`,
        body: (p) => [
          `办件 ${p.caseNumber}（${p.itemName}）已超过办理时限（${p.dueDate}），请立即处理并说明超期原因。`,
        ],
        action: "处理任务",
      },
      en: {
        subject: (p) => `Overdue: ${p.caseNumber}`,
        body: (p) => [
          `Case ${p.caseNumber} (${p.itemName}) ran past its time limit (${p.dueDate}). ` +
            "Please act now and record why it is late.",
        ],
        action: "Open the task",
      },
    },
    {
      "zh-CN": (p) => `【通办】办件${p.caseNumber}（${p.itemName}）已于${p.dueDate}超期，请立即处理。`,
      en: (p) => `[Tongban] Case ${p.caseNumber} (${p.itemName}) is overdue since ${p.dueDate}. Act now.`,
    },
  ),
  "case.escalated": caseTemplate<P<"case.escalated">>(
    { ...kinds, departmentName: "text", dueDate: "text" },
    {
      "zh-CN": {
        subject: (p) => `超期督办：${p.caseNumber}`,
        body: (p) => [
          `${p.departmentName}办理的办件 ${p.caseNumber}（${p.itemName}）已超过办理时限（${p.dueDate}），现提请您督办。`,
        ],
        action: "查看办件",
      },
      en: {
        subject: (p) => `Overdue case to supervise: ${p.caseNumber}`,
        body: (p) => [
          `Case ${p.caseNumber} (${p.itemName}), handled by ${p.departmentName}, ran past its time limit ` +
            `(${p.dueDate}) and is referred to you.`,
        ],
        action: "Open the case",
      },
    },
    {
      "zh-CN": (p) =>
        `【通办】督办：${p.departmentName}的办件${p.caseNumber}（${p.itemName}）已于${p.dueDate}超期。`,
      en: (p) =>
        `[Tongban] Supervise: case ${p.caseNumber} (${p.itemName}) at ${p.departmentName} is overdue since ${p.dueDate}.`,
    },
  ),
};
