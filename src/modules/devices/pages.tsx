import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import type { Locale } from "../../platform/config.ts";
import { isAppError } from "../../platform/errors.ts";
import { hasMessage } from "../../platform/i18n/index.ts";
import { authorize, can } from "../../platform/policy.ts";
import { CsrfField, type PageContext } from "../../web/layout.tsx";
import { pageContext, sendPage } from "../../web/render.tsx";
import { getSite, type Site } from "../halls/sites.ts";
import { bridgeOf } from "./bridge.ts";
import { type Device, listDevices, registerDevice } from "./devices.ts";
import { assignLocker, type LockerItem, waitingItems } from "./lockers.ts";
import {
  CredentialsShown,
  NOT_REGISTERING,
  RegisterForm,
  type Registering,
  registration,
  registrationRefused,
} from "./register-form.tsx";

const pathOf = (code: string) => `/work/halls/${code}/devices`;

function when(iso: string | null, locale: Locale): string | null {
  if (!iso) return null;
  return new Intl.DateTimeFormat(locale === "en" ? "en-GB" : "zh-CN", {
    timeZone: "Asia/Shanghai",
    dateStyle: "medium",
    timeStyle: "short",
  }).format(new Date(iso));
}

interface FormState {
  values: { caseNumber: string; device: string; compartment: string };
  /** A problem of one field, or of the whole form. */
  problem?: { field: "caseNumber" | "device" | "compartment"; message: string };
}

