// Helpers for the browser tests: find chromium, run a real Tongban server, check pages with axe-core.
import { type ChildProcess, spawn } from "node:child_process";
import { accessSync, constants, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { type AddressInfo, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import type { FastifyInstance } from "fastify";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { type Db, openDatabase, pgliteDirOf } from "../../src/platform/db/database.ts";
import { migrateToLatest } from "../../src/platform/db/migrate.ts";
import { seedRegionSlice } from "../factories.ts";

const require = createRequire(import.meta.url);
const ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));

export const DEFAULT_CHROMIUM = "/usr/bin/chromium";

/** Flags for a headless chromium in a container or on CI: no sandbox, no GPU, no calls home. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-quic",
  "--no-first-run",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * The chromium to drive: CHROMIUM_PATH when set (so a test run can point elsewhere, or at nothing to
 * see the skip), else Debian's /usr/bin/chromium. `path` is undefined when that file is not executable.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): {
  path: string | undefined;
  tried: string;
} {
  const tried = env.CHROMIUM_PATH?.trim() || DEFAULT_CHROMIUM;
  try {
    accessSync(tried, constants.X_OK);
    return { path: tried, tried };
  } catch {
    return { path: undefined, tried };
  }
}

/**
 * Declares a suite that drives chromium. Without one it is skipped with a warning, or, under
 * REQUIRE_BROWSER=1 (CI), replaced by one test that fails and says where chromium was looked for.
 */
export function browserSuite(name: string, body: () => void): void {
  const { path, tried } = findChromium();
  const missing = `chromium not found at ${tried} — install it with apt-get install -y chromium (or set CHROMIUM_PATH)`;
  if (path === undefined && process.env.REQUIRE_BROWSER === "1") {
    describe(name, () => {
      it("has a chromium to drive (REQUIRE_BROWSER=1)", () => {
        expect.fail(`REQUIRE_BROWSER=1 but ${missing}`);
      });
    });
    return;
  }
  if (path === undefined) console.warn(`browser tests skipped: ${missing}`);
  (path === undefined ? describe.skip : describe)(name, body);
}

export interface Chromium {
  browser: Browser;
  a11y: Accessibility;
}

/** The chromium findChromium finds, headless, with its axe-core checker. */
export async function launchChromium(): Promise<Chromium> {
  const { path, tried } = findChromium();
  if (path === undefined) throw new Error(`chromium not found at ${tried}`);
  const browser = await chromium.launch({ executablePath: path, args: CHROMIUM_ARGS });
  return { browser, a11y: new Accessibility(browser) };
}

/**
 * A server and chromium started at once. When one of them fails, the one that started is stopped
 * before the failure is thrown, so nothing is left running for afterAll to miss.
 */
export async function launchWithServer<S extends { stop(): Promise<void> }>(
  server: Promise<S>,
): Promise<Chromium & { server: S }> {
  const [started, launched] = await Promise.allSettled([server, launchChromium()]);
  if (started.status === "fulfilled" && launched.status === "fulfilled") {
    return { server: started.value, ...launched.value };
  }
  if (started.status === "fulfilled") await started.value.stop();
  if (launched.status === "fulfilled") await launched.value.browser.close();
  throw started.status === "rejected" ? started.reason : (launched as PromiseRejectedResult).reason;
}

/**
 * A server on a fresh DATA_DIR seeded as seededDataDir does it (the demo off), and chromium, started
 * at once as launchWithServer starts them.
 */
export function launchSeeded(
  prefix: string,
  fill: (db: Db) => Promise<void>,
  env: Record<string, string> = {},
): Promise<Chromium & { server: RunningServer }> {
  return launchWithServer(
    seededDataDir(prefix, fill).then((dataDir) => startServer({ dataDir, demo: false, env })),
  );
}

/** An application built in this process, listening on a port of its own, and chromium to open it. */
export async function launchWithApp(app: FastifyInstance): Promise<Chromium & { baseUrl: string }> {
  await app.listen({ port: 0, host: "127.0.0.1" });
  const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return { baseUrl, ...(await launchChromium()) };
}

/**
 * Closes what a suite opened: its contexts, the checker's own, chromium, and then (even when closing
 * failed) the server or application through `finally`; prints axe-core's summary last.
 */
export async function closeChromium(
  opened: Partial<Chromium>,
  {
    contexts = [],
    finally: last,
  }: { contexts?: BrowserContext[]; finally?: () => Promise<unknown> | undefined } = {},
): Promise<void> {
  const summary = opened.a11y?.summary();
  try {
    for (const context of contexts) await context.close();
    await opened.a11y?.close();
    await opened.browser?.close();
  } finally {
    await last?.();
  }
  if (summary) console.info(summary);
}

