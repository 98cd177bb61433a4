import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { department } from "../../../../test/factories.ts";
import type { Db } from "../../../platform/db/database.ts";
import { act, taskAt } from "../../cases/testing.ts";
import { setAlias } from "../aliases.ts";
import { describeOperation, expectSpecResponse } from "../spec-testing.ts";
import { type GovstackTestClient, govstackClient } from "../testing.ts";
import { type RegistrationWorld, registrationWorld, send, submittedFile } from "./testing.ts";

let w: RegistrationWorld;
let db: Db;
/** A system of 长兴县's government service centre: another county's. */
let elsewhere: GovstackTestClient;

beforeAll(async () => {
  w = await registrationWorld();
  db = w.t.platform.database.db;
  elsewhere = await govstackClient(db, await department(db, "330522", "government_service"), {
    scopes: ["case.work"],
  });
});
afterAll(() => w?.t.close());

const complete = (client: GovstackTestClient, taskId: string, data: object) =>
  send(w.t, "POST", `/tasks/${taskId}/complete`, client.headers, { data });

const caseOf = (id: string) =>
  db.selectFrom("cases").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

/** A file accepted by the intake system and reviewed by the back office: at the decision. */
async function atDecision(): Promise<string> {
  const file = await submittedFile(w);
  await complete(w.intake, (await taskAt(w.t, file, "intake")).id, {});
  const reviewed = await complete(w.backOffice, (await taskAt(w.t, file, "review")).id, {
    status: "APPROVED",
  });
  if (reviewed.statusCode !== 200) throw new Error(`review: ${reviewed.body}`);
  return file;
}

const LIST = "GET /tasks";

describeOperation("registration", "GET /tasks", () => {
  it("+ lists a worker its department's open tasks", async () => {
    const file = await submittedFile(w);
    const intake = await taskAt(w.t, file, "intake");
    const response = await send(w.t, "GET", "/tasks?maxResult=100", w.intake.headers);
    expectSpecResponse("registration", LIST, response);
    const task = (response.json() as { taskId: string }[]).find((t) => t.taskId === intake.id);
    expect(task).toMatchObject({
      mainTaskId: intake.id,
      fileId: file,
      serviceId: w.offeringId,
      roleId: "window_clerk",
      status: { code: "PENDING" },
    });
    // The back office works review and decision tasks: none of intake's.
    const theirs = (await send(w.t, "GET", "/tasks?maxResult=100", w.backOffice.headers)).json();
    expect(theirs.map((t: { taskId: string }) => t.taskId)).not.toContain(intake.id);
  });

  it("+ filters by fileId, mainTaskId and assigneeId, and pages", async () => {
    const file = await submittedFile(w);
    const intake = await taskAt(w.t, file, "intake");
    const byFile = await send(w.t, "GET", `/tasks?fileId=${file}`, w.intake.headers);
    expectSpecResponse("registration", LIST, byFile);
    expect(byFile.json().map((t: { taskId: string }) => t.taskId)).toEqual([intake.id]);
    const alias = `a${randomUUID().slice(1)}`;
    await setAlias(db, "task", alias, intake.id);
    const byMain = await send(w.t, "GET", `/tasks?mainTaskId=${alias}`, w.intake.headers);
    expect(byMain.json()).toMatchObject([{ taskId: alias, mainTaskId: alias, fileId: file }]);
    await act(w.t, w.clerk, intake.id, { action: "claim" });
    const held = await send(w.t, "GET", `/tasks?assigneeId=${w.clerk.id}`, w.intake.headers);
    expect(held.json().map((t: { fileId: string }) => t.fileId)).toEqual([file]);
    const page = await send(
      w.t,
      "GET",
      "/tasks?sortBy=created&sortOrder=desc&firstResult=0&maxResult=1",
      w.intake.headers,
    );
    expectSpecResponse("registration", LIST, page);
    expect(page.json()).toHaveLength(1);
  });

  it("+ gives a client that only submits no tasks", async () => {
    await submittedFile(w);
    const response = await send(w.t, "GET", "/tasks", w.portal.headers);
    expectSpecResponse("registration", LIST, response);
    expect(response.json()).toEqual([]);
  });

  it("− answers filters naming nothing with []", async () => {
    for (const query of [
      `fileId=${randomUUID()}`,
      "fileId=n0t",
      `mainTaskId=${randomUUID()}`,
      `assigneeId=${randomUUID()}`,
      "assigneeId=x",
    ]) {
      const response = await send(w.t, "GET", `/tasks?${query}`, w.intake.headers);
      expectSpecResponse("registration", LIST, response);
      expect(response.json(), query).toEqual([]);
    }
    expect((await send(w.t, "GET", "/tasks?sortBy=priority", w.intake.headers)).statusCode).toBe(400);
  });
});

