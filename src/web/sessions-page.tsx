/** One's own sessions, for people (/account/sessions) and staff (/me/sessions): plain forms, no script. */
import type { OwnSession } from "../platform/auth/session-list.ts";
import { chinaDateTime } from "../platform/documents/dates.ts";
import { CsrfField, type PageContext } from "./layout.tsx";

export type SessionsNotice = { ended: "one" } | { ended: "others"; count: number };

export function SessionsPage({
  ctx,
  sessions,
  base,
  back,
  idleMinutes,
  cacheSeconds,
  notice,
}: {
  ctx: PageContext;
  sessions: OwnSession[];
  /** Where the forms post: `${base}/{id}/end`, `${base}/end-others`. */
  base: string;
  back: string;
  idleMinutes: number;
  cacheSeconds: number;
  notice: SessionsNotice | undefined;
}) {
  const { t, locale } = ctx;
  const others = sessions.filter((s) => !s.current).length;
  return (
    <>
      <h1>{t("sessions.title")}</h1>
      {notice && (
        <p role="status">
          {notice.ended === "one"
            ? t("sessions.ended", { seconds: cacheSeconds })
            : t("sessions.endedOthers", { count: notice.count, seconds: cacheSeconds })}
        </p>
      )}
      <p class="lead">{t("sessions.lead", { idle: idleMinutes })}</p>
      <table>
        <caption>{t("sessions.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("sessions.device")}</th>
            <th scope="col">{t("sessions.opened")}</th>
            <th scope="col">{t("sessions.lastUsed")}</th>
            <th scope="col">{t("sessions.action")}</th>
          </tr>
        </thead>
        <tbody>
          {sessions.map((session) => {
            const device = session.device ?? t("sessions.unknownDevice");
            return (
              <tr key={session.id}>
                <th scope="row">
                  {device}
                  {session.current && <div class="meta">{t("sessions.current")}</div>}
                </th>
                <td>
                  <time datetime={session.openedAt.toISOString()}>
                    {chinaDateTime(session.openedAt, locale)}
                  </time>
                </td>
                <td>
                  <time datetime={session.lastUsedAt.toISOString()}>
                    {chinaDateTime(session.lastUsedAt, locale)}
                  </time>
                </td>
                <td>
                  <form method="post" action={`${base}/${session.id}/end`}>
                    <CsrfField token={ctx.csrfToken} />
                    <button
                      class="button secondary"
                      type="submit"
                      aria-label={session.current ? undefined : t("sessions.endOne", { device })}
                    >
                      {session.current ? t("sessions.signOut") : t("sessions.end")}
                    </button>
                  </form>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {others > 0 ? (
        <form method="post" action={`${base}/end-others`}>
          <CsrfField token={ctx.csrfToken} />
          <button class="button" type="submit">
            {t("sessions.endOthers")}
          </button>
        </form>
      ) : (
        <p>{t("sessions.onlyThis")}</p>
      )}
      <p>
        <a href={back}>{t("sessions.back")}</a>
      </p>
    </>
  );
}
