import { caseTemplate } from "./case-templates.ts";
import type { Template } from "./templates.ts";

/** What the messages of ratings (issue 8) are filled with. */
export interface RatingsTemplateParams {
  /** To the applicant when their case closes: rate it by the link, without signing in (one use). */
  "rating.invite": { caseNumber: string; itemName: string; link: string };
  /** To the applicant: the department says what it did about their bad rating; accept it or contest it. */
  "rectification.resolved": { caseNumber: string; departmentName: string; link: string };
  /** To the nearest supervisors: a rectification passed its deadline a working day ago. */
  "rectification.escalated": { departmentName: string; dueDate: string; link: string };
}

type P<T extends keyof RatingsTemplateParams> = RatingsTemplateParams[T];

export const ratingsTemplates: {
  readonly [T in keyof RatingsTemplateParams]: Template<RatingsTemplateParams[T]>;
} = {
  "rating.invite": caseTemplate<P<"rating.invite">>(
    // The link is the invitation: whoever holds it may rate, once.
    { caseNumber: "text", itemName: "text", link: "secret_link" },
    {
      "zh-CN": {
        subject: (p) => `请评价本次服务：${p.itemName}`,
        body: (p) => [
          `您的办件 ${p.caseNumber}（${p.itemName}）已办结。`,
          "请对本次政务服务作出评价（好差评），您的意见将帮助我们改进。链接仅可使用一次。",
        ],
        action: "评价服务",
      },
      en: {
        subject: (p) => `Please rate our service: ${p.itemName}`,
        body: (p) => [
          `Your case ${p.caseNumber} (${p.itemName}) is closed.`,
          "Please rate the service you received; your view helps us improve. The link works once.",
        ],
        action: "Rate the service",
      },
    },
    {
      "zh-CN": (p) => `【通办】您的办件${p.caseNumber}已办结，请评价本次服务： ${p.link}`,
      en: (p) => `[Tongban] Case ${p.caseNumber} is closed. Please rate the service: ${p.link}`,
    },
  ),
  "rectification.resolved": caseTemplate<P<"rectification.resolved">>(
    { caseNumber: "text", departmentName: "text", link: "link" },
    {
      "zh-CN": {
        subject: () => "您的差评已整改，请确认",
        body: (p) => [
          `${p.departmentName}已就您的评价（${p.caseNumber}）作出整改并记录结果。`,
          "请查看整改结果：满意请确认，不满意可提出异议，将由监督人员复核。",
        ],
        action: "查看整改结果",
      },
      en: {
        subject: () => "Your rating was acted on: please confirm",
        body: (p) => [
          `${p.departmentName} has acted on your rating (${p.caseNumber}) and recorded the outcome.`,
          "Please read it: accept it if it puts things right, or contest it and a supervisor will review.",
        ],
        action: "Read the outcome",
      },
    },
  ),
  "rectification.escalated": caseTemplate<P<"rectification.escalated">>(
    { departmentName: "text", dueDate: "text", link: "link" },
    {
      "zh-CN": {
        subject: (p) => `差评整改超期：${p.departmentName}`,
        body: (p) => [`${p.departmentName}的一项差评整改应于 ${p.dueDate} 前完成，现已超期一个工作日以上。`],
        action: "查看整改",
      },
      en: {
        subject: (p) => `Rectification overdue: ${p.departmentName}`,
        body: (p) => [
          `A rectification of ${p.departmentName} was due by ${p.dueDate} and is more than a working day late.`,
        ],
        action: "Open the rectification",
      },
    },
  ),
};
