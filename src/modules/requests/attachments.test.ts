import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../../../test/app.ts";
import { exeBytes, JPEG, PNG } from "../../platform/files/fixtures.ts";
import { location, mainText, open, type Tab } from "../applications/pages-testing.ts";
import { call, caseTestApp } from "../cases/testing.ts";
import { someone } from "../mandates/testing.ts";
import { ATTACHMENT_BYTES } from "./filing.ts";
import { aComplaint, fileVia, freshAddress, type RequestsWorld, requestsWorld, VILLAGE } from "./testing.ts";

let t: TestApp;
let w: RequestsWorld;

beforeAll(async () => {
  t = await caseTestApp();
  w = await requestsWorld(t);
});
afterAll(async () => {
  await t.close();
});

type Part = { name: string; value: string } | { name: string; file: Buffer; filename: string; type: string };

/** The form as a browser posts it: multipart, the token in the address, the files after the fields. */
function postForm(tab: Tab, parts: Part[]): Promise<LightMyRequestResponse> {
  const boundary = `----tongban${Math.random().toString(16).slice(2)}`;
  const chunks = parts.flatMap((p) =>
    "file" in p
      ? [
          Buffer.from(
            `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"; filename="${p.filename}"\r\nContent-Type: ${p.type}\r\n\r\n`,
          ),
          p.file,
          Buffer.from("\r\n"),
        ]
      : [
          Buffer.from(
            `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"\r\n\r\n${p.value}\r\n`,
          ),
        ],
  );
  return t.app.inject({
    method: "POST",
    url: `/requests?_csrf=${encodeURIComponent(tab.csrf)}`,
    remoteAddress: freshAddress(),
    headers: {
      cookie: tab.cookie,
      accept: "text/html",
      "content-type": `multipart/form-data; boundary=${boundary}`,
    },
    payload: Buffer.concat([...chunks, Buffer.from(`--${boundary}--\r\n`)]),
  });
}

const fields = (values: Record<string, string>): Part[] =>
  Object.entries(values).map(([name, value]) => ({ name, value }));
const photo = (file: Buffer, filename = "现场.jpg", type = "image/jpeg"): Part => ({
  name: "attachments",
  file,
  filename,
  type,
});
const noise = {
  category: "noise",
  regionCode: VILLAGE,
  text: "工地夜间施工噪音很大，附照片为证。",
  contactPreference: "sms",
  phone: "13900003333",
};

async function fileWithPhotos(): Promise<{ number: string; token: string; followUrl: string }> {
  const { response, tab } = await open(t, undefined, `/requests/new?near=${VILLAGE}`);
  expect(response.body).toContain('enctype="multipart/form-data"');
  expect(response.body).toMatch(/<input[^>]+type="file"[^>]+name="attachments"/);
  const filed = await postForm(tab, [...fields(noise), photo(JPEG), photo(PNG, "plan.png", "image/png")]);
  expect(filed.statusCode, filed.body).toBe(303);
  const [, number = "", token = ""] =
    /\/requests\/(\d{16})\?filed=1&token=([^&]+)/.exec(location(filed)) ?? [];
  return { number, token: decodeURIComponent(token), followUrl: location(filed) };
}

const links = (html: string) => [
  ...html.matchAll(/href="(\/api\/v1\/[^"]*\/attachments\/[0-9a-f]{64}[^"]*)"/g),
];