/**
 * A fresh DATA_DIR with an embedded database migrated and seeded with the region slice, and whatever
 * `fill` adds, for a server started on it with the demo off.
 */
async function seededDataDir(prefix: string, fill: (db: Db) => Promise<void>): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  const handle = await openDatabase({ databaseUrl: undefined, pgliteDir: pgliteDirOf(dataDir) });
  try {
    await migrateToLatest(handle.db);
    await seedRegionSlice(handle.db);
    await fill(handle.db);
  } finally {
    await handle.close();
  }
  return dataDir;
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolvePort(port));
    });
  });
}

export interface RunningServer {
  baseUrl: string;
  dataDir: string;
  /** Everything the server printed so far (stdout and stderr), for diagnostics. */
  output(): string;
  /** pino lines at level error (50) or above that the server logged. */
  loggedErrors(): string[];
  /** Stops the server (SIGTERM, then SIGKILL after 10 s) and removes its DATA_DIR. */
  stop(): Promise<void>;
}

/**
 * Starts `node bin/tongban.js serve` on a free port and waits until /readyz answers 200. By default on a
 * fresh DATA_DIR (embedded PGlite, the demo loaded on first start); or on a prepared `dataDir`, which
 * is removed on stop all the same, with `demo: false` to keep the demo out.
 */
