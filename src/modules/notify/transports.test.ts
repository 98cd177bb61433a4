import { describe, expect, it } from "vitest";
import { memoryLogger, testConfig } from "../../../test/app.ts";
import { render } from "./templates.ts";
import { createTransports, transportsFor } from "./transports.ts";

describe("transports without a mail server", () => {
  it("are made once per process and warn once that e-mail and text messages only reach the log", () => {
    const lines: Record<string, unknown>[] = [];
    const log = memoryLogger(lines);
    const config = testConfig();
    expect(config.mail.smtpUrl).toBeUndefined();
    const first = transportsFor(config, log);
    expect(transportsFor(config, log)).toBe(first);
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      [40, "SMTP_URL is not set: e-mail is written to the log, not sent. Set SMTP_URL=smtp://… to send it."],
      [40, "No SMS gateway is configured: text messages are written to the log, not sent."],
    ]);
  });

  it("write the rendered e-mail to the log, so a demo can follow the link", async () => {
    const lines: Record<string, unknown>[] = [];
    const log = memoryLogger(lines);
    const { email } = createTransports(testConfig(), log);
    const link = "https://tongban.example/account/verify?token=demo";
    const message = render("email", "account.verify_email", "en", { name: "Demo", link });
    expect(
      await email.send(
        { ...message, notificationId: "n-1", channel: "email", to: "demo@example.cn" },
        { log },
      ),
    ).toEqual({});
    expect(lines.at(-1)).toMatchObject({
      msg: "e-mail written to the log, not sent",
      notification: "n-1",
      to: "demo@example.cn",
      subject: "Confirm your e-mail address — Tongban",
      text: expect.stringContaining(link),
    });
  });
});
