import { chromium } from "playwright-core";
import { CHROMIUM_ARGS, findChromium } from "../test/browser/harness.ts";
import { type JourneyPage, prepareJourneys } from "../test/journeys.ts";
import { firstRenderMs, MAX_PAGE_BYTES_GZ, median, SLOW_LINK, weighPage } from "../test/page-measures.ts";
import { childEnv, collectTail, freePort, type Measurement, register, sleep, spawnGroup } from "./harness.ts";

/**
 * The last mile's pages as a villager's phone gets them (the journeys of test/journeys.ts, the same the
 * browser test checks), on a server with the demo loaded: the heaviest page with its CSS, gzipped, in
 * standard or elderly mode; and the median first render over a throttled link, each page opened as a
 * first visit (a full run takes each page's median of three).
 */
register({
  metrics: [
    { name: "pages.max_bytes_gz", unit: "bytes", goal: { max: MAX_PAGE_BYTES_GZ } },
    { name: "pages.first_render_ms_slow_link", unit: "ms", goal: { max: 2_000 } },
  ],
  async run(context): Promise<Measurement[]> {
    const executablePath = findChromium().path;
    if (!executablePath)
      throw new Error(`chromium not found at ${findChromium().tried} (apt-get install chromium)`);
    const dataDir = context.tempDir("pages");
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const server = context.track(
      spawnGroup(process.execPath, ["bin/tongban.js", "serve"], {
        env: childEnv({
          DATA_DIR: dataDir,
          PORT: String(port),
          HOST: "127.0.0.1",
          BASE_URL: baseUrl,
          LOG_LEVEL: "warn",
          DEMO: "true",
          RATE_LIMIT_PER_MINUTE: "0",
        }),
      }),
    );
    const stderr = collectTail(server);
    await ready(baseUrl, () => (server.exitCode === null ? undefined : stderr()));

    const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
    try {
      const journeys = await prepareJourneys(browser, { baseUrl, dataDir });
      const css = new Map<string, number>();
      let heaviest = { bytes: 0, what: "" };
      for (const mode of ["standard", "elder"] as const) {
        for (const step of journeys.pages) {
          const phone = await browser.newContext({
            baseURL: baseUrl,
            javaScriptEnabled: false,
            storageState: journeys.sessions[step.who],
          });
          if (mode === "elder") await phone.addCookies([{ name: "tb_mode", value: "elder", url: baseUrl }]);
          try {
            const page = await phone.newPage();
            const response = await page.goto(step.path);
            if (response?.status() !== 200) throw new Error(`${step.path}: ${response?.status()}`);
            const weight = await weighPage(page, await response.body(), css);
            if (weight.total > heaviest.bytes)
              heaviest = {
                bytes: weight.total,
                what: `${label(step)} (${mode}): HTML ${weight.html} + CSS ${weight.css}`,
              };
          } finally {
            await phone.close();
          }
        }
      }
      context.note(`heaviest: ${heaviest.what}`);

      const passes = context.quick ? 1 : 3;
      const times: number[] = [];
      for (const step of journeys.pages) {
        const each: number[] = [];
        for (let n = 0; n < passes; n++)
          each.push(await firstRenderMs(browser, baseUrl, journeys.sessions[step.who], step.path));
        times.push(median(each));
      }
      const slowest = Math.max(...times);
      context.note(
        `first render at ${SLOW_LINK.kbitPerSecond} kbit/s, ${SLOW_LINK.latencyMs} ms: ${journeys.pages.length} pages, ` +
          `slowest ${slowest} ms (${label(journeys.pages[times.indexOf(slowest)] as JourneyPage)})`,
      );
      return [
        { name: "pages.max_bytes_gz", value: heaviest.bytes, unit: "bytes" },
        { name: "pages.first_render_ms_slow_link", value: Math.round(median(times)), unit: "ms" },
      ];
    } finally {
      await browser.close();
    }
  },
});

const label = (step: JourneyPage) => `${step.journey}: ${step.name}`;

/** Waits for /readyz; the first start loads the demo county, which takes a while. */
async function ready(baseUrl: string, exitedWith: () => string | undefined): Promise<void> {
  const deadline = performance.now() + 180_000;
  while (performance.now() < deadline) {
    const failed = exitedWith();
    if (failed !== undefined) throw new Error(`tongban serve exited\n${failed}`);
    const status = await fetch(`${baseUrl}/readyz`).then(
      (r) => r.arrayBuffer().then(() => r.status),
      () => 0,
    );
    if (status === 200) return;
    await sleep(250);
  }
  throw new Error("tongban serve was not ready in 180 s");
}
