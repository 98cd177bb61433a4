import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { department } from "../../../../test/factories.ts";
import type { Db } from "../../../platform/db/database.ts";
import { act, applyOnline, taskAt } from "../../cases/testing.ts";
import { setAlias } from "../aliases.ts";
import { describeOperation, expectSpecResponse } from "../spec-testing.ts";
import { govstackClient } from "../testing.ts";
import { type RegistrationWorld, registrationWorld, send, submittedFile } from "./testing.ts";

let w: RegistrationWorld;
let db: Db;

beforeAll(async () => {
  w = await registrationWorld();
  db = w.t.platform.database.db;
});
afterAll(() => w?.t.close());

const departmentOf = (region: string, line = "government_service") => department(db, region, line);

const LIST = "GET /applications";

describeOperation("registration", "GET /applications", () => {
  it("+ lists the client's own files, filtered by service and applicant", async () => {
    const mine = await submittedFile(w);
    const response = await send(w.t, "GET", "/applications?maxResult=100", w.portal.headers);
    expectSpecResponse("registration", LIST, response);
    const lines = response.json() as { fileId: string; applicantId: string; description: string }[];
    expect(lines.map((l) => l.fileId)).toContain(mine);
    const byApplicant = await send(w.t, "GET", "/applications?applicantId=retry", w.portal.headers);
    expectSpecResponse("registration", LIST, byApplicant);
    expect((byApplicant.json() as { applicantId: string }[]).every((l) => l.applicantId === "retry")).toBe(
      true,
    );
    const byService = await send(
      w.t,
      "GET",
      `/applications?serviceId=${w.offeringId}&maxResult=100`,
      w.portal.headers,
    );
    expect(byService.json().map((l: { fileId: string }) => l.fileId)).toContain(mine);
  });

  it("+ lists a worker its department's open files with their task, not other departments'", async () => {
    const file = await submittedFile(w);
    const response = await send(w.t, "GET", "/applications?maxResult=100", w.intake.headers);
    expectSpecResponse("registration", LIST, response);
    const line = (response.json() as { fileId: string; roleId?: string }[]).find((l) => l.fileId === file);
    expect(line).toMatchObject({
      roleId: "window_clerk",
      roleName: "窗口受理人员",
      status: { code: "PENDING" },
    });
    // Once a clerk holds the task, the worker sees who.
    await act(w.t, w.clerk, (await taskAt(w.t, file, "intake")).id, { action: "claim" });
    const held = (await send(w.t, "GET", "/applications?maxResult=100", w.intake.headers)).json();
    expect(held.find((l: { fileId: string }) => l.fileId === file)).toMatchObject({
      assigneeId: w.clerk.id,
      operatorName: "Test window_clerk",
    });
    const other = await govstackClient(db, await departmentOf("330522"), { scopes: ["case.work"] });
    const theirs = await send(w.t, "GET", "/applications", other.headers);
    expect(theirs.json()).toEqual([]);
  });

  it("+ pages and sorts by created, ascending", async () => {
    await submittedFile(w);
    await submittedFile(w);
    const all = (
      await send(w.t, "GET", "/applications?sortBy=created&sortOrder=asc&maxResult=100", w.portal.headers)
    ).json();
    const created = all.map((l: { created: string }) => l.created);
    expect(created).toEqual([...created].sort());
    const page = await send(
      w.t,
      "GET",
      "/applications?sortBy=created&sortOrder=asc&firstResult=1&maxResult=1",
      w.portal.headers,
    );
    expectSpecResponse("registration", LIST, page);
    expect(page.json().map((l: { fileId: string }) => l.fileId)).toEqual([all[1].fileId]);
  });

  it("− answers unknown filters with []", async () => {
    for (const query of [`serviceId=${randomUUID()}`, "serviceId=n0t-there", "applicantId=nobody-at-all"]) {
      const response = await send(w.t, "GET", `/applications?${query}`, w.portal.headers);
      expectSpecResponse("registration", LIST, response);
      expect(response.json(), query).toEqual([]);
    }
  });

  it("− refuses a bad maxResult or sortBy (400), no header and no token (400), a registry-only client (403)", async () => {
    expect((await send(w.t, "GET", "/applications?maxResult=101", w.portal.headers)).statusCode).toBe(400);
    expect((await send(w.t, "GET", "/applications?sortBy=priority", w.portal.headers)).statusCode).toBe(400);
    const missing = await send(w.t, "GET", "/applications", {});
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ code: "govstack_header_missing" });
    const registry = await govstackClient(db, await departmentOf("330523"), { scopes: ["registry.read"] });
    expect((await send(w.t, "GET", "/applications", registry.headers)).statusCode).toBe(403);
  });
});

const GET = "GET /applications/{fileId}";

