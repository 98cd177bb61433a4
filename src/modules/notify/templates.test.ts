import { describe, expect, it } from "vitest";
import { LOCALES } from "../../platform/config.ts";
import { channelsOf, checkParams, escapeHtml, render, TEMPLATE_NAMES } from "./templates.ts";

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
} as const;

describe("notification templates", () => {
  it("has the templates the account and mandate work needs", () => {
    expect(TEMPLATE_NAMES.sort()).toEqual([
      "account.reset_password",
      "account.verify_email",
      "mandate.consent_code",
      "one_time_code",
    ]);
  });

  it("names the agent, the services and the end date in a mandate's consent code", () => {
    expect(channelsOf("mandate.consent_code")).toEqual(["email", "sms"]);
    expect(render("sms", "mandate.consent_code", "zh-CN", samples["mandate.consent_code"])).toEqual({
      text:
        "【通办】李强请求代您办理全部事项，至2027-06-30止。同意请将验证码 428915 告诉对方，" +
        "10 分钟内有效；如不同意，请勿告诉任何人。",
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
      for (const value of Object.values(params)) {
        expect(message.text).toContain(String(value));
        expect(message.html).toContain(escapeHtml(String(value)));
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
    });
    expect(() => render("sms", "account.verify_email", "zh-CN", samples["account.verify_email"])).toThrow(
      /no words for a text message/,
    );
    expect(() => render("email", "no.such", "en", {})).toThrow(/Unknown notification template "no.such"/);
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
});
