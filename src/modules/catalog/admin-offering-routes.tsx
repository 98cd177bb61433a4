import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyRequest } from "fastify";
import { Type } from "typebox";
import { errors, isAppError } from "../../platform/errors.ts";
import type { MessageKey } from "../../platform/i18n/index.ts";
import { isFieldsError } from "../applicants/errors.ts";
import { refusalOf, showItem } from "./admin-item-page.tsx";
import { fenOf } from "./admin-money.ts";
import { OFFERING_FIELDS, type OfferingField } from "./admin-offerings.tsx";
import { ADMIN, adminContext, errorsByField, itemPath, problemsAt } from "./admin-views.tsx";
import * as service from "./service.ts";

/** Adding an offering of an item, and withdrawing or restoring one, from the item's page. */

const text = Type.Optional(Type.String({ maxLength: 4000 }));
const CodeParams = Type.Object({ code: Type.String({ maxLength: 60 }) });
const origin = (request: FastifyRequest) => ({ requestId: request.id });

const WHOLE = /^\d{1,3}$/;

/** The offering form as the service takes it, and what the page itself finds wrong with it. */
function readOffering(values: Partial<Record<OfferingField, string>>) {
  const issues: { name: string; key: MessageKey }[] = [];
  const promised = values.promisedDays?.trim() ?? "";
  const fee = values.feeYuan?.trim() ?? "";
  if (promised !== "" && !WHOLE.test(promised))
    issues.push({ name: "offering.promisedDays", key: "catalogAdmin.problem.wholeNumber" });
  const feeFen = fee === "" ? null : fenOf(fee);
  if (feeFen === undefined) issues.push({ name: "offering.feeYuan", key: "catalogAdmin.problem.yuan" });
  return {
    issues,
    input: {
      regionCode: values.regionCode?.trim() ?? "",
      departmentId: values.departmentId?.trim() ?? "",
      promisedDays: promised !== "" && WHOLE.test(promised) ? Number(promised) : null,
      feeFen: feeFen ?? null,
      hallName: values.hallName ?? null,
      hallAddress: values.hallAddress ?? null,
      hours: values.hours ?? null,
      phone: values.phone ?? null,
    },
  };
}

export const catalogOfferingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.platform.database.db;

  app.post(
    `${ADMIN}/items/:code/offerings`,
    {
      config: { policy: "offering.manage" },
      schema: {
        hide: true,
        params: CodeParams,
        body: Type.Object(Object.fromEntries(OFFERING_FIELDS.map((f) => [`offering.${f}`, text]))),
      },
    },
    async (request, reply) => {
      const ctx = adminContext(request, reply);
      if (!ctx) return reply;
      const { code } = request.params;
      const body = request.body as Record<string, string | undefined>;
      const values = Object.fromEntries(
        OFFERING_FIELDS.map((f) => [f, body[`offering.${f}`] ?? ""]),
      ) as Record<OfferingField, string>;
      const { issues, input } = readOffering(values);
      const again = (
        status: number,
        found: { name: string; key: MessageKey; params?: Record<string, string | number> }[],
        message?: string,
      ) => {
        const problems = problemsAt(request.t, found);
        if (message)
          problems.unshift({
            name: "offering.departmentId",
            text: message,
            href: "#f-offering-departmentId",
          });
        const errors = errorsByField(problems);
        return showItem(db, request, reply.code(status), ctx, code, {
          offering: { values, errors, problems },
        });
      };
      if (issues.length > 0) return again(400, issues);
      await service.getItem(db, request.actor, code);
      try {
        await service.createOffering(db, request.actor, code, input, origin(request));
      } catch (error) {
        if (isFieldsError(error))
          return again(
            400,
            error.issues.map((i) => ({
              ...i,
              name: `offering.${i.field === "/feeFen" ? "feeYuan" : i.field.slice(1)}`,
            })),
          );
        if (isAppError(error) && error.status === 403)
          return again(403, [{ name: "offering.regionCode", key: "catalogAdmin.problem.regionNotYours" }]);
        const { status, refusal } = refusalOf(error, request);
        return again(status, [], refusal.message);
      }
      return reply.redirect(
        `${itemPath(code)}?done=offering-added&region=${encodeURIComponent(input.regionCode)}#offerings`,
        303,
      );
    },
  );

  app.post(
    `${ADMIN}/items/:code/offerings/:id/status`,
    {
      config: { policy: "offering.manage" },
      schema: {
        hide: true,
        params: Type.Object({ code: Type.String({ maxLength: 60 }), id: Type.String({ format: "uuid" }) }),
        body: Type.Object({ status: Type.Union([Type.Literal("active"), Type.Literal("withdrawn")]) }),
      },
    },
    async (request, reply) => {
      const ctx = adminContext(request, reply);
      if (!ctx) return reply;
      const { code, id } = request.params;
      const { status } = request.body;
      const offering = (await service.listOfferings(db, request.actor, code)).find((o) => o.id === id);
      if (!offering) throw errors.notFound("offering");
      try {
        await service.updateOffering(db, request.actor, offering.id, { status }, origin(request));
      } catch (error) {
        if (isFieldsError(error)) {
          const message = error.issues.map((i) => request.t(i.key, i.params)).join(" ");
          return showItem(db, request, reply.code(400), ctx, code, { refusal: { message } });
        }
        const refused = refusalOf(error, request);
        return showItem(db, request, reply.code(refused.status), ctx, code, { refusal: refused.refusal });
      }
      const done = status === "active" ? "offering-restored" : "offering-withdrawn";
      return reply.redirect(`${itemPath(code)}?done=${done}#offerings`, 303);
    },
  );
};
