import { describe, expect, it } from "vitest";
import { LOCALES } from "../../platform/config.ts";
import {
  channelsOf,
  checkParams,
  escapeHtml,
  paramKinds,
  render,
  renderInbox,
  TEMPLATE_NAMES,
} from "./templates.ts";

const link = "https://tongban.example/cases/330523-20260701-000123";
const short = "https://tongban.example/c/7KQ2M9XAB4";
const aCase = { caseNumber: "330523-20260701-000123", itemName: "食品经营许可", link };
/** The applicant's messages carry the case's short link too. */
const theirCase = { ...aCase, short };

const samples = {
  "account.verify_email": { name: "张三", link: "https://tongban.example/account/verify?token=abc" },
  "account.reset_password": {
    name: "张三",
    link: "https://tongban.example/account/reset?token=abc",
    minutes: 60,
  },
  one_time_code: { code: "428915", purpose: "确认授权委托", minutes: 10 },
  "mandate.consent_code": {
    code: "428915",
    agent: "李强",
    services: "全部事项",
    until: "2027-06-30",
    minutes: 10,
  },
  "locker.pickup_code": {
    code: "428915",
    caseNumber: "330523-20260701-000123",
    place: "安吉县政务服务中心24小时智能柜“A柜”3号格",
    until: "2026年7月8日",
    link,
  },
  "case.submitted": theirCase,
  "case.accepted": { ...theirCase, dueDate: "2026年7月15日" },
  "case.rejected": { ...theirCase, reason: "申请事项不属于本部门职权范围。\n请向县市场监督管理局申请。" },
  "case.supplement_requested": { ...theirCase, items: "1. 营业执照复印件\n2. 经营场所平面图（需标明面积）" },
  "case.decided": { ...theirCase, outcome: "准予许可" },
  "case.decision_reversed": { ...theirCase, reason: "户籍信息有误，需人工核实。" },
  "case.ready_for_delivery": { ...theirCase, how: "到安吉县政务服务中心3号窗口领取" },
  "case.closed": theirCase,
  "task.assigned": { ...aCase, stepName: "现场核查", dueDate: "2026年7月10日" },
  "task.warning": { ...aCase, dueDate: "2026年7月15日" },
  "task.overdue": { ...aCase, dueDate: "2026年7月15日" },
  "case.escalated": { ...aCase, departmentName: "安吉县市场监督管理局", dueDate: "2026年7月15日" },
  "rating.invite": { ...aCase, link: "https://tongban.example/rate/Ab3dEf6hIj9kLm2nOp5qRs8t" },
  "rectification.resolved": { caseNumber: aCase.caseNumber, departmentName: "安吉县市场监督管理局", link },
  "rectification.escalated": { departmentName: "安吉县市场监督管理局", dueDate: "2026年7月15日", link },
  "request.received": { number: "2026112712345678", category: "噪音扰民", dueDate: "2026年12月4日", link },
  "request.replied": { number: "2026112712345678", category: "噪音扰民", link },
} as const;

/** How HTML shows a value: escaped, and a multi-line one with <br> between its lines. */
const inHtml = (value: string | number) => escapeHtml(String(value)).replace(/\n/g, "<br>");

