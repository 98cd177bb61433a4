import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cookiesOf, createTestApp, type TestApp } from "../../../test/app.ts";
import { personAccount, TEST_PASSWORD } from "../../../test/factories.ts";
import { formSession, postForm } from "../../modules/applicants/testing.ts";
import { cookieJar } from "./cookies.ts";

/** The Set-Cookie header of a response that sets `name`, attributes and all. */
function setCookie(response: { headers: Record<string, unknown> }, name: string): string {
  const raw = response.headers["set-cookie"];
  const list = Array.isArray(raw) ? raw.map(String) : raw ? [String(raw)] : [];
  const found = list.find((entry) => entry.startsWith(`${name}=`));
  if (!found) throw new Error(`no ${name} cookie in ${JSON.stringify(list)}`);
  return found;
}

/** What a browser demands of a `__Host-` cookie: Secure, path /, no Domain. */
function expectHostCookie(header: string) {
  expect(header).toMatch(/^__Host-/);
  expect(header).toMatch(/;\s*Secure(;|$)/i);
  expect(header).toMatch(/;\s*Path=\/(;|$)/);
  expect(header).not.toMatch(/;\s*Domain=/i);
  expect(header).toMatch(/;\s*SameSite=Lax/i);
}

describe("the cookie jar", () => {
  it("prefixes every name with __Host- over https, forcing Secure and path /, and leaves http alone", () => {
    const https = cookieJar("https://zwfw.example.gov.cn");
    const http = cookieJar("http://localhost:3000");
    for (const kind of ["session", "csrf", "oidc", "lang", "mode"] as const) {
      expect(https.name(kind)).toBe(`__Host-tb_${kind}`);
      expect(http.name(kind)).toBe(`tb_${kind}`);
    }
    // The identity platform's state is kept for its callback over http; a __Host- cookie cannot be.
    expect(https.options({ path: "/account/signin/oidc", httpOnly: true })).toEqual({
      path: "/",
      secure: true,
      sameSite: "lax",
      httpOnly: true,
    });
    expect(http.options({ path: "/account/signin/oidc" })).toEqual({
      path: "/account/signin/oidc",
      secure: false,
      sameSite: "lax",
    });
  });
});

describe("cookies of an installation on https", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      env: {
        BASE_URL: "https://zwfw.example.gov.cn",
        REQUIRE_TLS: "false",
        SIGNIN_PER_IP_PER_MINUTE: "1000",
      },
    });
  });
  afterAll(() => t.close());

  const person = () => personAccount(t.platform);

  it("signs a person in under __Host-tb_session, reads no unprefixed session cookie, and signs out", async () => {
    const { email } = await person();
    const response = await t.app.inject({
      method: "POST",
      url: "/api/v1/account-session",
      payload: { identifier: email, password: TEST_PASSWORD },
    });
    expect(response.statusCode, response.body).toBe(201);
    const header = setCookie(response, "__Host-tb_session");
    expectHostCookie(header);
    expect(header).toMatch(/;\s*HttpOnly/i);
    expect(cookiesOf(response).tb_session).toBeUndefined();
    const token = cookiesOf(response)["__Host-tb_session"] as string;

    const account = (cookie: string) => t.app.inject({ url: "/api/v1/account", headers: { cookie } });
    expect((await account(`__Host-tb_session=${token}`)).statusCode).toBe(200);
    // A cookie without the prefix could have been planted over http or by a subdomain: never read.
    expect((await account(`tb_session=${token}`)).statusCode).toBe(401);

    const out = await t.app.inject({
      method: "DELETE",
      url: "/api/v1/account-session",
      headers: { cookie: `__Host-tb_session=${token}` },
    });
    expect(out.statusCode).toBe(204);
    const cleared = setCookie(out, "__Host-tb_session");
    expectHostCookie(cleared);
    expect(cleared).toMatch(/Expires=Thu, 01 Jan 1970/);
    expect((await account(`__Host-tb_session=${token}`)).statusCode).toBe(401);
  });

  it("keeps CSRF-protected forms working under __Host-tb_csrf, and refuses a form without the token", async () => {
    const { email } = await person();
    const form = await formSession(t, "/account/signin");
    expectHostCookie(setCookie(form.page, "__Host-tb_csrf"));
    expect(form.cookie).toMatch(/^__Host-tb_csrf=/);

    const forged = await postForm(
      t,
      "/account/signin",
      { identifier: email, password: TEST_PASSWORD },
      {
        cookie: form.cookie,
      },
    );
    expect(forged.statusCode).toBe(403);
    const signedIn = await postForm(
      t,
      "/account/signin",
      { identifier: email, password: TEST_PASSWORD },
      form,
    );
    expect(signedIn.statusCode, signedIn.body).toBe(303);
    expectHostCookie(setCookie(signedIn, "__Host-tb_session"));

    // A signed-in form too: signing out from the account page.
    const session = `__Host-tb_session=${cookiesOf(signedIn)["__Host-tb_session"]}`;
    const page = await formSession(t, "/account", session);
    const out = await postForm(t, "/account/signout", {}, page);
    expect(out.statusCode).toBe(303);
    expect((await t.app.inject({ url: "/api/v1/account", headers: { cookie: session } })).statusCode).toBe(
      401,
    );
  });

  it("switches language and mode under __Host- names, and ignores the unprefixed ones", async () => {
    const lang = await t.app.inject({ url: "/preferences/lang?to=en&back=%2F" });
    expect(lang.statusCode).toBe(303);
    expectHostCookie(setCookie(lang, "__Host-tb_lang"));
    expect(cookiesOf(lang)["__Host-tb_lang"]).toBe("en");
    const home = (cookie: string) =>
      t.app.inject({ url: "/", headers: { cookie, "accept-language": "zh-CN" } });
    expect((await home("__Host-tb_lang=en")).body).toContain('<html lang="en"');
    expect((await home("tb_lang=en")).body).toContain('<html lang="zh-CN"');

    const mode = await t.app.inject({ url: "/preferences/mode?to=elder&back=%2F" });
    expectHostCookie(setCookie(mode, "__Host-tb_mode"));
    expect((await home("__Host-tb_mode=elder")).body).toContain('class="elder"');
    expect((await home("tb_mode=elder")).body).not.toContain('class="elder"');
  });

  it("names the prefixed session cookie in the API description", async () => {
    const spec = (await t.app.inject({ url: "/openapi.json" })).json();
    expect(spec.components.securitySchemes.session).toMatchObject({
      in: "cookie",
      name: "__Host-tb_session",
    });
  });
});
