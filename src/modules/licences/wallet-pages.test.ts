import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.ts";
import { creditCode, seedRegionSlice } from "../../../test/factories.ts";
import { QUIET_ZONE, qrMatrix } from "../../platform/documents/qr.ts";
import { assetUrl } from "../../web/assets.ts";
import { formSession, postForm } from "../applicants/testing.ts";
import { as, type Someone, someone } from "../mandates/testing.ts";
import { issueSample, lineStaff, type SignedInStaff } from "./testing.ts";
import { shareLicence } from "./wallet.ts";

let t: TestApp;
let holder: Someone;
let approver: SignedInStaff;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

beforeAll(async () => {
  t = await createTestApp({ env: { SIGNIN_PER_IP_PER_MINUTE: "1000", SESSION_CACHE_SECONDS: "0" } });
  await seedRegionSlice(t.platform.database.db);
  holder = await someone(t, { name: "王小明" });
  approver = await lineStaff(t, "approver", "330523");
});
afterAll(() => t.close());

const page = (url: string, cookie?: string, extra: Record<string, string> = {}) =>
  t.app.inject({ url, headers: { accept: "text/html", ...(cookie ? { cookie } : {}), ...extra } });

const mine = (overrides: Parameters<typeof issueSample>[2] = {}) =>
  issueSample(
    t,
    { kind: "person", id: holder.id, name: holder.name, identifierMasked: "3305**********0012" },
    { now: new Date(Date.now() - DAY), ...overrides },
  );

/** The dark modules drawn by the page's QR image (an SVG data URI), row by row. */
function drawnModules(dataUri: string): boolean[][] {
  const svg = Buffer.from(dataUri.replace("data:image/svg+xml;base64,", ""), "base64").toString("utf8");
  const size = Number(/viewBox="0 0 (\d+) \d+"/.exec(svg)?.[1]);
  const n = size - 2 * QUIET_ZONE;
  const grid = Array.from({ length: n }, () => new Array<boolean>(n).fill(false));
  for (const [, x, y, w] of svg.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
    for (let i = 0; i < Number(w); i++)
      (grid[Number(y) - QUIET_ZONE] as boolean[])[Number(x) - QUIET_ZONE + i] = true;
  }
  return grid;
}

const tokenOf = (url: string) => url.split("/s/")[1] as string;

