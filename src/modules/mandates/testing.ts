/** For tests of mandates: people signed in, codes read from the outbox, requests as each of them. */
import { randomInt } from "node:crypto";
import type { TestApp } from "../../../test/app.ts";
import { personAccount } from "../../../test/factories.ts";
import type { Actor } from "../../platform/policy.ts";
import { outbox, sessionCookie } from "../applicants/testing.ts";
import { addDays, dayOf } from "./dates.ts";

export interface Someone {
  id: string;
  name: string;
  email: string;
  idNumber: string;
  mobile: string;
  cookie: string;
  actor: Actor;
}

/** A unique mainland mobile number. */
export const mobileNumber = () => `139${String(randomInt(0, 100_000_000)).padStart(8, "0")}`;

/** A person with an account (and a mobile number unless `mobile: null`), signed in. */
export async function someone(
  t: TestApp,
  options: { name?: string; mobile?: string | null; addressRegionCode?: string } = {},
): Promise<Someone> {
  const mobile = options.mobile === null ? "" : (options.mobile ?? mobileNumber());
  const person = await personAccount(t.platform, {
    ...(options.name ? { name: options.name } : {}),
    ...(mobile ? { mobile } : {}),
    ...(options.addressRegionCode ? { addressRegionCode: options.addressRegionCode } : {}),
  });
  return {
    ...person,
    mobile,
    cookie: await sessionCookie(t, person.email),
    actor: { kind: "person", id: person.id, name: person.name },
  };
}

/** A JSON request as someone (or anonymously). */
export function as(
  t: TestApp,
  who: { cookie: string } | undefined,
  method: "GET" | "POST" | "DELETE",
  url: string,
  payload?: object,
) {
  return t.app.inject({
    method,
    url,
    ...(who ? { headers: { cookie: who.cookie } } : {}),
    ...(payload ? { payload } : {}),
  });
}

/** A day relative to today in China: `day(0)` is today, `day(30)` a month ahead. */
export const day = (offset: number) => addDays(dayOf(new Date()), offset);

/** The parameters of the newest consent text message sent to a mobile number. */
export async function consentMessage(t: TestApp, mobile: string) {
  const message = (await outbox(t, mobile)).filter((m) => m.template === "mandate.consent_code").at(-1);
  if (!message) throw new Error(`No consent code was sent to ${mobile}`);
  return message;
}

/** A code that is not `code` (for wrong tries). */
export const otherCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, "0");
