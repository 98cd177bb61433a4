import type { ComponentChildren } from "preact";
import type { MessageKey } from "../../platform/i18n/index.ts";
import { CsrfField, type PageContext } from "../../web/layout.tsx";
import { When } from "../cases/work-kit.tsx";
import { AttachmentList } from "./attachment-views.tsx";
import type { RouteRecord } from "./routing.ts";
import type { StaffRequestView, WorkItem } from "./views.ts";

export const BASE = "/work/requests";
const k = (key: string) => key as MessageKey;

export function Worklist({ ctx, items }: { ctx: PageContext; items: WorkItem[] }) {
  const { t } = ctx;
  return (
    <>
      <h1>{t("requests.work.title")}</h1>
      <p>
        <a href={`${BASE}/routes`}>{t("requests.work.routes")}</a> ·{" "}
        <a href={`${BASE}/categories`}>{t("requests.categories.title")}</a>
      </p>
      {items.length === 0 ? (
        <p>{t("requests.work.none")}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("requests.work.number")}</th>
              <th scope="col">{t("requests.work.category")}</th>
              <th scope="col">{t("requests.view.state")}</th>
              <th scope="col">{t("requests.view.due")}</th>
              <th scope="col">{t("requests.work.excerpt")}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr key={i.number}>
                <td>
                  <a href={`${BASE}/${i.number}`}>{i.number}</a>
                </td>
                <td>
                  {t(k(`requests.kind.${i.kind}`))} · {i.categoryCode}
                </td>
                <td>{t(k(`requests.state.${i.state}`))}</td>
                <td>
                  <When ctx={ctx} at={i.dueAt} day /> {i.overdue && t("requests.view.dueOver")}
                </td>
                <td>{i.excerpt}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function StepForm({
  ctx,
  number,
  action,
  children,
}: {
  ctx: PageContext;
  number: string;
  action: string;
  children?: ComponentChildren;
}) {
  return (
    <form class="stack" method="post" action={`${BASE}/${number}/${action}`}>
      <CsrfField token={ctx.csrfToken} />
      {children}
      <div>
        <button class="button" type="submit">
          {ctx.t(k(`requests.work.${action}`))}
        </button>
      </div>
    </form>
  );
}

export function RequestPage({
  ctx,
  view,
  problem,
  departments,
}: {
  ctx: PageContext;
  view: StaffRequestView;
  problem?: string | undefined;
  departments: { id: string; name: string; nameEn: string }[];
}) {
  const { t } = ctx;
  const n = view.number;
  const dept = (id: string) => (
    <div>
      <label for={`${id}-department`}>{t("requests.work.department")}</label>
      <select id={`${id}-department`} name="departmentId" required>
        {departments.map((d) => (
          <option key={d.id} value={d.id}>
            {ctx.locale === "en" ? d.nameEn : d.name}
          </option>
        ))}
      </select>
    </div>
  );
  const reason = (id: string) => (
    <div>
      <label for={`${id}-reason`}>{t("requests.work.reason")}</label>
      <textarea id={`${id}-reason`} name="reason" rows={2} />
    </div>
  );
  return (
    <>
      <h1>{t("requests.follow.title", { number: n })}</h1>
      {problem && (
        <div class="error-summary" role="alert" tabindex={-1}>
          <p>{problem}</p>
        </div>
      )}
      <dl class="facts">
        <dt>{t("requests.field.category")}</dt>
        <dd>{ctx.locale === "en" ? view.category.nameEn : view.category.name}</dd>
        <dt>{t("requests.view.state")}</dt>
        <dd>{t(k(`requests.state.${view.state}`))}</dd>
        <dt>{t("requests.view.due")}</dt>
        <dd>
          <When ctx={ctx} at={view.dueAt} day /> {view.overdue && t("requests.view.dueOver")}
        </dd>
        <dt>{t("requests.work.requester")}</dt>
        <dd>
          {view.requester.kind === "anonymous"
            ? t("requests.work.anonymous")
            : [view.requester.name, view.requester.phone, view.requester.email].filter(Boolean).join(" · ")}
        </dd>
        <dt>{t("requests.work.channel")}</dt>
        <dd>{view.channel}</dd>
        <dt>{t("requests.field.place")}</dt>
        <dd>{[view.regionCode, view.address].filter(Boolean).join(" · ")}</dd>
      </dl>
      <h2>{t("requests.field.text")}</h2>
      <p class="pre">{view.text}</p>
      <AttachmentList
        ctx={ctx}
        files={view.files}
        href={(f) => `/api/v1/work/requests/${view.number}/attachments/${f.sha256}`}
      />
      {view.reply && (
        <>
          <h2>{t("requests.view.reply")}</h2>
          <p class="pre">{view.reply.text}</p>
        </>
      )}
      {view.actions.includes("assign") && (
        <StepForm ctx={ctx} number={n} action="assign">
          {dept("assign")}
        </StepForm>
      )}
      {view.actions.includes("transfer") && (
        <StepForm ctx={ctx} number={n} action="transfer">
          {dept("transfer")}
          {reason("transfer")}
        </StepForm>
      )}
      {view.actions.includes("return") && (
        <StepForm ctx={ctx} number={n} action="return">
          {reason("return")}
        </StepForm>
      )}
      {view.actions.includes("reply") && (
        <StepForm ctx={ctx} number={n} action="reply">
          <div>
            <label for="reply-text">{t("requests.work.replyText")}</label>
            <textarea id="reply-text" name="text" rows={5} />
          </div>
          <div>
            <input type="checkbox" id="reply-public" name="public" value="true" />
            <label for="reply-public">{t("requests.work.public")}</label>
          </div>
        </StepForm>
      )}
      <h2>{t("requests.view.history")}</h2>
      <ol>
        {view.events.map((e) => (
          <li key={`${e.at.toISOString()}${e.action}`}>
            <When ctx={ctx} at={e.at} /> {t(k(`requests.action.${e.action}`))}
            {e.department ? ` · ${e.department.name}` : ""}
            {e.reason ? ` · ${e.reason}` : ""}
          </li>
        ))}
      </ol>
    </>
  );
}

export function RoutesPage({
  ctx,
  region,
  routes,
}: {
  ctx: PageContext;
  region: string;
  routes: RouteRecord[];
}) {
  const { t } = ctx;
  return (
    <>
      <h1>{t("requests.routes.title")}</h1>
      <p class="lead">{t("requests.routes.lead")}</p>
      {routes.length === 0 ? (
        <p>{t("requests.routes.none")}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("requests.routes.region")}</th>
              <th scope="col">{t("requests.field.category")}</th>
              <th scope="col">{t("requests.routes.department")}</th>
              <th scope="col">
                <span class="visually-hidden">{t("requests.routes.remove")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {routes.map((r) => (
              <tr key={r.id}>
                <td>{r.region_code}</td>
                <td>{r.category_code ?? t("requests.routes.anyCategory")}</td>
                <td>{ctx.locale === "en" ? r.department_name_en : r.department_name}</td>
                <td>
                  <form method="post" action={`${BASE}/routes/${r.id}/remove?region=${region}`}>
                    <CsrfField token={ctx.csrfToken} />
                    <button class="button secondary" type="submit">
                      {t("requests.routes.remove")}
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form class="stack" method="post" action={`${BASE}/routes?region=${region}`}>
        <CsrfField token={ctx.csrfToken} />
        <div>
          <label for="route-region">{t("requests.routes.region")}</label>
          <input id="route-region" name="regionCode" value={region} required />
        </div>
        <div>
          <label for="route-category">{t("requests.routes.category")}</label>
          <input id="route-category" name="categoryCode" />
        </div>
        <div>
          <label for="route-department">{t("requests.work.department")}</label>
          <input id="route-department" name="departmentId" required />
        </div>
        <div>
          <button class="button" type="submit">
            {t("requests.routes.save")}
          </button>
        </div>
      </form>
    </>
  );
}
