import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.ts";

const dataDir = () => mkdtempSync(join(tmpdir(), "tongban-config-"));
const TOKEN = "t".repeat(40);

function load(env: Record<string, string>) {
  return loadConfig({ DATA_DIR: dataDir(), ...env });
}

function failure(env: Record<string, string>): string {
  try {
    load(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("expected the configuration to be refused");
}

function secretFile(content: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "tongban-secret-")), "secret");
  writeFileSync(file, content, { mode: 0o600 });
  return file;
}

describe("the SMS gateway's settings", () => {
  it("turns the gateway on with SMS_URL alone, signed 通办 unless SMS_SIGN_NAME says otherwise", () => {
    expect(load({}).sms).toBeUndefined();
    expect(load({ SMS_URL: "https://sms.example.gov.cn/send" }).sms).toEqual({
      url: "https://sms.example.gov.cn/send",
      token: undefined,
      signName: "通办",
    });
    expect(
      load({ SMS_URL: "https://sms.example.gov.cn/send", SMS_TOKEN: TOKEN, SMS_SIGN_NAME: "安吉政务" }).sms,
    ).toEqual({ url: "https://sms.example.gov.cn/send", token: TOKEN, signName: "安吉政务" });
  });

  it("reads SMS_URL and SMS_TOKEN from files, and refuses an empty one naming it", () => {
    const config = load({
      SMS_URL_FILE: secretFile("https://sms.example.gov.cn/send?key=k3y\n"),
      SMS_TOKEN_FILE: secretFile(`${TOKEN}\n`),
    });
    expect(config.sms).toMatchObject({ url: "https://sms.example.gov.cn/send?key=k3y", token: TOKEN });
    const empty = secretFile("\n");
    expect(failure({ SMS_URL_FILE: empty })).toBe(`SMS_URL_FILE names "${empty}", which is empty`);
    expect(failure({ SMS_URL: "https://a.example", SMS_URL_FILE: secretFile("https://b.example\n") })).toBe(
      "SMS_URL and SMS_URL_FILE are both set: give SMS_URL one way only",
    );
  });

  it("stops the start on a bad value, naming the setting and never repeating a URL that may hold a key", () => {
    const notUrl = failure({ SMS_URL: "sms gateway?key=s3cret" });
    expect(notUrl).toBe("SMS_URL is not a valid URL (expected https://…, the address of the SMS gateway)");
    expect(failure({ SMS_URL: "ftp://sms.example.gov.cn/send" })).toBe(
      "SMS_URL must start with https:// or http:// (got ftp://…)",
    );
    expect(failure({ SMS_TOKEN: TOKEN })).toBe(
      "SMS_TOKEN is set but SMS_URL is not: set the gateway's URL too (https://…), or unset SMS_TOKEN",
    );
    expect(failure({ SMS_SIGN_NAME: "安吉政务" })).toMatch(/^SMS_SIGN_NAME is set but SMS_URL is not/);
    expect(failure({ SMS_URL: "https://sms.example.gov.cn", SMS_TOKEN: "short" })).toMatch(
      /^SMS_TOKEN must be at least 32 characters long/,
    );
    expect(failure({ SMS_URL: "https://sms.example.gov.cn", SMS_SIGN_NAME: "【通办】" })).toBe(
      'SMS_SIGN_NAME must be 2 to 12 letters or digits, without 【】 (got "【通办】")',
    );
  });

  it("refuses an http gateway across the network under REQUIRE_TLS, and spares one on this machine", () => {
    expect(failure({ REQUIRE_TLS: "true", SMS_URL: "http://sms.example.gov.cn/send" })).toBe(
      "SMS_URL must start with https:// while REQUIRE_TLS is on (got http://sms.example.gov.cn…), or set REQUIRE_TLS=false to accept plain text",
    );
    expect(load({ REQUIRE_TLS: "true", SMS_URL: "http://127.0.0.1:8080/send" }).sms?.url).toBe(
      "http://127.0.0.1:8080/send",
    );
    expect(load({ REQUIRE_TLS: "true", SMS_URL: "https://sms.example.gov.cn/send" }).requireTls).toBe(true);
    expect(load({ SMS_URL: "http://sms.example.gov.cn/send" }).sms?.url).toBe(
      "http://sms.example.gov.cn/send",
    );
  });
});