const GET = "GET /tasks/{taskId}";

describeOperation("registration", "GET /tasks/{taskId}", () => {
  it("+ gives a worker the task, the file's answers, and the decisions it takes now", async () => {
    const file = await submittedFile(w);
    const intake = await taskAt(w.t, file, "intake");
    const response = await send(w.t, "GET", `/tasks/${intake.id}`, w.intake.headers);
    expectSpecResponse("registration", GET, response);
    expect(response.json()).toMatchObject({
      taskId: intake.id,
      fileId: file,
      roleId: "window_clerk",
      formVariables: { shopName: { value: "小明面馆" }, area: { value: 45 } },
      data: {
        version: { value: intake.version },
        decisions: { value: ["APPROVED", "SENDBACK", "REJECTED"] },
        needs: { value: { APPROVED: [], SENDBACK: ["reason"], REJECTED: ["reason"] } },
      },
    });
  });

  it("− answers another county's system, a client that only submits, and an unknown task with 404", async () => {
    const file = await submittedFile(w);
    const intake = await taskAt(w.t, file, "intake");
    expect((await send(w.t, "GET", `/tasks/${intake.id}`, elsewhere.headers)).statusCode).toBe(404);
    expect((await send(w.t, "GET", `/tasks/${intake.id}`, w.portal.headers)).statusCode).toBe(404);
    for (const id of [randomUUID(), "n0t-ex1st1ng-task"]) {
      const response = await send(w.t, "GET", `/tasks/${id}`, w.intake.headers);
      expect(response.statusCode, id).toBe(404);
      expectSpecResponse("registration", GET, response);
    }
  });
});

const COMPLETE = "POST /tasks/{taskId}/complete";

