import { randomBytes } from "node:crypto";
import multipart from "@fastify/multipart";
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { type AppError, isAppError } from "../../platform/errors.ts";
import { assetBody } from "../../web/assets.ts";
import { pageContext, sendPage } from "../../web/render.tsx";
import { problemText } from "../applicants/form-kit.tsx";
import { answersFromForm, type Posted, problemWords } from "../applications/apply-values.ts";
import { formFields } from "../bundles/definition.ts";
import { inLocale } from "../catalog/form-render.tsx";
import { offeringsForPeople } from "../catalog/offerings.ts";
import { applicableOffering } from "../catalog/service.ts";
import { myPoints, requireAgentAt } from "./agents.ts";
import { handOver } from "./handover.ts";
import { takeIn } from "./intake.ts";
import { pointsStaffPages } from "./staff-pages.tsx";
import { ChooseItem, IntakeForm, type IntakeState, MyPoints, PointHome, pointPath } from "./views.tsx";
import { agentWorklist } from "./work.ts";

/** The most an intake's materials may weigh in one post: the API's bound. */
const MAX_BYTES = 30 * 1024 * 1024;
const Code = Type.String({ pattern: "^[a-z0-9][a-z0-9-]{1,59}$" });
const Uuid = Type.String({ format: "uuid" });
const ASSETS = { scripts: ["outbox.js"] };

function signIn(reply: FastifyReply, back: string) {
  return reply.redirect(`/account/signin?next=${encodeURIComponent(back)}`, 303);
}

/** A fresh form token: the intake's Idempotency-Key, so a resent post opens nothing twice. */
const newToken = () => `point-${randomBytes(12).toString("hex")}`;

/** The service worker's answer for a script fetch or an outbox send: JSON, never a page. */
const wantsJson = (request: FastifyRequest) => (request.headers.accept ?? "").includes("application/json");

/**
 * The agent's pages at a village or community service point (便民服务站): their worklist with the
 * results to bring to the village, the item to take in, and the one-page intake — which works without
 * JavaScript, and with it keeps working offline (the outbox and the service worker of offline.ts).
 */
