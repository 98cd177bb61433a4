import { describe, expect, it } from "vitest";
import { fileStatus, taskStatus } from "./status.ts";

/** The table of docs/govstack-design.md, section 4, row by row. */
describe("GovStack statuses", () => {
  const file = (state: string, outcome: string | null = null, decision: string | null = null) => ({
    state,
    outcome,
    decision,
  });

  it.each([
    [file("intake"), "PENDING", "Waiting for intake", false],
    [file("review"), "PENDING", "In review", false],
    [file("decision"), "PENDING", "Awaiting the decision", false],
    [file("paused"), "PENDING", "Paused for a special procedure", false],
    [file("supplement"), "SENDBACK", "Sent back for correction", false],
    [file("issuance", null, "granted"), "APPROVED", "Approved, being issued / delivered", false],
    [file("delivery", null, "deemed_granted"), "APPROVED", "Approved, being issued / delivered", false],
    [file("closed", "granted", "granted"), "APPROVED", "Approved", true],
    [file("closed", "deemed_granted"), "APPROVED", "Deemed approved", true],
    [file("closed", "denied", "denied"), "REJECTED", "Denied", true],
    [file("closed", "rejected"), "REJECTED", "Refused at intake", true],
    [file("closed", "withdrawn"), "REJECTED", "Withdrawn", true],
    [file("closed", "lapsed"), "REJECTED", "Lapsed", true],
  ])("%o is %s (%s), ended %s", (facts, code, title, ended) => {
    expect(fileStatus(facts, "en")).toEqual({ status: { code, title }, ended });
  });

  it("titles in Chinese by default", () => {
    expect(fileStatus(file("closed", "withdrawn"), "zh-CN").status).toEqual({
      code: "REJECTED",
      title: "已撤回",
    });
  });

  it("reads a task by its own stage and finding, and an open one by its case", () => {
    const open = { status: "open", stageKind: "review", opinion: null };
    expect(taskStatus(open, file("review"), "en").code).toBe("PENDING");
    expect(taskStatus(open, file("supplement"), "en").code).toBe("SENDBACK");
    const done = (stageKind: string, opinion: string | null = null) => ({
      status: "done",
      stageKind,
      opinion,
    });
    expect(taskStatus(done("intake"), file("closed", "rejected"), "en").code).toBe("REJECTED");
    expect(taskStatus(done("intake"), file("review"), "en").code).toBe("APPROVED");
    expect(taskStatus(done("review", "disagree"), file("decision"), "en").code).toBe("REJECTED");
    expect(taskStatus(done("review", "agree"), file("decision"), "en").code).toBe("APPROVED");
    expect(taskStatus(done("decision"), file("closed", "denied", "denied"), "en").code).toBe("REJECTED");
    expect(taskStatus(done("decision"), file("issuance", null, "granted"), "en").code).toBe("APPROVED");
    const cancelled = { status: "cancelled", stageKind: "review", opinion: null };
    expect(taskStatus(cancelled, file("closed", "withdrawn"), "en")).toEqual({
      code: "REJECTED",
      title: "Withdrawn",
    });
  });
});
