/** For tests of person accounts: signing in through the API and reading the links the outbox holds. */
import { sql } from "kysely";
import { cookiesOf, type TestApp } from "../../../test/app.ts";
import { TEST_PASSWORD } from "../../../test/factories.ts";

export function apiSignIn(t: TestApp, identifier: string, password = TEST_PASSWORD, cookie?: string) {
  return t.app.inject({
    method: "POST",
    url: "/api/v1/account-session",
    payload: { identifier, password },
    ...(cookie ? { headers: { cookie } } : {}),
  });
}

/** The session cookie of a successful sign-in, ready for a Cookie header. */
export async function sessionCookie(
  t: TestApp,
  identifier: string,
  password = TEST_PASSWORD,
): Promise<string> {
  const response = await apiSignIn(t, identifier, password);
  if (response.statusCode !== 201) throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
  return `tb_session=${cookiesOf(response).tb_session}`;
}

export interface QueuedMessage {
  id: string;
  template: string;
  locale: string;
  params: Record<string, string | number>;
}

/** The messages queued for an address, oldest first. */
export async function outbox(t: TestApp, recipient: string): Promise<QueuedMessage[]> {
  const result = await sql<QueuedMessage>`
    select id, template, locale, params from notifications where recipient = ${recipient} order by created_at, id`.execute(
    t.platform.database.db,
  );
  return result.rows;
}

/** The token in the link of the newest message of a template sent to an address. */
export async function tokenFor(t: TestApp, recipient: string, template: string): Promise<string> {
  const message = (await outbox(t, recipient)).filter((m) => m.template === template).at(-1);
  if (!message) throw new Error(`No ${template} message queued for ${recipient}`);
  const token = new URL(String(message.params.link)).searchParams.get("token");
  if (!token) throw new Error(`The ${template} link has no token`);
  return token;
}

/** A page's CSRF token and the cookies that go with it. */
export async function formSession(t: TestApp, url: string, cookie?: string) {
  const page = await t.app.inject({ url, ...(cookie ? { headers: { cookie } } : {}) });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
  if (!csrf) throw new Error(`No CSRF field on ${url}`);
  const cookies = Object.entries(cookiesOf(page)).map(([k, v]) => `${k}=${v}`);
  return { csrf, cookie: [...(cookie ? [cookie] : []), ...cookies].join("; "), page };
}

/** Posts a form as a browser would, with the page's CSRF token unless told otherwise. */
export async function postForm(
  t: TestApp,
  url: string,
  fields: Record<string, string>,
  session: { csrf?: string; cookie: string },
) {
  return t.app.inject({
    method: "POST",
    url,
    headers: {
      cookie: session.cookie,
      "content-type": "application/x-www-form-urlencoded",
      accept: "text/html",
    },
    payload: new URLSearchParams({ ...(session.csrf ? { _csrf: session.csrf } : {}), ...fields }).toString(),
  });
}
