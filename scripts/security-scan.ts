/**
 * `npm run scan`: Debian's sqlmap and wapiti against a running demo server (issue 10). The server is
 * the real one, in its own process, on a throw-away PostgreSQL database (SCAN_DATABASE_URL, default the
 * local server) with the demo county; its rate limits are lifted so that the scanners' thousands of
 * requests are answered rather than refused with 429.
 *
 *   sqlmap: every target below — the public search and lookups, the API's JSON bodies, staff worklists
 *   and dashboards, an applicant's cases — at level 2 (query, body and cookie values), risk 1, every
 *   technique (boolean, error, union, stacked, time-based), PostgreSQL's payloads.
 *   wapiti: a crawl from the home page as the demo applicant, its default attacks plus CRLF, XXE,
 *   methods, backup files and the security headers.
 *
 * Prints what each found and exits 1 when anything was found — an injectable parameter, a wapiti
 * vulnerability, or an anomaly (a 5xx answer or a timeout) — and 2 when a scanner is missing.
 * `--only sqlmap` or `--only wapiti` runs one of them.
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { signIn as staffSignIn } from "../bench/load.ts";
import { DEMO_APPLICANT } from "../src/modules/demo/applicant.ts";
import { DEMO_PASSWORD } from "../src/modules/demo/seed.ts";
import { adminQuery } from "../test/db.ts";
import { type Server, signIn, startServer } from "../test/storm.ts";

interface Target {
  name: string;
  path: string;
  /** A JSON body: sqlmap tests each of its values. */
  json?: object;
  cookie?: string;
  /**
   * What the target answers by design to the scanner's probes, for sqlmap to read as an answer rather
   * than stop at: 401 for a tampered session or a wrong password, 404 for a case that does not match.
   */
  answers?: string;
  /**
   * A target limited per address (the case lookup: 10 tries a minute) is scanned from a new address each
   * request, as a proxy in front would report them (X-Forwarded-For, trusted for one hop): otherwise
   * sqlmap would be talking to the limiter.
   */
  manyAddresses?: boolean;
}

const { values } = parseArgs({ options: { only: { type: "string" }, log: { type: "string" } } });
/** `--log DIR` keeps each scanner's own output there. */
const log = values.log;
const run = { sqlmap: values.only !== "wapiti", wapiti: values.only !== "sqlmap" };

function requireTool(name: string): void {
  if (spawnSync(name, ["--version"], { stdio: "ignore" }).error) {
    process.stderr.write(`scan: ${name} is not installed (Debian: apt-get install -y ${name})\n`);
    process.exit(2);
  }
  // Debian's wapiti asks for Brotli but cannot read it without python3-brotli: every page then looks
  // empty and the crawl stops at the first.
  if (name === "wapiti" && spawnSync("/usr/bin/python3", ["-c", "import brotli"]).status !== 0) {
    process.stderr.write("scan: wapiti needs python3-brotli (Debian: apt-get install -y python3-brotli)\n");
    process.exit(2);
  }
}

async function targets(port: number): Promise<{ list: Target[]; applicant: string }> {
  const applicant = await signIn(port, DEMO_APPLICANT.email, DEMO_PASSWORD);
  const clerk = await staffSignIn(port, "anji.clerk");
  const supervisor = await staffSignIn(port, "anji.supervisor");
  const cases = (await (
    await fetch(`http://127.0.0.1:${port}/api/v1/cases`, { headers: { cookie: applicant } })
  ).json()) as { items?: { id: string; number: string }[] } | { id: string; number: string }[];
  const first = (Array.isArray(cases) ? cases : (cases.items ?? []))[0];
  if (!first) throw new Error("the demo applicant has no case to scan");
  return {
    applicant,
    list: [
      { name: "catalogue search page", path: "/services/search?q=食品&line=market_regulation&near=330523" },
      { name: "catalogue search API", path: "/api/v1/catalog/search?q=shipin&region=330523&limit=5" },
      { name: "a service's guide", path: "/api/v1/catalog/guides/330000-SCJG-0003/offerings?region=330523" },
      { name: "regions", path: "/api/v1/regions/330523/children" },
      { name: "open data", path: "/api/v1/public/insights?region=330523&from=2026-01&to=2026-06" },
      { name: "Open311 requests", path: "/open311/v2/requests.json?status=open&service_code=noise" },
      {
        name: "staff sign-in",
        path: "/api/v1/session",
        json: { username: "scan.nobody", password: "not the password" },
        answers: "401",
      },
      {
        name: "case lookup",
        path: "/api/v1/case-lookup",
        json: { number: first.number, tail: "000012" },
        answers: "404",
        manyAddresses: true,
      },
      { name: "an applicant's case", path: `/api/v1/cases/${first.id}`, cookie: applicant, answers: "401" },
      {
        name: "the worklist",
        path: "/api/v1/work/tasks?stage=intake&assignee=unassigned&limit=10",
        cookie: clerk,
        answers: "401",
      },
      {
        name: "the insight dashboard",
        path: "/work/insights?region=330523&from=2026-01&to=2026-06&channel=online",
        cookie: supervisor,
        answers: "401",
      },
    ],
  };
}

