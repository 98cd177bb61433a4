import type { Locale } from "../../platform/config.ts";

/** The inbox page's words; the English below must name every key of the Chinese. */
export const zhCN = {
  "inbox.title": "我的消息",
  "inbox.lead": "办件进展、补正通知、办理结果等消息都会放在这里。",
  "inbox.filter": "显示哪些消息",
  "inbox.all": "全部消息",
  "inbox.unreadOnly": "仅看未读（{count}）",
  "inbox.none": "暂无消息。",
  "inbox.noneUnread": "没有未读消息。",
  "inbox.unread": "未读",
  "inbox.markRead": "标为已读",
  "inbox.markRead.label": "标为已读：{title}",
  "inbox.markAllRead": "全部标为已读",
  "inbox.markedAll": "已将 {count} 条消息标为已读。",
  "inbox.marked": "已标为已读。",
  "inbox.older": "更早的消息",
  "inbox.newest": "回到最新消息",
  "inbox.pager": "翻页",
  "inbox.open": "查看详情",
} as const;

export type InboxWord = keyof typeof zhCN;

export const en: Record<InboxWord, string> = {
  "inbox.title": "My messages",
  "inbox.lead": "News of your cases — progress, requests for more documents, decisions — arrives here.",
  "inbox.filter": "Which messages to show",
  "inbox.all": "All messages",
  "inbox.unreadOnly": "Unread only ({count})",
  "inbox.none": "No messages yet.",
  "inbox.noneUnread": "No unread messages.",
  "inbox.unread": "Unread",
  "inbox.markRead": "Mark as read",
  "inbox.markRead.label": "Mark as read: {title}",
  "inbox.markAllRead": "Mark all as read",
  "inbox.markedAll": "{count} messages marked as read.",
  "inbox.marked": "Marked as read.",
  "inbox.older": "Older messages",
  "inbox.newest": "Back to the newest",
  "inbox.pager": "Pages",
  "inbox.open": "Read more",
};

const catalogues: Record<Locale, Record<InboxWord, string>> = { "zh-CN": zhCN, en };

export type InboxTranslate = (key: InboxWord, params?: Record<string, string | number>) => string;

/** The inbox's own words in one language, `{name}` filled from `params`. */
export function inboxWords(locale: Locale): InboxTranslate {
  const catalogue = catalogues[locale];
  return (key, params) =>
    params
      ? catalogue[key].replace(/\{(\w+)\}/g, (whole, name: string) => String(params[name] ?? whole))
      : catalogue[key];
}