export async function startServer({
  readyWithinMs = 90_000,
  dataDir = mkdtempSync(join(tmpdir(), "tongban-browser-")),
  demo = true,
  env: extra = {},
}: {
  readyWithinMs?: number;
  dataDir?: string;
  demo?: boolean;
  /** Further settings for the server (REQUIRE_STAFF_MFA=false for a seeded administrator, say). */
  env?: Record<string, string>;
} = {}): Promise<RunningServer> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: "127.0.0.1",
    BASE_URL: baseUrl,
    DATA_DIR: dataDir,
    LOG_LEVEL: "warn",
    DEMO: String(demo),
    ...extra,
  };
  // Always the embedded database in DATA_DIR, whatever the surrounding shell points at.
  delete env.DATABASE_URL;

  const child: ChildProcess = spawn(process.execPath, [join(ROOT, "bin/tongban.js"), "serve"], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    output += chunk.toString("utf8");
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  let exited: string | undefined;
  const exit = new Promise<void>((done) => {
    child.once("exit", (code, signal) => {
      exited = signal ? `signal ${signal}` : `code ${code}`;
      done();
    });
  });

  const stop = async () => {
    if (exited === undefined) {
      child.kill("SIGTERM");
      const stopped = await Promise.race([exit.then(() => true), sleep(10_000).then(() => false)]);
      if (!stopped) {
        child.kill("SIGKILL");
        await exit;
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  const started = Date.now();
  let last = "no answer yet";
  while (Date.now() - started < readyWithinMs) {
    if (exited !== undefined) {
      await stop();
      throw new Error(
        `The server exited (${exited}) before it was ready. Its output:\n${output.slice(-4000)}`,
      );
    }
    try {
      const response = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(3_000) });
      if (response.status === 200) break;
      last = `${response.status} ${await response.text()}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(250);
  }
  if (Date.now() - started >= readyWithinMs) {
    await stop();
    throw new Error(
      `The server did not become ready within ${readyWithinMs / 1000} s (last /readyz: ${last}). Its output:\n${output.slice(-4000)}`,
    );
  }

  return {
    baseUrl,
    dataDir,
    output: () => output,
    loggedErrors: () =>
      output.split("\n").filter((line) => {
        if (!line.startsWith("{")) return false;
        try {
          return ((JSON.parse(line) as { level?: number }).level ?? 0) >= 50;
        } catch {
          return false;
        }
      }),
    stop,
  };
}

const AXE_PATH = require.resolve("axe-core/axe.min.js");
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const BLOCKING = new Set(["serious", "critical"]);

interface AxeNode {
  target: unknown[];
  html: string;
  failureSummary?: string;
}
interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: AxeNode[];
}

export interface PageAudit {
  label: string;
  url: string;
  blocking: AxeViolation[];
  other: AxeViolation[];
}

function describeViolations(audit: Pick<PageAudit, "label" | "url">, violations: AxeViolation[]): string {
  const lines = [`axe-core on ${audit.label} (${audit.url}):`];
  for (const v of violations) {
    lines.push(`  [${v.impact}] ${v.id}: ${v.help}`);
    lines.push(`    ${v.helpUrl}`);
    for (const node of v.nodes) {
      lines.push(`    - ${node.target.map(String).join(" ")}`);
      lines.push(`      ${node.html.replace(/\s+/g, " ").slice(0, 240)}`);
      if (node.failureSummary) lines.push(`      ${node.failureSummary.replace(/\n\s*/g, " / ")}`);
    }
  }
  return lines.join("\n");
}

/**
 * Runs axe-core (WCAG 2.0/2.1 A and AA) on pages. The site's Content-Security-Policy forbids inline
 * scripts, so axe runs in a context with bypassCSP. A page without JavaScript cannot run axe at all: its
 * DOM is exactly the HTML it received, so that HTML is replayed at the same address in an audit page
 * of a JavaScript context (same origin, so the stylesheet loads) and checked there.
 */
export class Accessibility {
  readonly audits: PageAudit[] = [];
  private auditContext: BrowserContext | undefined;
  private replayPage: Page | undefined;
  private replay: { url: string; html: string } | undefined;

  constructor(private readonly browser: Browser) {}

  /** Checks the page and fails the test softly (so every page shows) on serious or critical violations. */
  async audit(page: Page, label: string): Promise<void> {
    expect.soft(Accessibility.report(await this.check(page, label)), `accessibility of ${label}`).toBe("");
  }

  /**
   * Checks the page as it is now and returns what it found; `blocking` holds serious and critical.
   * `record: false` leaves it out of the summary (for checking the checker).
   */
  async check(page: Page, label: string, { record = true } = {}): Promise<PageAudit> {
    const url = page.url();
    const target = (await this.scriptsRun(page)) ? page : await this.replayOf(page);
    await target.addScriptTag({ path: AXE_PATH });
    const violations = await target.evaluate(async (tags) => {
      const axe = (window as unknown as { axe: { run(c: Document, o: object): Promise<unknown> } }).axe;
      // Violations are all that is read: asking for only them makes each run several times faster.
      const results = (await axe.run(document, {
        runOnly: { type: "tag", values: tags },
        resultTypes: ["violations"],
      })) as {
        violations: AxeViolation[];
      };
      return results.violations;
    }, AXE_TAGS);
    const audit: PageAudit = {
      label,
      url,
      blocking: violations.filter((v) => BLOCKING.has(v.impact ?? "")),
      other: violations.filter((v) => !BLOCKING.has(v.impact ?? "")),
    };
    if (record) this.audits.push(audit);
    return audit;
  }

  /** The page's HTML served again at its own address in the audit page, where scripts run. */
  private async replayOf(page: Page): Promise<Page> {
    this.replay = { url: page.url(), html: await page.content() };
    if (!this.replayPage) {
      this.auditContext = await this.browser.newContext({ bypassCSP: true });
      this.replayPage = await this.auditContext.newPage();
      await this.replayPage.route("**/*", (route) => {
        const request = route.request();
        if (request.isNavigationRequest() && this.replay && request.url() === this.replay.url) {
          return route.fulfill({
            status: 200,
            contentType: "text/html; charset=utf-8",
            body: this.replay.html,
          });
        }
        return route.continue();
      });
    }
    await this.replayPage.goto(this.replay.url);
    return this.replayPage;
  }

  /** A readable account of the serious and critical violations of one audit; empty when none. */
  static report(audit: PageAudit): string {
    return audit.blocking.length === 0 ? "" : describeViolations(audit, audit.blocking);
  }

  /** One paragraph on everything checked: pages, and the minor and moderate findings that do not fail. */
  summary(): string {
    const blocking = this.audits.reduce((n, a) => n + a.blocking.length, 0);
    const lines = [
      `axe-core checked ${this.audits.length} pages: ${blocking} serious or critical violation(s).`,
    ];
    for (const audit of this.audits) {
      if (audit.other.length > 0) lines.push(describeViolations(audit, audit.other));
    }
    return lines.join("\n");
  }

  async close(): Promise<void> {
    await this.auditContext?.close();
  }

  private async scriptsRun(page: Page): Promise<boolean> {
    // Playwright's evaluate works even where page scripts are disabled; a script tag only runs where
    // they are enabled.
    await page.addScriptTag({ content: "document.documentElement.dataset.axeProbe = '1';" });
    return page.evaluate(() => {
      const ran = document.documentElement.dataset.axeProbe === "1";
      delete document.documentElement.dataset.axeProbe;
      for (const script of document.querySelectorAll("script")) {
        if (script.textContent?.includes("axeProbe")) script.remove();
      }
      return ran;
    });
  }
}