describeOperation("registration", "POST /tasks/{taskId}/complete", () => {
  it("+ accepts at intake on APPROVED: the case goes to review, the event by the client", async () => {
    const file = await submittedFile(w);
    const intake = await taskAt(w.t, file, "intake");
    const response = await complete(w.intake, intake.id, { status: { code: "APPROVED" } });
    expectSpecResponse("registration", COMPLETE, response);
    expect(response.json()).toMatchObject({
      taskId: intake.id,
      fileId: file,
      status: { code: "PENDING", title: "审查中" },
    });
    expect((await caseOf(file)).state).toBe("review");
    const event = await db
      .selectFrom("case_events")
      .select(["action", "actor_kind", "actor_id"])
      .where("case_id", "=", file)
      .where("action", "=", "accept")
      .executeTakeFirstOrThrow();
    expect(event).toMatchObject({ actor_kind: "client", actor_id: w.intake.id });
  });

  it("+ sends back on SENDBACK with a reason, and refuses at intake on REJECTED", async () => {
    const sent = await submittedFile(w);
    const back = await complete(w.intake, (await taskAt(w.t, sent, "intake")).id, {
      decision: "sendback",
      reason: "缺少平面图",
    });
    expectSpecResponse("registration", COMPLETE, back);
    expect(back.json().status.code).toBe("SENDBACK");
    expect((await caseOf(sent)).state).toBe("supplement");
    const refused = await submittedFile(w);
    const no = await complete(w.intake, (await taskAt(w.t, refused, "intake")).id, {
      status: "REJECTED",
      reason: "不属于本部门职权",
    });
    expectSpecResponse("registration", COMPLETE, no);
    expect(no.json().status).toEqual({ code: "REJECTED", title: "不予受理" });
    expect(await caseOf(refused)).toMatchObject({ state: "closed", outcome: "rejected" });
  });

  it("+ grants at the decision with a reason and legal basis (case.decide)", async () => {
    const file = await atDecision();
    const decision = await taskAt(w.t, file, "decision");
    const response = await complete(w.backOffice, decision.id, {
      status: "APPROVED",
      reason: { value: "材料齐全，符合法定条件" },
      legalBasis: "《中华人民共和国食品安全法》第三十五条",
    });
    expectSpecResponse("registration", COMPLETE, response);
    expect(response.json().status.code).toBe("APPROVED");
    expect((await caseOf(file)).decision).toBe("granted");
  });

  it("− refuses a decision without its legal basis (400 at /data/legalBasis)", async () => {
    const file = await atDecision();
    const response = await complete(w.backOffice, (await taskAt(w.t, file, "decision")).id, {
      status: "REJECTED",
      reason: "不符合",
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([
      { field: "/data/legalBasis", message: "is required for this action" },
    ]);
  });

  it("− refuses a case.work system an approver's task (403)", async () => {
    const file = await atDecision();
    const response = await complete(w.reviewOnly, (await taskAt(w.t, file, "decision")).id, {
      reason: "x",
      legalBasis: "y",
    });
    expect(response.statusCode).toBe(403);
  });

  it("− refuses a task a staff member claimed (409), a paused case (409 with allowed), a stale version (409)", async () => {
    const claimed = await submittedFile(w);
    const intake = await taskAt(w.t, claimed, "intake");
    await act(w.t, w.clerk, intake.id, { action: "claim" });
    const held = await complete(w.intake, intake.id, {});
    expect(held.statusCode).toBe(409);
    expect(held.json().code).toBe("case_task_assigned_elsewhere");

    const paused = await submittedFile(w);
    await complete(w.intake, (await taskAt(w.t, paused, "intake")).id, {});
    const review = await taskAt(w.t, paused, "review");
    const pause = await act(w.t, w.reviewer, review.id, {
      action: "pause",
      procedure: "inspection",
      reason: "现场核查",
    });
    expect(pause.statusCode, pause.body).toBe(200);
    const refused = await complete(w.backOffice, review.id, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: "case_action_not_allowed", allowed: expect.any(Array) });

    const stale = await submittedFile(w);
    const response = await complete(w.intake, (await taskAt(w.t, stale, "intake")).id, { version: 99 });
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe("case_task_stale");
  });

  it("− answers unknown decisions and malformed data with 400, never a 5xx", async () => {
    const file = await submittedFile(w);
    const intake = (await taskAt(w.t, file, "intake")).id;
    const unknown = await complete(w.intake, intake, { status: "MAYBE" });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors).toEqual([
      { field: "/data/status", message: "must be one of APPROVED, SENDBACK, REJECTED" },
    ]);
    for (const data of [
      { status: 7 },
      { version: "x" },
      { version: 1.5 },
      { items: "none", status: "SENDBACK" },
      { reason: { deep: 1 }, status: "REJECTED" },
    ]) {
      const response = await complete(w.intake, intake, data);
      expect(response.statusCode, JSON.stringify(data)).toBeGreaterThanOrEqual(400);
      expect(response.statusCode, JSON.stringify(data)).toBeLessThan(500);
    }
    expect((await caseOf(file)).state).toBe("intake");
  });

  it("− answers an unknown task with 404 and a missing body with 400", async () => {
    const unknown = await complete(w.intake, randomUUID(), {});
    expect(unknown.statusCode).toBe(404);
    expectSpecResponse("registration", COMPLETE, unknown);
    const file = await submittedFile(w);
    const empty = await send(w.t, "POST", `/tasks/${(await taskAt(w.t, file, "intake")).id}/complete`, {
      ...w.intake.headers,
      "content-type": "application/json",
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().code).toBe("govstack_body_missing");
  });
});
