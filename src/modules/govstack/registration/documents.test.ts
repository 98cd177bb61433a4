import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../../../../test/app.ts";
import { department } from "../../../../test/factories.ts";
import {
  clamdSuite,
  freePort,
  MARKER,
  startClamd,
  type TestClamd,
} from "../../../platform/files/clamd-testing.ts";
import { caseTestApp, caseWorld, TINY_PDF } from "../../cases/testing.ts";
import { allJobs } from "../../index.ts";
import { describeOperation, expectSpecResponse } from "../spec-testing.ts";
import { govstackClient } from "../testing.ts";
import { type RegistrationWorld, registrationWorld, send, submitSample, uploadPdf } from "./testing.ts";

/** Documents beyond the upload itself: the daily expiry, and clamd's verdict. */

describeOperation("registration", "POST /documents", () => {
  let w: RegistrationWorld;
  beforeAll(async () => {
    w = await registrationWorld();
  });
  afterAll(() => w?.t.close());

  it("+ keeps a document a week for its application, then the daily job deletes it unused", async () => {
    const db = w.t.platform.database.db;
    const waiting = await uploadPdf(w.t, w.portal, "application");
    const used = await submitSample(w);
    expect(used.statusCode).toBe(200);
    const idOf = (url: string) => url.slice(url.lastIndexOf("/") + 1);
    const usedIds = await db
      .selectFrom("govstack_documents")
      .select("id")
      .where("used_by_case", "is not", null)
      .execute();
    // Eight days old, both: only the unused one goes.
    await sql`update govstack_documents set uploaded_at = now() - interval '8 days'`.execute(db);
    const job = allJobs().find((j) => j.name === "govstack.documents-expire");
    if (!job) throw new Error("no govstack.documents-expire job");
    const { config, jobs, log } = w.t.platform;
    await job.run({}, { db, config, jobs, log });
    const left = await db.selectFrom("govstack_documents").select("id").execute();
    expect(left.map((d) => d.id).sort()).toEqual(usedIds.map((d) => d.id).sort());
    expect(left.map((d) => d.id)).not.toContain(idOf(waiting));
    // An expired document named afterwards is a reference like any other: kept, never fetched.
    const late = await send(w.t, "POST", `/services/${w.offeringId}/applications`, w.portal.headers, {
      applicantId: "late",
      formData: { data: { shopName: "迟到面馆", area: 5 } },
      documentUrls: [waiting],
    });
    expect(late.statusCode).toBe(400);
    expect(late.json().errors).toEqual([expect.objectContaining({ field: "/materials/application" })]);
  });
});

clamdSuite("GovStack uploads scanned by clamd", () => {
  let clamd: TestClamd;
  let t: TestApp;

  beforeAll(async () => {
    clamd = await startClamd();
    t = await caseTestApp({ CLAMD_URL: clamd.url });
    await caseWorld(t);
  });
  afterAll(async () => {
    await t?.close();
    await clamd?.stop();
  });

  describeOperation("registration", "POST /documents", () => {
    it("− refuses malware with 400 and records it in the audit trail", async () => {
      const db = t.platform.database.db;
      const client = await govstackClient(db, await department(db, "330523"), {
        scopes: ["application.submit"],
      });
      const infected = Buffer.concat([TINY_PDF, Buffer.from(`% ${MARKER}\n`, "latin1")]);
      const response = await t.app.inject({
        method: "POST",
        url: "/govstack/registration/documents",
        headers: client.headers,
        payload: { file: infected.toString("base64") },
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().code).toBe("file_malware_found");
      expectSpecResponse("registration", "POST /documents", response);
      const entry = await db
        .selectFrom("audit_log")
        .select(["action", "actor_id"])
        .where("action", "=", "file.malware_found")
        .executeTakeFirst();
      expect(entry).toMatchObject({ actor_id: client.id });
      expect(await db.selectFrom("govstack_documents").select("id").execute()).toEqual([]);
    });
  });
});

describe("uploads through the Information Mediator, and with the scanner down", () => {
  let t: TestApp;

  beforeAll(async () => {
    // Nothing listens on the port: clamd is down. inject() comes from 127.0.0.1, the mediator's address.
    t = await caseTestApp({
      CLAMD_URL: `tcp://127.0.0.1:${await freePort()}`,
      GOVSTACK_MEDIATOR_NETWORKS: "127.0.0.1/32",
    });
    await caseWorld(t);
  });
  afterAll(() => t?.close());

  describeOperation("registration", "POST /documents", () => {
    it("− answers 503 while clamd cannot be reached, with the GovStack body, and keeps nothing", async () => {
      const db = t.platform.database.db;
      await govstackClient(db, await department(db, "330523"), {
        scopes: ["application.submit"],
        viaMediator: true,
        mediatorDefault: true,
      });
      // As the Registration suite uploads: no token and no header, so the mediator's default identity.
      const response = await t.app.inject({
        method: "POST",
        url: "/govstack/registration/documents",
        payload: { file: TINY_PDF.toString("base64") },
      });
      expect(response.statusCode, response.body).toBe(503);
      expect(response.json()).toMatchObject({
        traceId: expect.any(String),
        localizedMessage: expect.any(String),
      });
      expect(await db.selectFrom("govstack_documents").select("id").execute()).toEqual([]);
      // The 503 came after the caller was resolved: naming an identity the mediator may not vouch for, the
      // same request is refused before the scan.
      const other = await govstackClient(db, await department(db, "330523"), { scopes: ["registry.read"] });
      const refused = await t.app.inject({
        method: "POST",
        url: "/govstack/registration/documents",
        headers: { "information-mediator-client": other.mediatorClient },
        payload: { file: TINY_PDF.toString("base64") },
      });
      expect(refused.statusCode).toBe(401);
    });
  });
});
