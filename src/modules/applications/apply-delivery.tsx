import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { ComponentChildren } from "preact";
import { Type } from "typebox";
import { isAppError } from "../../platform/errors.ts";
import type { Translate } from "../../platform/i18n/index.ts";
import type { PageContext } from "../../web/layout.tsx";
import { Field } from "../applicants/form-kit.tsx";
import type { Delivery } from "../cases/tables.ts";
import { Zh } from "../catalog/public-views.tsx";
import { applicableOffering, type OfferingRecord } from "../catalog/service.ts";
import {
  ApplyHead,
  changeable,
  Id,
  type Loaded,
  loadView,
  type Problem,
  ProblemList,
  paths,
  StepForm,
  show,
  titled,
} from "./apply-kit.tsx";
import { saveDraft } from "./service.ts";

const text = Type.Optional(Type.String({ maxLength: 1000 }));
const DeliveryBody = Type.Object({ method: text, address: text, recipient: text, phone: text });

const METHODS = ["download", "post", "pickup"] as const;
/** The longest each detail may be, as the draft's schema allows. */
const LIMITS = { address: 200, recipient: 60, phone: 20 } as const;
type Detail = keyof typeof LIMITS;
const DETAILS = Object.keys(LIMITS) as Detail[];

type Values = Partial<Record<"method" | Detail, string>>;

/** The hall where a result is picked up: the offering's, while it still takes applications. */
async function hallOf(db: Parameters<typeof applicableOffering>[0], offeringId: string) {
  try {
    return (await applicableOffering(db, offeringId)).offering;
  } catch (error) {
    if (isAppError(error) && error.status < 500) return undefined;
    throw error;
  }
}

export function hallText(ctx: PageContext, hall: OfferingRecord | undefined) {
  if (!hall) return ctx.t("apply.delivery.pickupHere");
  return (
    <Zh ctx={ctx}>
      {hall.hallName ?? hall.departmentName}
      {hall.hallAddress ? ` · ${hall.hallAddress}` : ""}
      {hall.hours ? ` · ${hall.hours}` : ""}
    </Zh>
  );
}

/** A delivery as a sentence of the check page; none chosen is a download, as submission takes it. */
export function deliveryText(t: Translate, delivery: Delivery | null): string {
  if (!delivery) return t("apply.delivery.download");
  if (delivery.method === "post") {
    return t("apply.delivery.postTo", {
      address: delivery.address ?? "",
      recipient: delivery.recipient ?? "",
      phone: delivery.phone ?? "",
    });
  }
  return t(`apply.delivery.${delivery.method}`);
}

function DeliveryStep({
  ctx,
  loaded,
  hall,
  values,
  errors,
}: {
  ctx: PageContext;
  loaded: Loaded;
  hall: OfferingRecord | undefined;
  values: Values;
  errors: Record<string, string>;
}) {
  const { t } = ctx;
  const { view } = loaded;
  const summary: Problem[] = Object.entries(errors).map(([field, message]) => ({
    href: `#d-${field}`,
    text: message,
  }));
  const hints: Record<(typeof METHODS)[number], ComponentChildren> = {
    download: t("apply.delivery.downloadHint"),
    post: t("apply.delivery.postHint"),
    pickup: hallText(ctx, hall),
  };
  return (
    <>
      <ApplyHead ctx={ctx} loaded={loaded} here="delivery" title={t("apply.step.delivery")} />
      <ProblemList ctx={ctx} problems={summary} refused />
      <StepForm ctx={ctx} action={paths.delivery(view.id)} class="stack apply-form">
        <fieldset
          class={errors.method ? "form-field field-error" : "form-field"}
          id="d-method"
          aria-describedby={errors.method ? "d-method-error" : undefined}
        >
          <legend>{t("apply.delivery.how")}</legend>
          {errors.method && (
            <span class="error-message" id="d-method-error">
              {errors.method}
            </span>
          )}
          <div class="choices">
            {METHODS.map((method) => (
              <div class="choice" key={method}>
                <input
                  type="radio"
                  id={`d-method-${method}`}
                  name="method"
                  value={method}
                  checked={values.method === method}
                  aria-describedby={`d-method-${method}-hint`}
                />
                <label for={`d-method-${method}`}>{t(`apply.delivery.${method}`)}</label>
                <span class="hint" id={`d-method-${method}-hint`}>
                  {hints[method]}
                </span>
              </div>
            ))}
          </div>
        </fieldset>
        <p class="hint">{t("apply.delivery.postOnly")}</p>
        {DETAILS.map((detail) => (
          <Field
            key={detail}
            id={`d-${detail}`}
            name={detail}
            label={t(`apply.delivery.${detail}`)}
            value={values[detail]}
            error={errors[detail]}
            autocomplete={detail === "phone" ? "tel" : detail === "recipient" ? "name" : "street-address"}
            inputmode={detail === "phone" ? "tel" : undefined}
          />
        ))}
      </StepForm>
    </>
  );
}

