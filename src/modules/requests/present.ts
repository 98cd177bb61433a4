import type { RouteRecord } from "./routing.ts";
import type { PublicReply, RequestView, StaffRequestView } from "./views.ts";

/**
 * Filing is limited per client address: a flood from one source (a script, a stuck kiosk) is refused
 * with 429 and Retry-After, while a household or a hall filing a few at a time never meets it.
 */
export const FILING_LIMIT = { max: 10, timeWindow: 60_000 } as const;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function presentView(v: RequestView) {
  return {
    number: v.number,
    category: v.category,
    text: v.text,
    regionCode: v.regionCode,
    address: v.address,
    lat: v.lat,
    long: v.long,
    state: v.state,
    receivedAt: v.receivedAt.toISOString(),
    dueAt: v.dueAt.toISOString(),
    overdue: v.overdue,
    holder: v.holder,
    reply: v.reply && { text: v.reply.text, at: v.reply.at.toISOString(), public: v.reply.public },
    satisfaction: v.satisfaction,
    reopenUntil: iso(v.reopenUntil),
    events: v.events.map((e) => ({
      at: e.at.toISOString(),
      action: e.action,
      reason: e.reason,
      department: e.department,
    })),
    actions: v.actions,
  };
}

export function presentStaffView(v: StaffRequestView) {
  return {
    ...presentView(v),
    requester: v.requester,
    dispatcher: v.dispatcher,
    channel: v.channel,
    attachments: v.attachments,
  };
}

export const presentRoute = (r: RouteRecord) => ({
  id: r.id,
  regionCode: r.region_code,
  categoryCode: r.category_code,
  department: { id: r.department_id, name: r.department_name, nameEn: r.department_name_en },
});

export const presentReply = (r: PublicReply) => ({
  number: r.number,
  categoryCode: r.category_code,
  kind: r.kind,
  regionCode: r.region_code,
  receivedAt: r.received_at.toISOString(),
  repliedAt: r.replied_at.toISOString(),
  reply: r.reply_public_text,
});
