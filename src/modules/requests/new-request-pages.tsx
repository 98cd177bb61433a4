import multipart from "@fastify/multipart";
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { pageContext, sendPage } from "../../web/render.tsx";
import { type FormErrors, formErrors, NO_ERRORS, type Values } from "../applicants/form-kit.tsx";
import { NEW, NewRequestPage } from "./citizen-views.tsx";
import { ATTACHMENT_BYTES, type FilingInput, MAX_ATTACHMENTS } from "./filing.ts";
import { fileFromForm } from "./form-filing.ts";
import { placeStep } from "./places.ts";
import { FILING_LIMIT } from "./present.ts";
import type { ContactPreference } from "./tables.ts";
import { listCategories } from "./views.ts";

const FIELDS = [
  "category",
  "text",
  "regionCode",
  "address",
  "lat",
  "long",
  "contactPreference",
  "name",
  "phone",
  "email",
  "anonymous",
] as const;
type Attachment = NonNullable<FilingInput["attachments"]>[number];

const numberOrNull = (raw: string | undefined) => {
  const value = raw?.trim();
  return value ? Number(value) : null;
};

const inputOf = (values: Values, attachments: Attachment[]): FilingInput => ({
  category: values.category ?? "",
  text: values.text ?? "",
  regionCode: values.regionCode ?? "",
  lat: numberOrNull(values.lat),
  long: numberOrNull(values.long),
  address: values.address ?? null,
  contactPreference: (values.contactPreference ?? "none") as ContactPreference,
  anonymous: values.anonymous === "true",
  contact: { name: values.name, phone: values.phone, email: values.email },
  attachments,
});

/**
 * The form's fields and files. A file over the limit is kept cut a byte past it, enough to be refused as
 * too large without holding the rest; a file past the count stops the reading (the file field is the
 * form's last, so every typed field has arrived by then) and is refused as one too many.
 */
async function readForm(request: FastifyRequest): Promise<{ values: Values; files: Attachment[] }> {
  const values: Values = {};
  const keep = (name: string, value: unknown) => {
    if ((FIELDS as readonly string[]).includes(name) && typeof value === "string") values[name] = value;
  };
  if (!request.isMultipart()) {
    for (const [name, value] of Object.entries((request.body ?? {}) as Record<string, unknown>))
      keep(name, value);
    return { values, files: [] };
  }
  const files: Attachment[] = [];
  try {
    for await (const part of request.parts({ limits: { fileSize: ATTACHMENT_BYTES + 1 } })) {
      if (part.type === "field") {
        keep(part.fieldname, part.value);
        continue;
      }
      const content = await part.toBuffer();
      // A form sent with no file chosen still has the file part: no name and no content.
      if (content.length > 0 || part.filename) files.push({ fileName: part.filename, content });
    }
  } catch (error) {
    if ((error as { code?: string }).code !== "FST_FILES_LIMIT") throw error;
    files.push({ content: Buffer.alloc(0) });
  }
  return { values, files };
}

/** The form to file a request: no script needed, its attachments sent in the same post. */
export const newRequestPages: FastifyPluginAsyncTypebox = async (app) => {
  const { database, jobs, config } = app.platform;
  const db = database.db;

  async function showNew(
    request: FastifyRequest,
    reply: FastifyReply,
    near: string | undefined,
    values: Values,
    errors: FormErrors,
  ) {
    const ctx = pageContext(request, reply, true);
    const [categories, place] = await Promise.all([listCategories(db), placeStep(db, near)]);
    return sendPage(
      reply,
      ctx,
      request.t("requests.new.title"),
      <NewRequestPage ctx={ctx} categories={categories} place={place} values={values} errors={errors} />,
    );
  }

  app.get(
    NEW,
    {
      config: { policy: "request.file" },
      schema: {
        hide: true,
        querystring: Type.Object({ near: Type.Optional(Type.String({ maxLength: 12 })) }),
      },
    },
    async (request, reply) => {
      const near = request.query.near;
      const place = await placeStep(db, near);
      const errors = place.unknown ? { fields: { near: request.t("requests.problem.region") } } : NO_ERRORS;
      return showNew(request, reply.code(place.unknown ? 400 : 200), near, {}, errors);
    },
  );

  await app.register(async (scope) => {
    await scope.register(multipart, {
      throwFileSizeLimit: false,
      limits: {
        files: MAX_ATTACHMENTS + 1,
        fields: 20,
        fieldSize: 10_000,
        fieldNameSize: 100,
        parts: 24,
        headerPairs: 20,
      },
    });
    // The token check runs before the multipart body is read: the form sends its token in the address.
    scope.addHook("preValidation", async (request) => {
      const token = (request.query as { _csrf?: unknown })._csrf;
      if (typeof token === "string" && request.isMultipart())
        request.headers = { ...request.headers, "x-csrf-token": token };
    });
    scope.withTypeProvider<TypeBoxTypeProvider>().post(
      "/requests",
      {
        config: { policy: "request.file", rateLimit: FILING_LIMIT },
        schema: {
          hide: true,
          querystring: Type.Object({ _csrf: Type.Optional(Type.String({ maxLength: 200 })) }),
        },
      },
      async (request, reply) => {
        const { values, files } = await readForm(request);
        try {
          const deps = { jobs, config, channel: "web" as const };
          const { row, token } = await fileFromForm(db, deps, request.actor, inputOf(values, files));
          const query =
            request.actor.kind === "person" ? "?filed=1" : `?filed=1&token=${encodeURIComponent(token)}`;
          return reply.redirect(`/requests/${row.number}${query}`, 303);
        } catch (error) {
          const { status, ...errors } = formErrors(error, request.t);
          // The place is chosen above the form: its problem links to the chooser.
          if (errors.fields.regionCode) {
            errors.fields.near = errors.fields.regionCode;
            delete errors.fields.regionCode;
          }
          return showNew(request, reply.code(status), values.regionCode || undefined, values, errors);
        }
      },
    );
  });
};
