import { isAppError } from "../../platform/errors.ts";
import type { Translate } from "../../platform/i18n/index.ts";
import { CsrfField, type PageContext } from "../../web/layout.tsx";
import { ErrorSummary, Field, type FormErrors, problemText } from "../applicants/form-kit.tsx";
import type { Credentials, Device } from "./devices.ts";
import { DEVICE_KINDS, type DeviceKind } from "./tables.ts";

/** What the administrator typed into the registration form. */
export interface RegisterValues {
  kind: string;
  name: string;
  compartments: string;
}

/** The registration form's state: what was typed and what was wrong with it. */
export interface Registering {
  values: RegisterValues;
  errors: FormErrors;
}

export const NOT_REGISTERING: Registering = {
  values: { kind: "kiosk", name: "", compartments: "" },
  errors: { fields: {} },
};

/**
 * The form's values as the service takes them, or the problems the page finds itself — every one at
 * once, under its field. What only the service knows (a name the site has) comes back from it.
 */
export function registration(
  values: RegisterValues,
  t: Translate,
): { kind: DeviceKind; name: string; compartments?: number } | FormErrors {
  const fields: Record<string, string> = {};
  const kind = DEVICE_KINDS.find((k) => k === values.kind) ?? "kiosk";
  const name = values.name.trim();
  if (name.length < 1 || name.length > 60) fields.name = t("device.problem.name");
  const typed = values.compartments.trim();
  let compartments: number | undefined;
  if (kind === "locker") {
    compartments = Number(typed);
    if (typed === "" || !Number.isInteger(compartments) || compartments < 1 || compartments > 200)
      fields.compartments = t("device.problem.lockerCompartments");
  } else if (typed !== "" && typed !== "0") {
    fields.compartments = t("device.problem.notLocker");
  }
  if (Object.keys(fields).length > 0) return { fields };
  return compartments === undefined ? { kind, name } : { kind, name, compartments };
}

/**
 * A refusal of the service, under the field it is about. Thrown on: what is not the reader's to
 * correct (5xx), and a site they may not manage (404, as if it were not there).
 */
export function registrationRefused(error: unknown, t: Translate): FormErrors {
  if (!isAppError(error) || error.status >= 500 || error.status === 404 || error.status === 403) throw error;
  if (error.code === "device_name_taken") return { fields: { name: problemText(error, t) } };
  if (error.code === "validation_failed") {
    return { fields: { compartments: t("device.problem.lockerCompartments") } };
  }
  return { fields: {}, form: problemText(error, t) };
}

/** The registration form, for administrators over the site's region. Works without JavaScript. */
export function RegisterForm({
  ctx,
  action,
  values,
  errors,
}: {
  ctx: PageContext;
  action: string;
  values: RegisterValues;
  errors: FormErrors;
}) {
  const { t } = ctx;
  return (
    <form method="post" action={action} class="stack" novalidate>
      <CsrfField token={ctx.csrfToken} />
      <ErrorSummary t={t} errors={errors} firstField="kind" />
      <label for="kind">{t("device.field.kind")}</label>
      <select id="kind" name="kind">
        {DEVICE_KINDS.map((kind) => (
          <option key={kind} value={kind} selected={values.kind === kind}>
            {t(`device.kind.${kind}`)}
          </option>
        ))}
      </select>
      <Field
        id="name"
        label={t("device.field.name")}
        hint={t("device.field.nameHint")}
        error={errors.fields.name}
        value={values.name}
        required
      />
      <Field
        id="compartments"
        label={t("device.field.compartments")}
        hint={t("device.field.compartmentsHint")}
        error={errors.fields.compartments}
        value={values.compartments}
        inputmode="numeric"
      />
      <button type="submit" class="button">
        {t("device.register.submit")}
      </button>
    </form>
  );
}

/** The settings of a device just registered: shown once (the page is sent `no-store`), with what to do. */
export function CredentialsShown({
  ctx,
  device,
  credentials,
  back,
}: {
  ctx: PageContext;
  device: Device;
  credentials: Credentials;
  back: string;
}) {
  const { t } = ctx;
  return (
    <>
      <p class="notice" role="status">
        {t("device.credentials.once")}
      </p>
      <div class="table-wrap">
        <table>
          <caption>{t("device.credentials.caption")}</caption>
          <tbody>
            <tr>
              <th scope="row">{t("device.field.kind")}</th>
              <td>{t(`device.kind.${device.kind}`)}</td>
            </tr>
            <tr>
              <th scope="row">{t("device.credentials.deviceId")}</th>
              <td>
                <code>{credentials.deviceId}</code>
              </td>
            </tr>
            <tr>
              <th scope="row">{t("device.credentials.secret")}</th>
              <td>
                <code>{credentials.secret}</code>
              </td>
            </tr>
            <tr>
              <th scope="row">{t("device.credentials.tongbanKey")}</th>
              <td>
                <code>{credentials.tongbanKey}</code>
              </td>
            </tr>
            {Object.entries(credentials.topics).map(([name, topic]) => (
              <tr key={name}>
                <th scope="row">{t("device.credentials.topic", { name })}</th>
                <td>
                  <code>{topic}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>{t("device.credentials.lost")}</p>
      <p>
        <a href={back}>{t("device.credentials.back")}</a>
      </p>
    </>
  );
}
