/** For tests of people's second factor: codes of a secret, and a person enrolled through the API. */
import { generate } from "otplib";
import { expect } from "vitest";
import { cookiesOf, type TestApp } from "../../../test/app.ts";
import { personAccount, TEST_PASSWORD } from "../../../test/factories.ts";
import { sessionCookie } from "./testing.ts";

export const codeAt = (secret: string, offsetSeconds = 0) =>
  generate({ secret, epoch: Math.floor(Date.now() / 1000) + offsetSeconds });

/** A code that matches none of the steps the server accepts now. */
export async function wrongCode(secret: string): Promise<string> {
  const valid = new Set(await Promise.all([-60, -30, 0, 30, 60].map((s) => codeAt(secret, s))));
  return ["000000", "111111", "222222", "333333", "444444", "555555"].find((c) => !valid.has(c)) as string;
}

export const sessionOf = (response: { headers: Record<string, unknown> }) =>
  `tb_session=${cookiesOf(response).tb_session}`;

export function sendCode(t: TestApp, code: unknown, cookie: string, remoteAddress?: string) {
  return t.app.inject({
    method: "POST",
    url: "/api/v1/account-session/mfa",
    payload: code === undefined ? {} : { code },
    headers: { cookie },
    ...(remoteAddress ? { remoteAddress } : {}),
  });
}

/**
 * A person who enrolled an authenticator through the API, with its secret, the recovery codes, the code
 * that confirmed it (its time step is spent) and the session enrolment left them in.
 */
export async function enrolledPerson(t: TestApp) {
  const person = await personAccount(t.platform);
  const signedIn = await sessionCookie(t, person.email);
  const offer = await t.app.inject({
    method: "POST",
    url: "/api/v1/account/mfa",
    payload: { password: TEST_PASSWORD },
    headers: { cookie: signedIn },
  });
  expect(offer.statusCode).toBe(201);
  const secret = offer.json().secret as string;
  const code = await codeAt(secret);
  const confirmed = await t.app.inject({
    method: "POST",
    url: "/api/v1/account/mfa/confirm",
    payload: { code },
    headers: { cookie: signedIn },
  });
  expect(confirmed.statusCode).toBe(201);
  const recoveryCodes = confirmed.json().recoveryCodes as string[];
  return { ...person, secret, code, recoveryCodes, cookie: sessionOf(confirmed), firstCookie: signedIn };
}
