/** For tests of the Registration façade: a county with an offered item, submitting and working clients. */
import type { LightMyRequestResponse } from "fastify";
import type { TestApp } from "../../../../test/app.ts";
import { department } from "../../../../test/factories.ts";
import { type CaseWorld, caseTestApp, caseWorld, TINY_PDF } from "../../cases/testing.ts";
import { type GovstackTestClient, govstackClient } from "../testing.ts";

export const BASE = "/govstack/registration";

export interface RegistrationWorld extends CaseWorld {
  /** Submits for anyone (stand-in applicants), every submitting scope. */
  portal: GovstackTestClient;
  /** Submits for people with accounts, by their ID number. */
  identified: GovstackTestClient;
  /** The county government service centre's system: takes cases in (window clerk tasks). */
  intake: GovstackTestClient;
  /** Market regulation's back office: reviews (case.work) and decides (case.decide). */
  backOffice: GovstackTestClient;
  /** Market regulation's system that reviews but may not decide. */
  reviewOnly: GovstackTestClient;
}

export async function registrationWorld(): Promise<RegistrationWorld> {
  const t = await caseTestApp();
  const w = await caseWorld(t);
  const db = t.platform.database.db;
  const centre = await department(db, "330523", "government_service");
  const market = await department(db, "330523", "market_regulation");
  return {
    ...w,
    portal: await govstackClient(db, centre, {
      scopes: ["application.submit"],
      personalDataKey: t.platform.config.personalDataKey,
    }),
    identified: await govstackClient(db, centre, { scopes: ["application.submit"] }),
    intake: await govstackClient(db, centre, { scopes: ["case.work"] }),
    backOffice: await govstackClient(db, market, { scopes: ["case.work", "case.decide"] }),
    reviewOnly: await govstackClient(db, market, { scopes: ["case.work"] }),
  };
}

type Headers = Record<string, string>;

export function send(
  t: TestApp,
  method: "GET" | "POST" | "PUT",
  url: string,
  headers: Headers,
  payload?: object | string | Buffer,
): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method,
    url: `${BASE}${url}`,
    headers,
    ...(payload !== undefined ? { payload } : {}),
  });
}

/** Uploads the tiny PDF as the client, for a material when named; its url. */
export async function uploadPdf(t: TestApp, client: GovstackTestClient, material?: string): Promise<string> {
  const response = await send(
    t,
    "POST",
    `/documents${material ? `?additionalMetadata=${material}` : ""}`,
    client.headers,
    { file: TINY_PDF.toString("base64") },
  );
  if (response.statusCode !== 200) throw new Error(`upload: ${response.statusCode} ${response.body}`);
  return response.json().url as string;
}

/** A submission of the sample item's answers with the application form uploaded; the response. */
export async function submitSample(
  w: RegistrationWorld,
  client: GovstackTestClient = w.portal,
  body: Record<string, unknown> = {},
  headers: Headers = {},
  offeringId = w.offeringId,
): Promise<LightMyRequestResponse> {
  const url = await uploadPdf(w.t, client, "application");
  return send(
    w.t,
    "POST",
    `/services/${offeringId}/applications`,
    { ...client.headers, ...headers },
    {
      applicantId: "sgh123h5-bdb2-11ed-9397-0242ac120004",
      applicationName: "小明面馆",
      formData: {
        eFormId: "FORM",
        data: { shopName: { value: "小明面馆" }, area: { value: 45 }, extra: {} },
      },
      documentUrls: [url],
      ...body,
    },
  );
}

/** Submits, and throws unless it made a file; the file's id (the case id). */
export async function submittedFile(w: RegistrationWorld, client?: GovstackTestClient): Promise<string> {
  const response = await submitSample(w, client);
  if (response.statusCode !== 200) throw new Error(`submit: ${response.statusCode} ${response.body}`);
  return response.json().fileId as string;
}
