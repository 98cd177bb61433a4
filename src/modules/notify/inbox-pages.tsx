import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import type { Locale } from "../../platform/config.ts";
import { CsrfField, type PageContext } from "../../web/layout.tsx";
import { pageContext, sendPage } from "../../web/render.tsx";
import { sessionCookieOf } from "../identity/present.ts";
import { isPendingSignIn } from "../identity/service.ts";
import { type InboxTranslate, inboxWords } from "./inbox-messages.ts";
import * as service from "./inbox-service.ts";

const PATH = "/inbox";

const text = Type.Optional(Type.String({ maxLength: 1000 }));
const ListQuery = Type.Object({
  unread: Type.Optional(Type.String({ maxLength: 5 })),
  cursor: Type.Optional(Type.String({ maxLength: 64 })),
  done: Type.Optional(Type.String({ maxLength: 10 })),
  count: Type.Optional(Type.String({ maxLength: 10 })),
});
const FormBody = Type.Object({ _csrf: text, back: text });

// Times as the reader's clock in China shows them.
const WHEN: Record<Locale, Intl.DateTimeFormat> = {
  "zh-CN": new Intl.DateTimeFormat("zh-CN", {
    timeZone: "Asia/Shanghai",
    dateStyle: "medium",
    timeStyle: "short",
  }),
  en: new Intl.DateTimeFormat("en-GB", {
    timeZone: "Asia/Shanghai",
    dateStyle: "medium",
    timeStyle: "short",
  }),
};

/** A body's paragraphs (split by a blank line), each line kept. */
function Body({ body }: { body: string }) {
  return (
    <>
      {body.split(/\n{2,}/).map((paragraph, i) => (
        <p key={i}>{paragraph.split("\n").flatMap((line, j) => (j > 0 ? [<br key={j} />, line] : [line]))}</p>
      ))}
    </>
  );
}

function Message({
  ctx,
  w,
  message,
  back,
}: {
  ctx: PageContext;
  w: InboxTranslate;
  message: service.InboxView;
  back: string;
}) {
  const unread = message.readAt === null;
  return (
    <li>
      <h2>
        {unread && <span class="tag">{w("inbox.unread")}</span>} {message.title}
      </h2>
      <p class="meta">
        <time datetime={message.createdAt.toISOString()}>{WHEN[ctx.locale].format(message.createdAt)}</time>
      </p>
      <Body body={message.body} />
      <ul class="actions">
        {message.link && (
          <li>
            <a href={message.link}>{w("inbox.open")}</a>
          </li>
        )}
        {unread && (
          <li>
            <form method="post" action={`${PATH}/${message.id}/read`}>
              <CsrfField token={ctx.csrfToken} />
              <input type="hidden" name="back" value={back} />
              <button
                type="submit"
                class="button"
                aria-label={w("inbox.markRead.label", { title: message.title })}
              >
                {w("inbox.markRead")}
              </button>
            </form>
          </li>
        )}
      </ul>
    </li>
  );
}

/**
 * The inbox page of whoever is signed in, person or staff member: newest first, unread ones marked in
 * words (not colour alone), each with its link, "mark as read" forms. Works without JavaScript.
 */
export const inboxPages: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.platform.database.db;

  /** Strangers sign in first: a staff member halfway through the second factor finishes it. */
  async function signIn(request: FastifyRequest, reply: FastifyReply) {
    const token = sessionCookieOf(request);
    const pending = token !== undefined && (await isPendingSignIn(db, token));
    const next = encodeURIComponent(PATH);
    return reply.redirect(pending ? `/signin/mfa?next=${next}` : `/account/signin?next=${next}`, 303);
  }

  app.get(
    PATH,
    { config: { policy: "inbox.read" }, schema: { hide: true, querystring: ListQuery } },
    async (request, reply) => {
      if (request.actor.kind === "anonymous") return signIn(request, reply);
      const { query } = request;
      const unreadOnly = query.unread === "1";
      const cursor = query.cursor && /^[0-9a-f-]{36}$/i.test(query.cursor) ? query.cursor : undefined;
      const page = await service.listInbox(db, request.actor, { unreadOnly, cursor });
      const ctx = pageContext(request, reply, true);
      const w = inboxWords(ctx.locale);
      const list = unreadOnly ? `${PATH}?unread=1` : PATH;
      const notice =
        query.done === "all"
          ? w("inbox.markedAll", { count: Number(query.count) || 0 })
          : query.done === "one"
            ? w("inbox.marked")
            : undefined;
      const items = page.items.map((m) => service.inboxView(m, ctx.locale));
      return sendPage(
        reply,
        ctx,
        w("inbox.title"),
        <>
          <h1>{w("inbox.title")}</h1>
          <p class="lead">{w("inbox.lead")}</p>
          {notice && <p role="status">{notice}</p>}
          <nav aria-label={w("inbox.filter")}>
            <ul class="actions">
              <li>
                <a href={PATH} aria-current={unreadOnly ? undefined : "page"}>
                  {w("inbox.all")}
                </a>
              </li>
              <li>
                <a href={`${PATH}?unread=1`} aria-current={unreadOnly ? "page" : undefined}>
                  {w("inbox.unreadOnly", { count: page.unreadCount })}
                </a>
              </li>
            </ul>
          </nav>
          {page.unreadCount > 0 && (
            <form method="post" action={`${PATH}/read-all`}>
              <CsrfField token={ctx.csrfToken} />
              <input type="hidden" name="back" value={list} />
              <button type="submit" class="button">
                {w("inbox.markAllRead")}
              </button>
            </form>
          )}
          {items.length === 0 ? (
            <p>{unreadOnly ? w("inbox.noneUnread") : w("inbox.none")}</p>
          ) : (
            <ol class="items">
              {items.map((message) => (
                <Message key={message.id} ctx={ctx} w={w} message={message} back={list} />
              ))}
            </ol>
          )}
          {(page.nextCursor || cursor) && (
            <nav class="pager" aria-label={w("inbox.pager")}>
              <ul>
                {cursor && (
                  <li>
                    <a href={list}>{w("inbox.newest")}</a>
                  </li>
                )}
                {page.nextCursor && (
                  <li>
                    <a href={`${list}${unreadOnly ? "&" : "?"}cursor=${page.nextCursor}`} rel="next">
                      {w("inbox.older")}
                    </a>
                  </li>
                )}
              </ul>
            </nav>
          )}
        </>,
      );
    },
  );

  /** Back to the list the form was on — all messages or the unread ones — with a notice. */
  function backTo(raw: string | undefined, done: string): string {
    return raw === `${PATH}?unread=1` ? `${raw}&${done}` : `${PATH}?${done}`;
  }

  app.post(
    `${PATH}/read-all`,
    { config: { policy: "inbox.update" }, schema: { hide: true, body: FormBody } },
    async (request, reply) => {
      if (request.actor.kind === "anonymous") return signIn(request, reply);
      const { marked } = await service.markAllInboxRead(db, request.actor);
      return reply.redirect(backTo(request.body.back, `done=all&count=${marked}`), 303);
    },
  );

  app.post(
    `${PATH}/:id/read`,
    {
      config: { policy: "inbox.update" },
      schema: { hide: true, params: Type.Object({ id: Type.String({ maxLength: 64 }) }), body: FormBody },
    },
    async (request, reply) => {
      if (request.actor.kind === "anonymous") return signIn(request, reply);
      await service.markInboxRead(db, request.actor, request.params.id);
      return reply.redirect(backTo(request.body.back, "done=one"), 303);
    },
  );
};