describe("attachments on the form", () => {
  it("are sent with the form and shown, with their size, to the requester and to the staff over it", async () => {
    const filed = await fileWithPhotos();
    const follow = await open(t, undefined, filed.followUrl);
    const mine = links(follow.response.body).map((m) => (m[1] as string).replaceAll("&amp;", "&"));
    expect(mine).toHaveLength(2);
    expect(follow.response.body).toMatch(/<img[^>]+src="\/api\/v1\/requests\/\d{16}\/attachments\//);
    expect(mainText(follow.response.body)).toMatch(/附件 1（JPEG，1 KB）/);
    const first = await t.app.inject({ url: mine[0] as string });
    expect(first.statusCode).toBe(200);
    expect(first.headers["content-type"]).toBe("image/jpeg");
    expect(first.headers["content-disposition"]).toContain(`${filed.number}-1.jpg`);
    expect(first.headers["x-content-type-options"]).toBe("nosniff");

    const staffPage = await call(t, w.police, "GET", `/work/requests/${filed.number}`, undefined, {
      accept: "text/html",
    });
    const theirs = links(staffPage.body).map((m) => m[1] as string);
    expect(theirs).toHaveLength(2);
    expect((await call(t, w.police, "GET", theirs[1] as string)).headers["content-type"]).toBe("image/png");
  });

  it("are refused to anyone else with 404: no token, a wrong one, another person, staff elsewhere", async () => {
    const filed = await fileWithPhotos();
    const sha = (await call(t, w.police, "GET", `/api/v1/work/requests/${filed.number}`)).json()
      .attachments[0] as string;
    const own = `/api/v1/requests/${filed.number}/attachments/${sha}`;
    expect((await call(t, undefined, "GET", `${own}?token=${filed.token}`)).statusCode).toBe(200);
    expect((await call(t, undefined, "GET", own)).statusCode).toBe(404);
    expect((await call(t, undefined, "GET", `${own}?token=wrong`)).statusCode).toBe(404);
    expect((await call(t, await someone(t), "GET", own)).statusCode).toBe(404);
    const staff = `/api/v1/work/requests/${filed.number}/attachments/${sha}`;
    expect((await call(t, w.otherPolice, "GET", staff)).statusCode).toBe(404);
    expect((await call(t, w.market, "GET", staff)).statusCode).toBe(404);
    expect((await call(t, undefined, "GET", staff)).statusCode).toBe(401);
    // This request's file, named under a request without it, is not found there.
    const other = (await fileVia(t, undefined, aComplaint)).json() as { number: string; token: string };
    const elsewhere = `/api/v1/requests/${other.number}/attachments/${sha}?token=${other.token}`;
    expect((await call(t, undefined, "GET", elsewhere)).statusCode).toBe(404);
    expect(
      (await call(t, undefined, "GET", `/api/v1/requests/${other.number}?token=${other.token}`)).statusCode,
    ).toBe(200);
  });

  it("never appear on the published replies or in Open311's lists", async () => {
    const filed = await fileWithPhotos();
    const replied = await call(t, w.police, "POST", `/api/v1/work/requests/${filed.number}/reply`, {
      text: "已责令工地夜间停工。",
      public: true,
    });
    expect(replied.statusCode, replied.body).toBe(200);
    const sha = (await call(t, w.police, "GET", `/api/v1/work/requests/${filed.number}`)).json()
      .attachments[0] as string;
    const replies = await t.app.inject({ url: "/requests/replies", headers: { accept: "text/html" } });
    expect(replies.body).toContain(filed.number);
    const open311 = await t.app.inject({
      url: `/open311/v2/requests.json?service_request_id=${filed.number}`,
    });
    expect(open311.statusCode).toBe(200);
    expect(open311.json()[0].media_url).toBe("");
    for (const body of [
      replies.body,
      open311.body,
      (await call(t, undefined, "GET", "/api/v1/request-replies")).body,
    ])
      expect(body).not.toContain(sha);
  });
});

describe("a refused attachment", () => {
  const base = noise;
  const kept = (html: string) => {
    expect(html).toContain("工地夜间施工噪音很大");
    expect(html).toContain('value="13900003333"');
    expect(html).toContain('href="#attachments"');
    expect(html).toContain('id="attachments-error"');
  };

  it("comes back beside the file field with every other field kept: a program named as a photo", async () => {
    const { tab } = await open(t, undefined, `/requests/new?near=${VILLAGE}`);
    const refused = await postForm(tab, [...fields(noise), photo(exeBytes(), "照片.jpg")]);
    expect(refused.statusCode).toBe(400);
    kept(refused.body);
    expect(mainText(refused.body)).toContain("可执行程序");
  });

  it("comes back when a file is too large, or there are too many, and names the other fields' problems too", async () => {
    const { tab } = await open(t, undefined, `/requests/new?near=${VILLAGE}`);
    const noise = { ...base, text: "工地夜间施工噪音很大，这次没有提交成功。" };
    const big = Buffer.concat([PNG, Buffer.alloc(ATTACHMENT_BYTES)]);
    const tooBig = await postForm(tab, [...fields(noise), photo(big, "big.png", "image/png")]);
    expect(tooBig.statusCode).toBe(400);
    kept(tooBig.body);
    expect(mainText(tooBig.body)).toContain("5 MB");

    const four = [1, 2, 3, 4].map(() => photo(PNG, "p.png", "image/png"));
    const tooMany = await postForm(tab, [...fields({ ...noise, email: "bad address" }), ...four]);
    expect(tooMany.statusCode).toBe(400);
    kept(tooMany.body);
    expect(tooMany.body).toContain('href="#email"');
    expect(mainText(tooMany.body)).toContain("附件最多 3 个");
    const five = [...four, photo(PNG, "p.png", "image/png")];
    const wayTooMany = await postForm(tab, [...fields(noise), ...five]);
    expect(wayTooMany.statusCode).toBe(400);
    kept(wayTooMany.body);
    const count = await t.platform.database.db
      .selectFrom("public_requests")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("text", "=", noise.text)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it("needs the form's token like every other form", async () => {
    const { tab } = await open(t, undefined, `/requests/new?near=${VILLAGE}`);
    const forged = await postForm({ ...tab, csrf: "forged" }, [...fields(noise), photo(JPEG)]);
    expect(forged.statusCode).toBe(403);
  });
});
