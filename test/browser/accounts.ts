/** People for browser tests: accounts opened through the API, and signing in on the page a test is at. */
import type { Page } from "playwright-core";
import { idNumber, TEST_PASSWORD } from "../factories.ts";

export interface Person {
  name: string;
  idNumber: string;
  email: string;
}

/** A person of 古城村 (or `addressRegionCode`) with an account, opened through the API as the sign-up page would. */
export async function signUp(
  baseUrl: string,
  { name = "王小明", addressRegionCode = "330523001201" } = {},
): Promise<Person> {
  const person = {
    name,
    idNumber: idNumber(),
    email: `person.${Date.now()}.${Math.random().toString(36).slice(2, 8)}@example.cn`,
  };
  const response = await fetch(`${baseUrl}/api/v1/accounts`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      ...person,
      mobile: `139${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`,
      password: TEST_PASSWORD,
      addressRegionCode,
    }),
  });
  if (response.status !== 201) throw new Error(`sign-up: ${response.status} ${await response.text()}`);
  return person;
}

/** Fills the person's sign-in form the page shows and waits for the page it leads to. */
export async function signInAsPerson(page: Page, email: string): Promise<void> {
  await page.locator("#identifier").fill(email);
  await page.locator("#password").fill(TEST_PASSWORD);
  const loaded = page.waitForEvent("load");
  await page.locator("main form button[type=submit]").click();
  await loaded;
}