function DeviceTable({ ctx, devices }: { ctx: PageContext; devices: Device[] }) {
  const { t, locale } = ctx;
  if (devices.length === 0) return <p>{t("device.page.none")}</p>;
  return (
    <div class="table-wrap">
      <table>
        <caption>{t("device.page.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("device.col.name")}</th>
            <th scope="col">{t("device.col.kind")}</th>
            <th scope="col">{t("device.col.status")}</th>
            <th scope="col">{t("device.col.lastSeen")}</th>
            <th scope="col">{t("device.col.compartments")}</th>
          </tr>
        </thead>
        <tbody>
          {devices.map((d) => (
            <tr key={d.id}>
              <th scope="row">{d.name}</th>
              <td>{t(`device.kind.${d.kind}`)}</td>
              <td>
                <span class={`tag status-${d.status}`}>{t(`device.status.${d.status}`)}</span>
              </td>
              <td>{when(d.lastSeenAt, locale) ?? t("device.never")}</td>
              <td>{d.kind === "locker" ? d.compartments : t("device.never")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function LockerForm({
  ctx,
  site,
  lockers,
  form,
}: {
  ctx: PageContext;
  site: Site;
  lockers: Device[];
  form: FormState;
}) {
  const { t } = ctx;
  if (lockers.length === 0) return <p>{t("locker.page.noLocker")}</p>;
  const problem = form.problem;
  const invalid = (field: string) =>
    problem?.field === field ? { "aria-invalid": "true" as const, "aria-describedby": `${field}-error` } : {};
  const error = (field: string) =>
    problem?.field === field ? (
      <p class="error-message" id={`${field}-error`}>
        {problem.message}
      </p>
    ) : null;
  return (
    <form method="post" action={`${pathOf(site.code)}/locker-items`} class="stack">
      <CsrfField token={ctx.csrfToken} />
      {problem && (
        <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex={-1}>
          <h2 id="error-summary-title">{t("locker.page.errorSummary")}</h2>
          <ul>
            <li>
              <a href={`#${problem.field}`}>{problem.message}</a>
            </li>
          </ul>
        </div>
      )}
      <label for="caseNumber">{t("locker.field.case")}</label>
      {error("caseNumber")}
      <input
        type="text"
        id="caseNumber"
        name="caseNumber"
        inputMode="numeric"
        required
        maxLength={26}
        value={form.values.caseNumber}
        {...invalid("caseNumber")}
      />
      <label for="device">{t("locker.field.locker")}</label>
      {error("device")}
      <select id="device" name="device" {...invalid("device")}>
        {lockers.map((l) => (
          <option key={l.id} value={l.id} selected={form.values.device === l.id}>
            {`${l.name} (1–${l.compartments})`}
          </option>
        ))}
      </select>
      <label for="compartment">{t("locker.field.compartment")}</label>
      {error("compartment")}
      <input
        type="number"
        id="compartment"
        name="compartment"
        min={1}
        max={200}
        required
        value={form.values.compartment}
        {...invalid("compartment")}
      />
      <button type="submit" class="button">
        {t("locker.page.submit")}
      </button>
    </form>
  );
}

function WaitingTable({ ctx, items, devices }: { ctx: PageContext; items: LockerItem[]; devices: Device[] }) {
  const { t, locale } = ctx;
  if (items.length === 0) return <p>{t("locker.page.noWaiting")}</p>;
  const name = (id: string) => devices.find((d) => d.id === id)?.name ?? "";
  return (
    <div class="table-wrap">
      <table>
        <caption>{t("locker.page.waitingCaption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("locker.col.compartment")}</th>
            <th scope="col">{t("locker.col.case")}</th>
            <th scope="col">{t("locker.col.since")}</th>
            <th scope="col">{t("locker.col.expires")}</th>
            <th scope="col">{t("locker.col.attempts")}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((i) => (
            <tr key={i.id}>
              <th scope="row">{`${name(i.deviceId)} · ${i.compartment}`}</th>
              <td>{i.caseNumber}</td>
              <td>{when(i.assignedAt, locale)}</td>
              <td>{when(i.expiresAt, locale)}</td>
              <td>{i.failedAttempts}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const EMPTY: FormState = { values: { caseNumber: "", device: "", compartment: "" } };

/**
 * The hall's devices for its staff (/work/halls/{code}/devices): which are online and when each was
 * last seen, what waits in the lockers, for window clerks the form that records an item put into a
 * locker, which sends the applicant their pick-up code, and for administrators the form that registers
 * a device and shows its settings once.
 */
export const devicesPages: FastifyPluginAsyncTypebox = async (app) => {
  const { platform } = app;
  const db = platform.database.db;

  async function render(
    request: FastifyRequest,
    reply: FastifyReply,
    code: string,
    form: FormState,
    placed?: string,
    registering: Registering = NOT_REGISTERING,
  ) {
    const { site, devices } = await listDevices(db, request.actor, code);
    const items = await waitingItems(db, site);
    const ctx = pageContext(request, reply, true);
    const { t, locale } = ctx;
    const siteName = locale === "en" ? site.nameEn || site.name : site.name;
    const title = t("device.page.title", { site: siteName });
    const lockers = devices.filter((d) => d.kind === "locker");
    if (form.problem || registering.errors.form || Object.keys(registering.errors.fields).length > 0)
      reply.code(400);
    return sendPage(
      reply,
      ctx,
      title,
      <>
        <h1>{title}</h1>
        <p class="lead">{t("device.page.lead")}</p>
        {placed && (
          <p class="notice" role="status">
            {placed}
          </p>
        )}
        <DeviceTable ctx={ctx} devices={devices} />
        <h2>{t("locker.page.waiting")}</h2>
        <WaitingTable ctx={ctx} items={items} devices={devices} />
        {can(request.actor, "locker.assign", { regionCode: site.regionCode }) && (
          <>
            <h2>{t("locker.page.heading")}</h2>
            <p>{t("locker.page.lead")}</p>
            <LockerForm ctx={ctx} site={site} lockers={lockers} form={form} />
          </>
        )}
        {can(request.actor, "site.manage", { regionCode: site.regionCode }) && (
          <>
            <h2>{t("device.register.heading")}</h2>
            <p>{t("device.register.lead")}</p>
            <RegisterForm
              ctx={ctx}
              action={pathOf(site.code)}
              values={registering.values}
              errors={registering.errors}
            />
          </>
        )}
      </>,
    );
  }

  const Params = Type.Object({ code: Type.String({ pattern: "^[a-z0-9][a-z0-9-]{1,59}$" }) });

  app.get(
    "/work/halls/:code/devices",
    {
      config: { policy: "device.read" },
      schema: {
        hide: true,
        params: Params,
        querystring: Type.Object({
          placed: Type.Optional(Type.String({ maxLength: 26 })),
          locker: Type.Optional(Type.String({ maxLength: 60 })),
          compartment: Type.Optional(Type.String({ maxLength: 3 })),
        }),
      },
    },
    async (request, reply) => {
      const { code } = request.params;
      if (request.actor.kind !== "staff")
        return reply.redirect(`/signin?next=${encodeURIComponent(pathOf(code))}`, 303);
      const q = request.query;
      const placed =
        q.placed && q.locker && q.compartment
          ? request.t("locker.page.placed", {
              number: q.placed,
              locker: q.locker,
              compartment: q.compartment,
            })
          : undefined;
      return render(request, reply, code, EMPTY, placed);
    },
  );

  app.post(
    "/work/halls/:code/devices/locker-items",
    {
      config: { policy: "locker.assign" },
      schema: {
        hide: true,
        params: Params,
        body: Type.Object({
          caseNumber: Type.String({ maxLength: 60 }),
          device: Type.String({ maxLength: 60 }),
          compartment: Type.String({ maxLength: 10 }),
          _csrf: Type.Optional(Type.String()),
        }),
      },
    },
    async (request, reply) => {
      const { code } = request.params;
      if (request.actor.kind !== "staff")
        return reply.redirect(`/signin?next=${encodeURIComponent(pathOf(code))}`, 303);
      const { caseNumber, device, compartment } = request.body;
      const values = { caseNumber: caseNumber.trim(), device, compartment: compartment.trim() };
      const t = request.t;
      const refuse = (field: "caseNumber" | "device" | "compartment", message: string) =>
        render(request, reply, code, { values, problem: { field, message } });
      const number = Number(values.compartment);
      if (!Number.isInteger(number) || number < 1)
        return refuse("compartment", t("locker.page.noSuchCompartment"));
      try {
        const { item, site, locker, codeHash } = await assignLocker(
          db,
          platform,
          request.actor,
          code,
          { caseNumber: values.caseNumber, deviceId: device, compartment: number },
          request.id,
        );
        bridgeOf(platform)?.tellLocker(site, locker, item, codeHash);
        const query = new URLSearchParams({
          placed: item.caseNumber,
          locker: locker.name,
          compartment: String(item.compartment),
        });
        return reply.redirect(`${pathOf(code)}?${query}`, 303);
      } catch (error) {
        if (!isAppError(error) || error.status >= 500) throw error;
        if (error.code === "validation_failed") {
          return refuse("compartment", t("locker.page.noSuchCompartment"));
        }
        if (error.code === "not_found") {
          // The site was found to render the form; what is missing is the case (or the locker).
          return refuse("caseNumber", t("locker.page.caseNotFound"));
        }
        if (error.code === "case_action_not_allowed")
          return refuse("caseNumber", t("locker.page.notWaiting"));
        const key = `error.${error.code}`;
        const message = hasMessage(key) ? t(key, error.extra.params ?? {}) : error.message;
        return refuse(error.code === "device_compartment_taken" ? "compartment" : "caseNumber", message);
      }
    },
  );
  app.post(
    "/work/halls/:code/devices",
    {
      config: { policy: "site.manage" },
      schema: {
        hide: true,
        params: Params,
        body: Type.Object({
          kind: Type.String({ maxLength: 20 }),
          name: Type.String({ maxLength: 200 }),
          compartments: Type.Optional(Type.String({ maxLength: 10 })),
          _csrf: Type.Optional(Type.String()),
        }),
      },
      // The answer holds the device's secret: no cache and no back-button copy may keep it.
      onSend: async (_request, reply, payload) => {
        reply.header("cache-control", "no-store");
        return payload;
      },
    },
    async (request, reply) => {
      const { code } = request.params;
      if (request.actor.kind !== "staff")
        return reply.redirect(`/signin?next=${encodeURIComponent(pathOf(code))}`, 303);
      const values = {
        kind: request.body.kind,
        name: request.body.name,
        compartments: request.body.compartments ?? "",
      };
      // Someone who may not manage the site learns nothing from the form's checks: 404 first.
      authorize(request.actor, "site.manage", { regionCode: (await getSite(db, code)).regionCode });
      const input = registration(values, request.t);
      if ("fields" in input) return render(request, reply, code, EMPTY, undefined, { values, errors: input });
      let registered: Awaited<ReturnType<typeof registerDevice>>;
      try {
        registered = await registerDevice(db, platform, request.actor, code, input, request.id);
      } catch (error) {
        const errors = registrationRefused(error, request.t);
        return render(request, reply, code, EMPTY, undefined, { values, errors });
      }
      const ctx = pageContext(request, reply, true);
      const title = ctx.t("device.credentials.title", { name: registered.device.name });
      return sendPage(
        reply.code(201),
        ctx,
        title,
        <>
          <h1>{title}</h1>
          <CredentialsShown
            ctx={ctx}
            device={registered.device}
            credentials={registered.credentials}
            back={pathOf(code)}
          />
        </>,
      );
    },
  );
};