/** How the result reaches the applicant: downloaded, posted, or picked up at the offering's hall. */
export const applyDeliveryPages: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.platform.database.db;

  async function render(
    request: FastifyRequest,
    reply: FastifyReply,
    loaded: Loaded,
    values: Values,
    errors: Record<string, string>,
  ) {
    const hall = await hallOf(db, loaded.view.offeringId);
    const refused = Object.keys(errors).length > 0;
    return show(
      request,
      reply,
      (c) => titled(c.t, c.t("apply.step.delivery"), refused),
      (ctx) => <DeliveryStep ctx={ctx} loaded={loaded} hall={hall} values={values} errors={errors} />,
    );
  }

  app.get(
    "/applications/:id/delivery",
    { config: { policy: "application.edit" }, schema: { hide: true, params: Type.Object({ id: Id }) } },
    async (request, reply) => {
      const loaded = await changeable(db, request, reply, request.params.id, request.url);
      if (!loaded) return reply;
      const d = loaded.view.delivery;
      return render(request, reply, loaded, { method: d?.method ?? "download", ...d }, {});
    },
  );

  app.post(
    "/applications/:id/delivery",
    {
      config: { policy: "application.edit" },
      schema: { hide: true, params: Type.Object({ id: Id }), body: DeliveryBody },
    },
    async (request, reply) => {
      const { id } = request.params;
      const loaded = await changeable(db, request, reply, id, paths.delivery(id));
      if (!loaded) return reply;
      const t = request.t;
      const values: Values = {
        method: request.body.method,
        ...Object.fromEntries(DETAILS.map((d) => [d, request.body[d]?.trim() ?? ""])),
      };
      const errors: Record<string, string> = {};
      const method = METHODS.find((m) => m === values.method);
      if (!method) errors.method = t("apply.delivery.chooseMethod");
      for (const detail of DETAILS) {
        if ((values[detail] ?? "").length > LIMITS[detail]) {
          errors[detail] = t("apply.problem.maxLength", {
            label: t(`apply.delivery.${detail}`),
            limit: LIMITS[detail],
          });
        }
      }
      if (!method || Object.keys(errors).length > 0) {
        reply.code(400);
        return render(request, reply, loaded, values, errors);
      }
      const delivery: Delivery =
        method === "post"
          ? {
              method,
              address: values.address ?? "",
              recipient: values.recipient ?? "",
              phone: values.phone ?? "",
            }
          : { method };
      const { problems } = await saveDraft(db, request.actor, id, { delivery });
      if (problems.length === 0) return reply.redirect(paths.check(id), 303);
      for (const p of problems) {
        const detail = p.field.replace(/^\/delivery\//, "");
        errors[detail] = t(
          detail === "address"
            ? "apply.problem.address"
            : detail === "recipient"
              ? "apply.problem.recipient"
              : "apply.problem.phone",
        );
      }
      reply.code(400);
      return render(request, reply, await loadView(db, request.actor, id), values, errors);
    },
  );
};