export const pointsPages: FastifyPluginAsyncTypebox = async (app) => {
  const { database, config, jobs } = app.platform;
  const db = database.db;
  const deps = (request: FastifyRequest) => ({ jobs, config, requestId: request.id });
  await app.register(pointsStaffPages);

  app.get("/points", { config: { policy: "point.act" }, schema: { hide: true } }, async (request, reply) => {
    if (request.actor.kind !== "person") return signIn(reply, "/points");
    const points = await myPoints(db, request.actor);
    if (points.length === 1 && points[0]) return reply.redirect(pointPath(points[0].code), 303);
    const ctx = pageContext(request, reply);
    return sendPage(reply, ctx, request.t("point.mine.title"), <MyPoints ctx={ctx} points={points} />);
  });

  // Served from /points/ so that it may look after every page below it, and nothing else.
  app.get(
    "/points/sw.js",
    { config: { policy: "public" }, schema: { hide: true } },
    async (_request, reply) =>
      reply
        .type("text/javascript; charset=utf-8")
        .header("cache-control", "no-cache")
        .header("service-worker-allowed", "/points/")
        .send(assetBody("points-sw.js")),
  );

  app.get(
    "/points/:code",
    {
      config: { policy: "point.act" },
      schema: {
        hide: true,
        params: Type.Object({ code: Code }),
        querystring: Type.Object({ taken: Type.Optional(Type.String({ pattern: "^\\d{14,26}$" })) }),
      },
    },
    async (request, reply) => {
      if (request.actor.kind !== "person") return signIn(reply, request.url);
      const point = await requireAgentAt(db, request.actor, request.params.code);
      const cases = await agentWorklist(db, request.actor, point.code, { limit: 100, offset: 0 });
      const ctx = pageContext(request, reply, true);
      return sendPage(
        reply,
        ctx,
        ctx.locale === "en" && point.nameEn ? point.nameEn : point.name,
        <PointHome ctx={ctx} point={point} cases={cases} taken={request.query.taken} />,
        ASSETS,
      );
    },
  );

  app.get(
    "/points/:code/intake",
    { config: { policy: "point.act" }, schema: { hide: true, params: Type.Object({ code: Code }) } },
    async (request, reply) => {
      if (request.actor.kind !== "person") return signIn(reply, request.url);
      const point = await requireAgentAt(db, request.actor, request.params.code);
      const offerings = await offeringsForPeople(db, point.regionCode);
      const ctx = pageContext(request, reply);
      return sendPage(
        reply,
        ctx,
        request.t("point.intake.choose"),
        <ChooseItem ctx={ctx} point={point} offerings={offerings} />,
        ASSETS,
      );
    },
  );

  async function showIntake(
    request: FastifyRequest,
    reply: FastifyReply,
    code: string,
    offeringId: string,
    state: IntakeState,
  ) {
    const point = await requireAgentAt(db, request.actor, code);
    const { content } = await applicableOffering(db, offeringId);
    const itemName = inLocale(content.name, request.locale);
    const ctx = pageContext(request, reply, true);
    return sendPage(
      reply,
      ctx,
      request.t("point.intake.title", { item: itemName }),
      <IntakeForm
        ctx={ctx}
        point={point}
        offeringId={offeringId}
        itemName={itemName}
        content={content}
        state={state}
      />,
      { ...ASSETS, styles: ["apply.css"] },
    );
  }

  app.get(
    "/points/:code/intake/:offering",
    {
      config: { policy: "point.act" },
      schema: { hide: true, params: Type.Object({ code: Code, offering: Uuid }) },
    },
    async (request, reply) => {
      if (request.actor.kind !== "person") return signIn(reply, request.url);
      return showIntake(request, reply, request.params.code, request.params.offering, {
        values: {},
        errors: {},
        others: [],
        token: newToken(),
      });
    },
  );

  app.post(
    "/points/:code/cases/:id/handover",
    {
      config: { policy: "point.act" },
      schema: { hide: true, params: Type.Object({ code: Code, id: Uuid }) },
    },
    async (request, reply) => {
      if (request.actor.kind !== "person") return signIn(reply, pointPath(request.params.code));
      await handOver(db, deps(request), request.actor, request.params.code, request.params.id);
      return reply.redirect(pointPath(request.params.code), 303);
    },
  );

  await app.register(async (scope) => {
    await scope.register(multipart, {
      throwFileSizeLimit: false,
      limits: { files: 20, fields: 200, fieldSize: 800_000, fieldNameSize: 100, parts: 240, headerPairs: 20 },
    });
    // The token check runs before the multipart body is read and reads headers: hand it over as one.
    scope.addHook("preValidation", async (request) => {
      const token = (request.query as { _csrf?: unknown })._csrf;
      if (typeof token === "string" && request.isMultipart()) {
        request.headers = { ...request.headers, "x-csrf-token": token };
      }
    });
    scope.withTypeProvider<TypeBoxTypeProvider>().post(
      "/points/:code/intake/:offering",
      {
        bodyLimit: MAX_BYTES,
        config: { policy: "point.act" },
        schema: {
          hide: true,
          params: Type.Object({ code: Code, offering: Uuid }),
          querystring: Type.Object({ _csrf: Type.Optional(Type.String({ maxLength: 200 })) }),
        },
      },
      async (request, reply) => {
        const { code, offering } = request.params;
        if (request.actor.kind !== "person") return signIn(reply, `${pointPath(code)}/intake/${offering}`);
        const { content } = await applicableOffering(db, offering);
        const posted: Posted = {};
        const files: { key: string; fileName: string | undefined; content: Buffer }[] = [];
        for await (const part of request.parts({ limits: { fileSize: MAX_BYTES } })) {
          if (part.type === "file") {
            const bytes = await part.toBuffer();
            if (bytes.length > 0 && part.fieldname.startsWith("m_")) {
              files.push({
                key: part.fieldname.slice(2),
                fileName: part.filename || undefined,
                content: bytes,
              });
            }
            continue;
          }
          const value = String(part.value);
          const before = posted[part.fieldname];
          posted[part.fieldname] =
            before === undefined ? value : [...(Array.isArray(before) ? before : [before]), value];
        }
        const text = (name: string) =>
          typeof posted[name] === "string" ? (posted[name] as string).trim() : "";
        const fields = formFields(content.form);
        const answers = Object.fromEntries(
          Object.entries(answersFromForm(content.form, fields, posted)).filter(
            ([, v]) => v !== undefined && v !== null && v !== "",
          ),
        );
        const token = text("_token") || newToken();
        // A signature drawn on the pad comes as a data URL of a PNG.
        const signature = text("signature").replace(/^data:image\/png;base64,/, "");
        try {
          const result = await takeIn(
            db,
            deps(request),
            request.actor,
            code,
            {
              principal: { idNumber: text("principalIdNumber"), name: text("principalName") },
              signature: signature ? Buffer.from(signature, "base64") : undefined,
              offeringId: offering,
              answers,
              materials: files,
              delivery: { method: text("delivery") === "download" ? "download" : "pickup" },
            },
            token,
          );
          if (wantsJson(request)) {
            return reply.code(result.created ? 201 : 200).send({
              caseId: result.row.id,
              number: result.row.number,
              progress: `/cases/${result.row.number}`,
            });
          }
          return reply.redirect(`${pointPath(code)}?taken=${result.row.number}`, 303);
        } catch (error) {
          if (!isAppError(error) || error.status >= 500) throw error;
          if (wantsJson(request)) throw error;
          const state = refusal(request, error, content.form, answers, fields, token);
          reply.code(error.status);
          return showIntake(request, reply, code, offering, {
            ...state,
            values: { ...posted, signature: "" },
          });
        }
      },
    );
  });
};

/** A refused intake in the agent's words: each field's problem under it, the rest at the top. */
function refusal(
  request: FastifyRequest,
  error: AppError,
  form: Parameters<typeof problemWords>[0],
  answers: Record<string, unknown>,
  fields: string[],
  token: string,
): Omit<IntakeState, "values"> {
  const errors: Record<string, string> = {};
  const others: IntakeState["others"] = [];
  const words = problemWords(form, answers, fields, request.t, request.locale);
  for (const p of error.extra.fields ?? []) {
    const answer = /^\/answers\/(.+)$/.exec(p.field)?.[1];
    if (answer && fields.includes(answer)) {
      errors[`f-${answer}`] ??= words[answer] ?? p.message;
      continue;
    }
    const material = /^\/materials\/(.+)$/.exec(p.field)?.[1];
    if (material) {
      others.push({ id: `m-${material}`, text: p.message });
      continue;
    }
    if (p.field === "/principal/name") errors.principalName = request.t("point.problem.name");
    else others.push({ id: "intake", text: `${p.field}: ${p.message}` });
  }
  if (!error.extra.fields)
    others.push({
      id: error.code === "point_no_mandate" ? "consent" : "intake",
      text: problemText(error, request.t),
    });
  return { errors, others, token };
}