describeOperation("registration", "GET /applications/{fileId}", () => {
  it("+ gives a worker a case applied for online, its applicant by the masked identifier", async () => {
    const { caseId } = await applyOnline(w);
    const response = await send(w.t, "GET", `/applications/${caseId}`, w.intake.headers);
    expectSpecResponse("registration", "GET /applications/{fileId}", response);
    const masked = response.json().applicantId as string;
    expect(masked).not.toBe(w.applicant.idNumber);
    expect(masked.slice(0, 3)).toBe(w.applicant.idNumber.slice(0, 3));
    expect(response.json().applicationData).toEqual({
      applicantId: masked,
      formData: {
        eFormId: `${w.itemCode}.v1`,
        data: expect.objectContaining({ shopName: { value: "小明面馆" } }),
      },
    });
  });

  it("+ gives the client's own file, by id, by case number and by alias", async () => {
    const file = await submittedFile(w);
    const byId = await send(w.t, "GET", `/applications/${file}`, w.portal.headers);
    expectSpecResponse("registration", GET, byId);
    expect(byId.json()).toMatchObject({
      fileId: file,
      applicationData: { applicantId: "sgh123h5-bdb2-11ed-9397-0242ac120004" },
    });
    const number = (
      await db.selectFrom("cases").select("number").where("id", "=", file).executeTakeFirstOrThrow()
    ).number;
    const byNumber = await send(w.t, "GET", `/applications/${number}`, w.portal.headers);
    expectSpecResponse("registration", GET, byNumber);
    expect(byNumber.json().fileId).toBe(file);
    const alias = `81c4445c-${randomUUID().slice(9)}`;
    await setAlias(db, "file", alias, file);
    const byAlias = await send(w.t, "GET", `/applications/${alias}`, w.portal.headers);
    expectSpecResponse("registration", GET, byAlias);
    expect(byAlias.json().fileId).toBe(alias);
  });

  it("− answers another client's file, and an unknown one, with 404", async () => {
    const file = await submittedFile(w);
    const other = await govstackClient(db, await departmentOf("330522"), { scopes: ["application.submit"] });
    expect((await send(w.t, "GET", `/applications/${file}`, other.headers)).statusCode).toBe(404);
    for (const id of [randomUUID(), "n0t-a-file"]) {
      const response = await send(w.t, "GET", `/applications/${id}`, w.portal.headers);
      expect(response.statusCode, id).toBe(404);
      expectSpecResponse("registration", GET, response);
    }
  });
});

const PUT = "PUT /applications/{fileId}";

describeOperation("registration", "PUT /applications/{fileId}", () => {
  it("+ corrects a file sent back, and the native timeline shows the resubmission by the client", async () => {
    const file = await submittedFile(w);
    const intake = await taskAt(w.t, file, "intake");
    const sent = await act(w.t, w.clerk, intake.id, {
      action: "request_supplement",
      items: [{ field: "shopName", problem: "店名与营业执照不一致" }],
    });
    expect(sent.statusCode, sent.body).toBe(200);
    const response = await send(w.t, "PUT", `/applications/${file}`, w.portal.headers, {
      applicationName: "改名面馆",
      formData: { data: { shopName: { value: "改名面馆" } } },
    });
    expectSpecResponse("registration", PUT, response);
    expect(response.json()).toMatchObject({
      status: { code: "PENDING" },
      applicationData: {
        applicationName: "改名面馆",
        formData: { data: { shopName: { value: "改名面馆" }, area: { value: 45 } } },
      },
    });
    const events = await db
      .selectFrom("case_events")
      .select(["action", "actor_kind", "actor_id", "data"])
      .where("case_id", "=", file)
      .orderBy("seq")
      .execute();
    expect(events.at(-1)).toMatchObject({ action: "resubmit", actor_kind: "client", actor_id: w.portal.id });
    expect(JSON.stringify(events.at(-1)?.data)).toContain("shopName");
  });

  it("− refuses a file in intake (409) and lets a worker change nothing (409)", async () => {
    const file = await submittedFile(w);
    const response = await send(w.t, "PUT", `/applications/${file}`, w.portal.headers, {
      applicationName: "x",
    });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: "govstack_file_not_editable" });
    const worker = await send(w.t, "PUT", `/applications/${file}`, w.intake.headers, {
      applicationName: "x",
    });
    expect(worker.statusCode).toBe(409);
  });

  it("− answers another client's file and an unknown one with 404, a missing body with 400", async () => {
    const file = await submittedFile(w);
    const other = await govstackClient(db, await departmentOf("330522"), { scopes: ["application.submit"] });
    expect(
      (await send(w.t, "PUT", `/applications/${file}`, other.headers, { applicationName: "x" })).statusCode,
    ).toBe(404);
    const unknown = await send(w.t, "PUT", `/applications/${randomUUID()}`, w.portal.headers, {
      applicationName: "x",
    });
    expect(unknown.statusCode).toBe(404);
    expectSpecResponse("registration", PUT, unknown);
    const empty = await send(w.t, "PUT", `/applications/${file}`, {
      ...w.portal.headers,
      "content-type": "application/json",
    });
    expect(empty.statusCode).toBe(400);
  });
});