describe("the wallet page", () => {
  it("sends a visitor who is not signed in to the sign-in form, and back", async () => {
    const response = await page("/wallet");
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/account/signin?next=${encodeURIComponent("/wallet")}`);
    const share = await page("/wallet/licences/L00000000000000000000/share");
    expect(share.statusCode).toBe(303);
    expect((await page("/")).body).not.toContain('href="/wallet"');
  });

  it("lists each licence with its status in words, its documents, and a share button only for a valid one", async () => {
    const valid = await mine();
    const expired = await mine({
      now: new Date(Date.now() - 400 * DAY),
      validUntil: new Date(Date.now() - DAY),
    });
    const revoked = await mine();
    await as(t, approver, "POST", `/api/v1/licences/${revoked.id}/revocation`, {
      reason: "以欺骗手段取得许可",
    });

    const organisation = (
      await as(t, holder, "POST", "/api/v1/organisations", {
        kind: "enterprise",
        name: "安吉小明餐饮有限公司",
        creditCode: creditCode(),
        regionCode: "330523",
      })
    ).json();
    await issueSample(t, {
      kind: "organisation",
      id: organisation.id,
      name: organisation.name,
      identifierMasked: null,
    });

    const zh = await page("/wallet", holder.cookie);
    expect(zh.statusCode).toBe(200);
    expect(zh.body).toContain("<h1>我的证照夹</h1>");
    expect(zh.body).toContain('<a href="/wallet">证照夹</a>');
    expect(zh.body).toContain("<h2");
    expect(zh.body).toContain("本人的证照");
    expect(zh.body).toContain(
      `<h2 id="holder-organisation-${organisation.id}">安吉小明餐饮有限公司的证照</h2>`,
    );
    expect(zh.body.indexOf("本人的证照")).toBeLessThan(zh.body.indexOf("安吉小明餐饮有限公司的证照"));
    const card = (id: string) => {
      const start = zh.body.indexOf(`<article class="card" aria-labelledby="licence-${id}"`);
      return zh.body.slice(start, zh.body.indexOf("</article>", start));
    };
    expect(card(valid.id)).toContain('<span class="tag ok">有效</span>');
    expect(card(valid.id)).toContain(`href="/api/v1/licences/${valid.id}/certificate.pdf"`);
    expect(card(valid.id)).toContain(`href="/verify/${valid.id}"`);
    expect(card(valid.id)).toContain(`href="/wallet/licences/${valid.id}/share"`);
    expect(card(valid.id)).toContain("长期有效");
    expect(card(expired.id)).toContain('<span class="tag">已过期</span>');
    expect(card(expired.id)).not.toContain("/share");
    expect(card(revoked.id)).toContain('<span class="tag">已撤销</span>');
    expect(card(revoked.id)).toContain("撤销原因：以欺骗手段取得许可");
    expect(card(revoked.id)).toContain("不能分享");
    expect(zh.body).not.toContain("<script");

    const en = await page("/wallet", `${holder.cookie}; tb_lang=en`);
    expect(en.body).toContain("<h1>My licence wallet</h1>");
    expect(en.body).toContain("Food business licence");
    expect(en.body).toContain('<span class="tag">Expired</span>');
  });
});

describe("sharing from the wallet", () => {
  it("lists every problem of the form at once, linked to its field, keeping what was typed", async () => {
    const licence = await mine();
    const session = await formSession(t, `/wallet/licences/${licence.id}/share`, holder.cookie);
    expect(session.page.body).toContain("<h1>分享证照</h1>");
    expect(session.page.body).toContain('<label for="recipient">分享给谁</label>');
    expect(session.page.body).toContain("<legend>链接有效期</legend>");
    expect(session.page.body).toMatch(/value="7d" id="lifetime-7d" checked/);

    const refused = await postForm(
      t,
      `/wallet/licences/${licence.id}/shares`,
      { recipient: " ", lifetime: "90d" },
      session,
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('class="error-summary"');
    expect(refused.body).toContain('<a href="#recipient">请填写分享给谁（不超过 100 个字）</a>');
    expect(refused.body).toContain('<a href="#lifetime">请选择链接有效期：1 小时、1 天、7 天或 30 天</a>');
    expect(refused.body).toMatch(/id="recipient"[^>]*aria-invalid="true"/);

    const long = await postForm(
      t,
      `/wallet/licences/${licence.id}/shares`,
      { recipient: "银".repeat(101) },
      session,
    );
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain(`value="${"银".repeat(101)}"`);
  });

  it("refuses a form posted without its token, and makes no link", async () => {
    const licence = await mine();
    const session = await formSession(t, `/wallet/licences/${licence.id}/share`, holder.cookie);
    const forged = await postForm(
      t,
      `/wallet/licences/${licence.id}/shares`,
      { recipient: "招商银行", lifetime: "7d" },
      { cookie: session.cookie },
    );
    expect(forged.statusCode).toBe(403);
    const made = await t.platform.database.db
      .selectFrom("licence_shares")
      .select("id")
      .where("licence_id", "=", licence.id)
      .execute();
    expect(made).toEqual([]);
  });

  it("shows the link once with its QR code; the link opens without sign-in, and the wallet shows the opening", async () => {
    const licence = await mine();
    const session = await formSession(t, `/wallet/licences/${licence.id}/share`, holder.cookie);
    const made = await postForm(
      t,
      `/wallet/licences/${licence.id}/shares`,
      { recipient: "招商银行安吉支行", lifetime: "1d" },
      session,
    );
    expect(made.statusCode).toBe(201);
    expect(made.headers["cache-control"]).toBe("no-store");
    expect(made.body).toContain("<h1>分享链接已生成</h1>");
    const url = /<input type="text" id="share-url" readonly value="([^"]+)"/.exec(made.body)?.[1] as string;
    expect(url).toMatch(/\/s\/[A-Za-z0-9_-]{43}$/);
    const qr = /<img class="qr" src="([^"]+)"/.exec(made.body)?.[1] as string;
    expect(drawnModules(qr)).toEqual(qrMatrix(url));
    expect(made.body).toContain(`alt="分享链接的二维码，内容为：${url}"`);

    const shown = await page(`/s/${tokenOf(url)}`, undefined, {
      "user-agent":
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Version/17.4 Mobile/15E148 Safari/604.1",
    });
    expect(shown.statusCode).toBe(200);
    expect(shown.headers["cache-control"]).toBe("no-store");
    expect(shown.headers["x-robots-tag"]).toContain("noindex");
    expect(shown.body).toContain("<h1>分享的电子证照</h1>");
    expect(shown.body).toContain("持证人通过限时链接将此电子证照分享给：招商银行安吉支行");
    expect(shown.body).toContain("真实有效");
    expect(shown.body).toContain("食品经营许可证");
    expect(shown.body).toContain("<dd>王小明</dd>");
    expect(shown.body).toContain("3305**********0012");
    expect(shown.body).toContain("预包装食品销售");
    expect(shown.body).not.toContain("<script");
    expect(shown.body).not.toContain(holder.id);

    const wallet = await page("/wallet", holder.cookie);
    expect(wallet.body).toContain("分享给：招商银行安吉支行");
    expect(wallet.body).toContain("已打开 1 次");
    expect(wallet.body).toContain("Safari 浏览器 · iPhone/iPad");
    expect(wallet.body).toContain("127.0.0.0/24");
    expect(wallet.body).toContain('aria-label="撤销分享：招商银行安吉支行"');
  });

  it("revokes a link from the wallet with the form's token; the link then answers 410 saying what to do", async () => {
    const licence = await mine();
    const { share, token } = await shareLicence(
      t.platform.database.db,
      holder.actor,
      licence.id,
      { recipient: "用人单位" },
      { baseUrl: t.platform.config.baseUrl },
    );
    const session = await formSession(t, "/wallet", holder.cookie);
    const forged = await postForm(t, `/wallet/shares/${share.id}/revoke`, {}, { cookie: session.cookie });
    expect(forged.statusCode).toBe(403);
    expect((await page(`/s/${token}`)).statusCode).toBe(200);

    const revoked = await postForm(t, `/wallet/shares/${share.id}/revoke`, {}, session);
    expect(revoked.statusCode).toBe(303);
    expect(revoked.headers.location).toBe(`/wallet?done=revoked#share-${share.id}`);
    const after = await page("/wallet?done=revoked", holder.cookie);
    expect(after.body).toContain("分享链接已撤销");
    expect(after.body).toContain('<span class="tag">已撤销</span>');

    const gone = await page(`/s/${token}`);
    expect(gone.statusCode).toBe(410);
    expect(gone.body).toContain("<h1>分享链接已失效</h1>");
    expect(gone.body).toMatch(/持证人已于 \d{4}-\d{2}-\d{2} 撤销该分享链接/);
    expect(gone.body).toContain("请联系持证人重新分享");
    expect(gone.body).not.toContain("食品经营许可证");
    const en = await page(`/s/${token}`, undefined, { cookie: "tb_lang=en" });
    expect(en.body).toContain("ask its holder to share a new link");

    const again = await postForm(t, `/wallet/shares/${share.id}/revoke`, {}, session);
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain("该分享链接已失效（已撤销或已过期），无需再撤销。");
  });

  it("answers an expired link with 410 and a token that never was with 404", async () => {
    const licence = await mine();
    const { token } = await shareLicence(
      t.platform.database.db,
      holder.actor,
      licence.id,
      { recipient: "招商银行", lifetime: "1h" },
      { baseUrl: t.platform.config.baseUrl },
      {},
      new Date(Date.now() - 2 * HOUR),
    );
    const late = await page(`/s/${token}`);
    expect(late.statusCode).toBe(410);
    expect(late.body).toMatch(/该分享链接已于 \d{4}-\d{2}-\d{2} 过期/);

    for (const unknown of ["A".repeat(43), "nonsense"]) {
      const missing = await page(`/s/${unknown}`);
      expect(missing.statusCode).toBe(404);
      expect(missing.body).toContain("<h1>未找到该分享链接</h1>");
      expect(missing.body).toContain("请检查链接是否完整复制");
    }
  });

  it("says why a revoked or expired licence cannot be shared, and refuses its post (409)", async () => {
    const revoked = await mine();
    await as(t, approver, "POST", `/api/v1/licences/${revoked.id}/revocation`, { reason: "吊销" });
    const form = await page(`/wallet/licences/${revoked.id}/share`, holder.cookie);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain("这本证照现在不能分享");
    expect(form.body).toContain("该证照已被撤销");
    expect(form.body).not.toContain('name="recipient"');

    const expired = await mine({
      now: new Date(Date.now() - 3 * DAY),
      validUntil: new Date(Date.now() - DAY),
    });
    const session = await formSession(t, "/wallet", holder.cookie);
    const refused = await postForm(
      t,
      `/wallet/licences/${expired.id}/shares`,
      { recipient: "招商银行" },
      session,
    );
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toMatch(/该证照已于 \d{4}-\d{2}-\d{2} 过期，不能再分享或使用/);

    const stranger = await someone(t);
    expect((await page(`/wallet/licences/${revoked.id}/share`, stranger.cookie)).statusCode).toBe(404);
  });

  it("keeps the wallet and the shared page within 30,000 bytes gzipped", async () => {
    const licence = await mine();
    const { token } = await shareLicence(
      t.platform.database.db,
      holder.actor,
      licence.id,
      { recipient: "招商银行" },
      { baseUrl: t.platform.config.baseUrl },
    );
    const css = (await page(assetUrl("app.css"), undefined, { "accept-encoding": "gzip" })).rawPayload.length;
    for (const [url, cookie] of [
      ["/wallet", holder.cookie],
      [`/s/${token}`, undefined],
    ] as const) {
      const response = await page(url, cookie);
      expect(response.statusCode).toBe(200);
      expect(gzipSync(response.body).length + css, url).toBeLessThanOrEqual(30_000);
    }
  });
});
