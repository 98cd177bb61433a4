import { describe, expect, it } from "vitest";
import { memoryLogger, testConfig } from "../../../test/app.ts";
import type { Channel } from "./tables.ts";
import { render, type TemplateName } from "./templates.ts";
import { createTransports, type OutgoingMessage, transportsFor } from "./transports.ts";

function outgoing(
  channel: Channel,
  template: TemplateName,
  params: Record<string, string | number>,
  to: string,
): OutgoingMessage {
  return {
    ...render(channel, template, "zh-CN", params),
    notificationId: "n-1",
    channel,
    to,
    template,
    locale: "zh-CN",
    params,
  };
}

/** Sends through the transports of a configuration and gives back the line written to the log. */
async function logged(env: Record<string, string>, message: OutgoingMessage) {
  const lines: Record<string, unknown>[] = [];
  const log = memoryLogger(lines);
  const transports = createTransports(testConfig(env), log);
  expect(await transports[message.channel].send(message, { log })).toEqual({});
  const line = lines.at(-1) as Record<string, unknown>;
  return { line, raw: JSON.stringify(line), warnings: lines.slice(0, -1) };
}

describe("transports without a mail server or an SMS gateway", () => {
  it("are made once per process and warn once that e-mail and text messages only reach the log", () => {
    const lines: Record<string, unknown>[] = [];
    const log = memoryLogger(lines);
    const config = testConfig();
    expect(config.mail.smtpUrl).toBeUndefined();
    expect(config.sms).toBeUndefined();
    const first = transportsFor(config, log);
    expect(transportsFor(config, log)).toBe(first);
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      [40, "SMTP_URL is not set: e-mail is written to the log, not sent. Set SMTP_URL=smtp://… to send it."],
      [
        40,
        "SMS_URL is not set: text messages are written to the log, not sent. Set SMS_URL=https://… (the SMS gateway) to send them.",
      ],
    ]);
  });

  it("in the demo write the rendered e-mail to the log, so the demo can follow the link", async () => {
    const link = "https://tongban.example/account/verify?token=demo-t0ken";
    const { line } = await logged(
      { DEMO: "true" },
      outgoing("email", "account.verify_email", { name: "Demo", link }, "demo@example.cn"),
    );
    expect(line).toMatchObject({
      msg: "e-mail written to the log, not sent",
      notification: "n-1",
      to: "demo@example.cn",
      subject: "请确认您的电子邮箱 — 通办",
      text: expect.stringContaining(link),
      masked: false,
    });
  });

  it("in the demo keep the code of a text readable, and the mobile number masked", async () => {
    const { line, raw } = await logged(
      { DEMO: "true" },
      outgoing("sms", "one_time_code", { code: "582047", purpose: "登录", minutes: 5 }, "13800138000"),
    );
    expect(line).toMatchObject({
      msg: "text message written to the log, not sent",
      to: "138****8000",
      text: "【通办】您的验证码为 582047，用于登录，5 分钟内有效。请勿告诉他人。",
    });
    expect(raw).not.toContain("13800138000");
  });

  it("outside the demo mask every one-time code in the log, and say so when they start", async () => {
    const env = { DEMO: "false" };
    const consent = await logged(
      env,
      outgoing(
        "sms",
        "mandate.consent_code",
        { code: "428915", agent: "李强", services: "全部事项", until: "2027-06-30", minutes: 10 },
        "13912345678",
      ),
    );
    expect(consent.line).toMatchObject({
      msg: "text message written to the log, not sent",
      to: "139****5678",
      masked: true,
      text:
        "【通办】李强请求代您办理全部事项，至2027-06-30止。同意请将验证码 ****** 告诉对方，" +
        "10 分钟内有效；如不同意，请勿告诉任何人。",
    });
    expect(consent.raw).not.toContain("428915");
    expect(consent.raw).not.toContain("13912345678");
    expect(consent.warnings.map((l) => l.msg)).toEqual([
      "SMTP_URL is not set: e-mail is not sent: written to the log with codes and link secrets masked, so no one can use them. Set SMTP_URL=smtp://… to send it.",
      "SMS_URL is not set: text messages are not sent: written to the log with codes and link secrets masked, so no one can use them. Set SMS_URL=https://… (the SMS gateway) to send them.",
    ]);

    const locker = await logged(
      env,
      outgoing(
        "email",
        "locker.pickup_code",
        {
          code: "7Q4K9M",
          caseNumber: "330523202607010000012",
          place: "安吉县政务服务中心 24 小时智能柜 3 号格",
          until: "2026年7月8日",
          link: "https://tongban.example/cases/330523202607010000012",
        },
        "person@example.cn",
      ),
    );
    expect(locker.raw).not.toContain("7Q4K9M");
    expect(locker.line.text).toContain("取件码：******，请于 2026年7月8日 前领取。");
    // Where the case is stays readable: the link carries no secret.
    expect(locker.line.text).toContain("https://tongban.example/cases/330523202607010000012");
  });

  it("outside the demo mask the token of a link and a short link that is a secret itself", async () => {
    const env = { DEMO: "false" };
    const reset = await logged(
      env,
      outgoing(
        "email",
        "account.reset_password",
        { name: "孙七", link: "https://tongban.example/account/reset?token=r3s3t-s3cr3t#x", minutes: 60 },
        "sun@example.cn",
      ),
    );
    expect(reset.raw).not.toContain("r3s3t-s3cr3t");
    expect(reset.line.text).toContain("https://tongban.example/account/reset?token=***");

    const submitted = await logged(
      env,
      outgoing(
        "sms",
        "case.submitted",
        {
          caseNumber: "330523202607010000012",
          itemName: "个体工商户设立登记",
          link: "https://tongban.example/cases/330523202607010000012",
          short: "https://tongban.example/c/7K3MZQ9PXR",
        },
        "13800138000",
      ),
    );
    expect(submitted.raw).not.toContain("7K3MZQ9PXR");
    expect(submitted.line.text).toMatch(
      /办件编号330523202607010000012.* https:\/\/tongban\.example\/c\/\*\*\*$/,
    );
  });
});