describe("notification templates", () => {
  it("has the templates the account, mandate, case and locker work needs", () => {
    expect(TEMPLATE_NAMES.sort()).toEqual([
      "account.reset_password",
      "account.verify_email",
      "case.accepted",
      "case.closed",
      "case.decided",
      "case.decision_reversed",
      "case.escalated",
      "case.ready_for_delivery",
      "case.rejected",
      "case.submitted",
      "case.supplement_requested",
      "locker.pickup_code",
      "mandate.consent_code",
      "one_time_code",
      "rating.invite",
      "rectification.escalated",
      "rectification.resolved",
      "request.received",
      "request.replied",
      "task.assigned",
      "task.overdue",
      "task.warning",
    ]);
  });

  it("names the agent, the services and the end date in a mandate's consent code", () => {
    expect(channelsOf("mandate.consent_code")).toEqual(["email", "sms"]);
    expect(render("sms", "mandate.consent_code", "zh-CN", samples["mandate.consent_code"])).toEqual({
      text:
        "【通办】李强请求代您办理全部事项，至2027-06-30止。同意请将验证码 428915 告诉对方，" +
        "10 分钟内有效；如不同意，请勿告诉任何人。",
      redacted: {
        text:
          "【通办】李强请求代您办理全部事项，至2027-06-30止。同意请将验证码 ****** 告诉对方，" +
          "10 分钟内有效；如不同意，请勿告诉任何人。",
      },
    });
    const en = render("sms", "mandate.consent_code", "en", {
      ...samples["mandate.consent_code"],
      agent: "Li Qiang",
      services: "every service",
    });
    expect(en.text).toBe(
      "[Tongban] Li Qiang asks to act for you in every service until 2027-06-30. To agree, give them " +
        "code 428915 (valid 10 minutes). If you do not agree, share it with no one.",
    );
    expect(checkParams("mandate.consent_code", { ...samples["mandate.consent_code"], agent: "" })).toEqual([
      { field: "/params/agent", message: "must be a non-empty text" },
    ]);
  });

  it.each(TEMPLATE_NAMES.flatMap((name) => LOCALES.map((locale) => [name, locale] as const)))(
    "renders %s in %s with a subject, a text body and an HTML page carrying every parameter",
    (name, locale) => {
      const params = samples[name];
      const message = render("email", name, locale, params);
      expect(message.subject).toBeTruthy();
      expect(message.html).toMatch(new RegExp(`^<!doctype html><html lang="${locale}">`));
      // The short link is the text message's: an e-mail has room for the full one.
      for (const [key, value] of Object.entries(params)) {
        if (key === "short") continue;
        expect(message.text).toContain(String(value));
        expect(message.html).toContain(inHtml(value));
      }
    },
  );

  it("writes each language in its own words", () => {
    const zh = render("email", "account.reset_password", "zh-CN", samples["account.reset_password"]);
    const en = render("email", "account.reset_password", "en", samples["account.reset_password"]);
    expect(zh.subject).toBe("重设您的通办密码");
    expect(zh.text).toContain("请在 60 分钟内打开下面的链接");
    expect(en.subject).toBe("Reset your Tongban password");
    expect(en.text).toContain("within 60 minutes");
    expect(render("email", "one_time_code", "en", { ...samples.one_time_code, minutes: 1 }).text).toContain(
      "valid for 1 minute.",
    );
  });

  it("escapes every parameter in the HTML body and keeps the text body as given", () => {
    const message = render("email", "account.verify_email", "en", {
      name: `<img src=x onerror="alert(1)"> & 'Co'`,
      link: `https://tongban.example/verify?a=1&b="><script>alert(1)</script>`,
    });
    expect(message.html).not.toMatch(/<img|<script|onerror="/);
    expect(message.html).toContain("&#60;img src=x onerror=&#34;alert(1)&#34;&#62; &#38; &#39;Co&#39;");
    expect(message.html).toContain(
      'href="https://tongban.example/verify?a=1&#38;b=&#34;&#62;&#60;script&#62;',
    );
    expect(message.text).toContain(`Hello <img src=x onerror="alert(1)"> & 'Co',`);
  });

  it("has a short signed text message only where one makes sense", () => {
    expect(channelsOf("one_time_code")).toEqual(["email", "sms"]);
    expect(channelsOf("account.verify_email")).toEqual(["email"]);
    expect(render("sms", "one_time_code", "zh-CN", samples.one_time_code)).toEqual({
      text: "【通办】您的验证码为 428915，用于确认授权委托，10 分钟内有效。请勿告诉他人。",
      redacted: { text: "【通办】您的验证码为 ******，用于确认授权委托，10 分钟内有效。请勿告诉他人。" },
    });
    expect(() => render("sms", "account.verify_email", "zh-CN", samples["account.verify_email"])).toThrow(
      /no words for a text message/,
    );
    expect(() => render("email", "no.such", "en", {})).toThrow(/Unknown notification template "no.such"/);
  });

  // What the log transport writes outside the demo: no template may let a secret through.
  it.each(TEMPLATE_NAMES)("%s keeps every code and link secret out of its redacted words", (name) => {
    const params: Record<string, string | number> = samples[name];
    const kinds = paramKinds(name);
    const secrets = Object.entries(params).flatMap(([key, value]) => {
      if (kinds[key] === "code") return [String(value)];
      if (kinds[key] === "secret_link") return [String(value).split("/").at(-1) as string];
      if (kinds[key] === "link") return [...new URL(String(value)).searchParams.values()];
      return [];
    });
    const seen = new Set<string>();
    for (const channel of channelsOf(name)) {
      for (const locale of LOCALES) {
        const { text, redacted } = render(channel, name, locale, params);
        const shown = `${redacted.subject ?? ""}\n${redacted.text}`;
        for (const secret of secrets) {
          if (text.includes(secret)) seen.add(secret);
          expect(shown).not.toContain(secret);
        }
        // The rest of the message is left as it was.
        expect(redacted.text.length).toBeGreaterThan(text.length / 2);
      }
    }
    // Each secret is in some message (the short link only in the text message), so its absence counts.
    expect([...seen].sort()).toEqual([...secrets].sort());
  });

  it("masks codes as stars of their length, query values, and the token step of a secret link", () => {
    const { redacted } = render(
      "email",
      "account.reset_password",
      "zh-CN",
      samples["account.reset_password"],
    );
    expect(redacted.text).toContain("https://tongban.example/account/reset?token=***\n");
    const invite = render("sms", "rating.invite", "zh-CN", samples["rating.invite"]);
    expect(invite.redacted.text).toBe(
      "【通办】您的办件330523-20260701-000123已办结，请评价本次服务： https://tongban.example/rate/***",
    );
    const submitted = render("sms", "case.submitted", "en", samples["case.submitted"]);
    expect(submitted.redacted.text).toMatch(
      /case 330523-20260701-000123\. https:\/\/tongban\.example\/c\/\*\*\*$/,
    );
    const locker = render("email", "locker.pickup_code", "en", samples["locker.pickup_code"]);
    expect(locker.redacted.text).toContain("Pick-up code: ******.");
    // The case's own link needs a signed-in owner: it stays readable.
    expect(locker.redacted.text).toContain(link);
  });

  it("lists every problem with the parameters at once", () => {
    expect(checkParams("account.reset_password", samples["account.reset_password"])).toEqual([]);
    expect(
      checkParams("account.reset_password", {
        name: "",
        link: "javascript:alert(1)",
        minutes: 1.5,
        extra: 1,
      }),
    ).toEqual([
      { field: "/params/name", message: "must be a non-empty text" },
      { field: "/params/link", message: "must be an http:// or https:// link" },
      { field: "/params/minutes", message: "must be a whole number of minutes, at least 1" },
      { field: "/params/extra", message: "is not a parameter of this template" },
    ]);
    expect(checkParams("one_time_code", { code: "12 34", purpose: "a\nb", minutes: 5 })).toEqual([
      { field: "/params/code", message: "must be 4 to 12 letters or digits" },
      { field: "/params/purpose", message: "must be one line without control characters" },
    ]);
    expect(checkParams("one_time_code", null)).toEqual([{ field: "/params", message: "must be an object" }]);
  });

  describe("about cases and tasks", () => {
    const caseNames = TEMPLATE_NAMES.filter((name) => /^(case|task)\./.test(name));

    it("go by text message where the brief says, and by e-mail always", () => {
      const bySms = caseNames.filter((name) => channelsOf(name).includes("sms")).sort();
      expect(bySms).toEqual([
        "case.accepted",
        "case.closed",
        "case.decided",
        "case.decision_reversed",
        "case.escalated",
        "case.ready_for_delivery",
        "case.rejected",
        "case.submitted",
        "case.supplement_requested",
        "task.overdue",
        "task.warning",
      ]);
    });

    // One text message is billed per 70 characters: with a real case number and item name the words fit
    // one; the applicant's carry the case's short link after them (a second part at most), staff's none.
    it.each(caseNames.filter((name) => channelsOf(name).includes("sms")))(
      "%s says it in one Chinese text message of 70 characters, signed 【通办】, and ends with the short link",
      (name) => {
        const { text } = render("sms", name, "zh-CN", samples[name]);
        expect(text.startsWith("【通办】")).toBe(true);
        expect(text).toContain(aCase.caseNumber);
        const theirs = name.startsWith("case.") && name !== "case.escalated";
        const words = theirs ? text.slice(0, -` ${short}`.length) : text;
        if (theirs) expect(text.endsWith(` ${short}`)).toBe(true);
        expect(words).not.toContain("http");
        expect([...words].length).toBeLessThanOrEqual(70);
        expect(render("sms", name, "en", samples[name]).text).toMatch(/^\[Tongban\] /);
      },
    );

    it("list the missing materials one a line: kept as lines in the text, <br> in the HTML", () => {
      const params = {
        ...samples["case.supplement_requested"],
        items: `1. 身份证<script>\n2. 租赁合同 & 房产证`,
      };
      const message = render("email", "case.supplement_requested", "zh-CN", params);
      expect(message.subject).toBe("请补正材料：食品经营许可");
      expect(message.text).toContain("现一次性告知如下：\n1. 身份证<script>\n2. 租赁合同 & 房产证\n");
      expect(message.html).toContain(
        "现一次性告知如下：<br>1. 身份证&#60;script&#62;<br>2. 租赁合同 &#38; 房产证",
      );
      expect(message.html).not.toContain("<script>");
      expect(message.text).toContain(`打开办件：${link}`);
    });

    it("refuse a one-line parameter with a line break, and control characters in a multi-line one", () => {
      const base = samples["case.rejected"];
      expect(checkParams("case.rejected", base)).toEqual([]);
      expect(
        checkParams("case.rejected", { ...base, itemName: "a\nb", reason: "x\u0007y", link: "ftp://x" }),
      ).toEqual([
        { field: "/params/itemName", message: "must be one line without control characters" },
        { field: "/params/link", message: "must be an http:// or https:// link" },
        {
          field: "/params/reason",
          message: "must be text without control characters other than line breaks",
        },
      ]);
      expect(checkParams("case.rejected", { ...base, reason: "长".repeat(2001) })).toEqual([
        { field: "/params/reason", message: "must be at most 2000 characters" },
      ]);
    });

    it("give the inbox a title and the same paragraphs as the e-mail, without the link or the footer", () => {
      expect(renderInbox("case.accepted", "zh-CN", samples["case.accepted"])).toEqual({
        title: "申请已受理：食品经营许可",
        body: "您申请的“食品经营许可”（办件编号 330523-20260701-000123）已受理，承诺于 2026年7月15日 前办结。",
      });
      const en = renderInbox("case.accepted", "en", {
        ...samples["case.accepted"],
        itemName: "Food licence",
        dueDate: "15 July 2026",
      });
      expect(en.title).toBe("Application accepted: Food licence");
      expect(en.body).toContain("It will be decided by 15 July 2026.");
      // A template without words of its own for the inbox shows the e-mail's subject and text.
      const mail = renderInbox("account.verify_email", "en", samples["account.verify_email"]);
      expect(mail.title).toBe("Confirm your e-mail address — Tongban");
      expect(mail.body).toContain("Hello 张三,");
      expect(mail.body).not.toContain("sent automatically");
    });
  });
});
