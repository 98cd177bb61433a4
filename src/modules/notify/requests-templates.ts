import { caseTemplate } from "./case-templates.ts";
import type { Template } from "./templates.ts";

/**
 * What the messages of requests (12345 诉求, issue 8) are filled with. `category` and `dueDate` are
 * shown as given, in the recipient's language ("噪音扰民", "2026年12月4日"). `link` follows the request:
 * for someone without an account it carries their follow token.
 */
export interface RequestsTemplateParams {
  "request.received": { number: string; category: string; dueDate: string; link: string };
  "request.replied": { number: string; category: string; link: string };
}

type P<T extends keyof RequestsTemplateParams> = RequestsTemplateParams[T];
const kinds = { number: "text", category: "text", link: "link" } as const;
const follow = { "zh-CN": "查看诉求办理情况", en: "Follow your request" };

export const requestsTemplates: {
  readonly [T in keyof RequestsTemplateParams]: Template<RequestsTemplateParams[T]>;
} = {
  "request.received": caseTemplate<P<"request.received">>(
    { ...kinds, dueDate: "text" },
    {
      "zh-CN": {
        subject: (p) => `诉求已受理：${p.category}`,
        body: (p) => [
          `您反映的“${p.category}”诉求已收到，编号 ${p.number}。`,
          `承办部门将于 ${p.dueDate} 前答复您。`,
        ],
        action: follow["zh-CN"],
      },
      en: {
        subject: (p) => `Request received: ${p.category}`,
        body: (p) => [
          `Your request about "${p.category}" has been received. Its number is ${p.number}.`,
          `The department will reply by ${p.dueDate}.`,
        ],
        action: follow.en,
      },
    },
    {
      "zh-CN": (p) =>
        `【12345】您的诉求${p.number}（${p.category}）已受理，将于${p.dueDate}前答复。 ${p.link}`,
      en: (p) => `[12345] Request ${p.number} (${p.category}) received; reply due by ${p.dueDate}. ${p.link}`,
    },
  ),
  "request.replied": caseTemplate<P<"request.replied">>(
    kinds,
    {
      "zh-CN": {
        subject: (p) => `诉求已答复：${p.category}`,
        body: (p) => [
          `您反映的“${p.category}”诉求（编号 ${p.number}）已有答复。`,
          "请查看答复并评价是否满意；如对答复不满意，可在规定期限内申请重新办理。",
        ],
        action: follow["zh-CN"],
      },
      en: {
        subject: (p) => `Your request has a reply: ${p.category}`,
        body: (p) => [
          `Your request about "${p.category}" (number ${p.number}) has been replied to.`,
          "Read the reply and say whether you are satisfied; if not, you may reopen it within the period given.",
        ],
        action: follow.en,
      },
    },
    {
      "zh-CN": (p) => `【12345】您的诉求${p.number}（${p.category}）已答复，请查看并评价。 ${p.link}`,
      en: (p) => `[12345] Request ${p.number} (${p.category}) has a reply: read and rate it. ${p.link}`,
    },
  ),
};