/**
 * sqlmap on one target: the injection points it reported, none when it concluded that nothing tested is
 * injectable, or its last complaint when it concluded nothing (a target it could not test is a finding).
 */
function sqlmap(port: number, target: Target, outputDir: string, log: string | undefined): string[] {
  const args = [
    "-u",
    `http://127.0.0.1:${port}${encodeURI(target.path)}`,
    "--batch",
    "--level=2",
    "--risk=1",
    "--dbms=PostgreSQL",
    "--technique=BEUST",
    "--time-sec=2",
    "--threads=4",
    "--flush-session",
    "--disable-coloring",
    `--output-dir=${outputDir}`,
  ];
  if (target.json)
    args.push(`--data=${JSON.stringify(target.json)}`, "--headers=Content-Type: application/json");
  if (target.cookie) args.push(`--cookie=${target.cookie}`);
  if (target.answers) args.push(`--ignore-code=${target.answers}`);
  if (target.manyAddresses) args.push("--tamper=xforwardedfor");
  const result = spawnSync("sqlmap", args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const lines = `${result.stdout}\n${result.stderr}`.split("\n").map((line) => line.trim());
  if (log) writeFileSync(join(log, `sqlmap-${target.name.replaceAll(/\W+/g, "-")}.txt`), lines.join("\n"));
  const injectable = lines.filter((line) =>
    /identified the following injection point|\bis vulnerable\b|appears to be .* injectable/i.test(line),
  );
  if (injectable.length > 0) return injectable;
  // Answers refused by a rate limit are answers sqlmap never saw.
  const limited = lines.join("\n").match(/429 \(Too Many Requests\) - (\d+) times/);
  if (limited) return [`not tested: ${limited[1]} of its requests were refused by a rate limit (429)`];
  if (lines.some((line) => /all tested parameters do not appear to be injectable/i.test(line))) return [];
  const complaint = lines.filter((line) => /\[(CRITICAL|ERROR)\]/.test(line)).at(-1);
  return [`not tested: ${complaint ?? "sqlmap concluded nothing"}`];
}

interface WapitiReport {
  vulnerabilities?: Record<string, { method: string; path: string; info: string }[]>;
  anomalies?: Record<string, { method: string; path: string; info: string }[]>;
  infos?: Record<string, unknown>;
}

/** What wapiti 3.0.4 reports that is so on purpose, and why (docs/security.md, "Scanners"). */
const ACCEPTED = [
  {
    info: /^X-XSS-Protection is not set$/,
    why: "sent as 0 on purpose: the browsers' XSS filter is gone and could be abused; the CSP does its work",
  },
  {
    info: /^Strict-Transport-Security is not set$/,
    why: "the scan's server speaks plain http; HSTS is sent when BASE_URL is https",
  },
];

/** wapiti's crawl and attacks as the applicant: each vulnerability and anomaly it reported. */
function wapiti(port: number, applicantCookie: string, dir: string): string[] {
  const [name, value] = applicantCookie.split("=") as [string, string];
  const cookieFile = join(dir, "cookies.json");
  writeFileSync(
    cookieFile,
    JSON.stringify({
      "127.0.0.1": { "/": { [name]: { value, version: 0, expires: null, secure: false, port: null } } },
    }),
  );
  const report = join(dir, "wapiti.json");
  const base = `http://127.0.0.1:${port}`;
  const result = spawnSync(
    "wapiti",
    [
      "-u",
      `${base}/`,
      "--scope",
      "folder",
      "-c",
      cookieFile,
      // No -x for the sign-out forms: Debian's wapiti 3.0.4 builds the exclusion's pattern with its flags
      // last, which Python 3.11 refuses. Sign-out is a POST form, which the crawl does not submit; an
      // attack on it ends the session, and the attacks after it run as the public.
      "-m",
      "blindsql,exec,file,permanentxss,redirect,sql,ssrf,xss,crlf,xxe,methods,backup,htaccess,csp,http_headers",
      "-d",
      "4",
      "--max-links-per-page",
      "30",
      "--max-scan-time",
      "600",
      "--flush-session",
      "-f",
      "json",
      "-o",
      report,
    ],
    { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  );
  if (result.status !== 0) throw new Error(`wapiti exited ${result.status}: ${result.stderr.slice(-2000)}`);
  const text = readFileSync(report, "utf8");
  if (log) writeFileSync(join(log, "wapiti.json"), text);
  const parsed = JSON.parse(text) as WapitiReport;
  const found: string[] = [];
  for (const [kind, list] of [
    ...Object.entries(parsed.vulnerabilities ?? {}),
    ...Object.entries(parsed.anomalies ?? {}),
  ]) {
    for (const item of list) {
      const line = `${kind}: ${item.method} ${item.path} — ${item.info}`;
      const accepted = ACCEPTED.find((a) => a.info.test(item.info));
      if (accepted) process.stdout.write(`wapiti: accepted: ${line} (${accepted.why})\n`);
      else found.push(line);
    }
  }
  const crawled = result.stdout.match(/found (\d+) URLs and forms/)?.[1] ?? "?";
  process.stdout.write(`wapiti: ${JSON.stringify(parsed.infos ?? {})}, ${crawled} URLs and forms crawled\n`);
  return found;
}

async function main(): Promise<void> {
  if (run.sqlmap) requireTool("sqlmap");
  if (run.wapiti) requireTool("wapiti");
  const serverUrl = process.env.SCAN_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const name = `tongban_scan_${randomBytes(6).toString("hex")}`;
  const dir = mkdtempSync(join(tmpdir(), "tongban-scan-"));
  await adminQuery(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  let server: Server | undefined;
  let findings = 0;
  try {
    const port = Number(process.env.SCAN_PORT ?? 3900 + Math.floor(Math.random() * 90));
    process.stdout.write(`scan: starting the demo server on port ${port} (database ${name})\n`);
    server = await startServer(port, {
      DATABASE_URL: url.toString(),
      DATA_DIR: join(dir, "data"),
      SESSION_SECRET: randomBytes(24).toString("hex"),
      PERSONAL_DATA_KEY: randomBytes(32).toString("base64"),
      DEMO: "true",
      REQUIRE_STAFF_MFA: "false",
      SIGNIN_MAX_FAILURES: "100",
      TRUST_PROXY: "1",
    });
    const { list, applicant } = await targets(port);
    if (run.sqlmap) {
      for (const target of list) {
        const started = performance.now();
        const found = sqlmap(port, target, join(dir, "sqlmap"), log);
        findings += found.length;
        const seconds = ((performance.now() - started) / 1000).toFixed(0);
        process.stdout.write(
          `sqlmap: ${target.name} (${target.json ? "POST" : "GET"} ${target.path.split("?")[0]}): ` +
            `${found.length === 0 ? "nothing injectable" : found.join("; ")} in ${seconds} s\n`,
        );
      }
    }
    if (run.wapiti) {
      const started = performance.now();
      const found = wapiti(port, applicant, dir);
      findings += found.length;
      for (const line of found) process.stdout.write(`wapiti: ${line}\n`);
      process.stdout.write(
        `wapiti: ${found.length} vulnerabilities and anomalies in ${((performance.now() - started) / 1000).toFixed(0)} s\n`,
      );
    }
  } finally {
    await server?.stop();
    await adminQuery(serverUrl, `drop database if exists ${name} with (force)`).catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(`scan: ${findings} finding${findings === 1 ? "" : "s"}\n`);
  process.exit(findings === 0 ? 0 : 1);
}

await main();
