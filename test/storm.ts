/**
 * A submission storm against a real server process, and what must be true of every submission it
 * acknowledged — for the crash tests (kill -9 mid-storm) and the benchmarks (submissions under load).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { join } from "node:path";
import { sql } from "kysely";
import { importPackageCalendar } from "../src/modules/calendar/service.ts";
import { SAMPLE_ANSWERS } from "../src/modules/cases/testing.ts";
import { publishItems } from "../src/modules/catalog/testing.ts";
import type { Db } from "../src/platform/db/database.ts";
import { AppError } from "../src/platform/errors.ts";
import type { FileStore } from "../src/platform/files/store.ts";
import { PROJECT_ROOT } from "../src/platform/paths.ts";
import type { Platform } from "../src/platform/platform.ts";
import { department, personAccount, seedRegionSlice } from "./factories.ts";

export interface StormWorld {
  offeringId: string;
  applicants: { id: string; email: string }[];
}

/** 安吉县's slice of regions, the calendar, a food licence the county offers, and `applicants` people. */
export async function seedStormWorld(
  platform: Pick<Platform, "database" | "config" | "jobs">,
  applicants: number,
): Promise<StormWorld> {
  const db = platform.database.db;
  await seedRegionSlice(db);
  await importPackageCalendar(db);
  const departmentId = await department(db, "330523", "market_regulation");
  const [code] = await publishItems(db, [{ offerings: [{ regionCode: "330523", departmentId }] }]);
  const offering = await db
    .selectFrom("catalog_offerings as o")
    .innerJoin("catalog_items as i", "i.id", "o.item_id")
    .select("o.id")
    .where("i.code", "=", code as string)
    .executeTakeFirstOrThrow();
  const people = [];
  for (let i = 0; i < applicants; i++) {
    const person = await personAccount(platform, { mobile: `139${String(10_000_000 + i)}` });
    people.push({ id: person.id, email: person.email });
  }
  return { offeringId: offering.id, applicants: people };
}

/** A real PDF of `bytes` bytes: a one-page document with a comment that pads it out. */
export function stormMaterial(bytes = 100 * 1024): Buffer {
  const head =
    "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
    "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%";
  const tail = "\n%%EOF\n";
  return Buffer.from(head + "0".repeat(bytes - head.length - tail.length) + tail, "latin1");
}

export interface Server {
  child: ChildProcess;
  port: number;
  /** The end of what it wrote to stderr. */
  stderr(): string;
  /** SIGTERM to its process group (a wrapper and the server), and its end. */
  stop(): Promise<void>;
}

/**
 * `tongban serve` as its own process — node itself, so a kill reaches the server and nothing else — or,
 * given `wrap` (a command and its arguments, such as strace's), under that command.
 */
export async function startServer(
  port: number,
  env: Record<string, string>,
  wrap: string[] = [],
): Promise<Server> {
  const [command, ...args] = [...wrap, process.execPath, join(PROJECT_ROOT, "bin", "tongban.js"), "serve"];
  const child = spawn(command as string, args, {
    detached: true,
    env: {
      PATH: process.env.PATH ?? "",
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
      DEMO: "false",
      RATE_LIMIT_PER_MINUTE: "0",
      SIGNIN_PER_IP_PER_MINUTE: "10000",
      ...env,
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let tail = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    tail = (tail + chunk.toString("utf8")).slice(-4000);
  });
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`tongban serve exited (${child.exitCode})\n${tail}`);
    const status = await fetch(`http://127.0.0.1:${port}/readyz`).then(
      (r) => r.arrayBuffer().then(() => r.status),
      () => 0,
    );
    if (status === 200) {
      const stop = async () => {
        const ended = exited(child);
        try {
          process.kill(-(child.pid as number), "SIGTERM");
        } catch {
          // Gone already.
        }
        await ended;
      };
      return { child, port, stderr: () => tail.trim(), stop };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill("SIGKILL");
  throw new Error(`tongban serve was not ready in 120 s\n${tail}`);
}

/** Signs a person in on the server: their session cookie. */
export async function signIn(port: number, email: string, password: string): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${port}/api/v1/account-session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ identifier: email, password }),
  });
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0] ?? "")
    .find((c) => c.startsWith("tb_session="));
  if (response.status !== 201 || !cookie) throw new Error(`sign-in answered ${response.status}`);
  return cookie;
}

/** Resolves when the process has exited, however it ended. */
export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

export interface Acknowledged {
  caseId: string;
  number: string;
  key: string;
}

/**
 * `clients` loops submitting through `POST /api/v1/submissions` until `stop` resolves; the submissions
 * the server answered 201 for. A request cut off (the server killed) is not acknowledged, and its loop
 * ends; any other answer is an error.
 */
export async function storm(
  port: number,
  world: StormWorld,
  cookies: string[],
  clients: number,
  stop: Promise<void>,
  onAcknowledged: (count: number) => void = () => {},
): Promise<{ acknowledged: Acknowledged[]; cutOff: number; refused: string[] }> {
  let stopped = false;
  void stop.then(() => {
    stopped = true;
  });
  const body = JSON.stringify({
    offering: world.offeringId,
    answers: SAMPLE_ANSWERS,
    materials: [
      { key: "application", fileName: "申请书.pdf", contentBase64: stormMaterial().toString("base64") },
    ],
  });
  const acknowledged: Acknowledged[] = [];
  const refused: string[] = [];
  // Keys of this storm's own: a second storm on the same data is new submissions, not replays.
  const run = randomBytes(4).toString("hex");
  let cutOff = 0;
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let n = 0; !stopped; n++) {
        const key = `storm-${run}-${client}-${n}`;
        try {
          const response = await fetch(`http://127.0.0.1:${port}/api/v1/submissions`, {
            method: "POST",
            headers: {
              "content-type": "application/json",
              cookie: cookies[client % cookies.length] as string,
              "idempotency-key": key,
            },
            body,
          });
          const text = await response.text();
          if (response.status === 201) {
            const { caseId, number } = JSON.parse(text) as { caseId: string; number: string };
            acknowledged.push({ caseId, number, key });
            onAcknowledged(acknowledged.length);
          } else {
            refused.push(`${response.status} ${text.slice(0, 200)}`);
          }
        } catch {
          cutOff += 1;
          return;
        }
      }
    }),
  );
  return { acknowledged, cutOff, refused };
}

/**
 * What is wrong with the cases in the database, each named: an acknowledged submission missing, or any
 * case — acknowledged or not — without its materials' files (their bytes, by hash), its submission
 * event, its first task or its audit entry.
 */
export async function halfMade(db: Db, store: FileStore, acknowledged: Acknowledged[]): Promise<string[]> {
  const problems: string[] = [];
  const { rows } = await sql<{
    id: string;
    number: string;
    events: number;
    tasks: number;
    audits: number;
    files: string[];
  }>`
    select c.id, c.number,
      (select count(*)::int from case_events e where e.case_id = c.id and e.action = 'submit') as events,
      (select count(*)::int from case_tasks k where k.case_id = c.id) as tasks,
      (select count(*)::int from audit_log a where a.subject_id = c.id::text)
        + (select count(*)::int from audit_pending p where p.subject_id = c.id::text) as audits,
      coalesce((select array_agg(m.file_sha256) from case_materials m
        where m.case_id = c.id and m.file_sha256 is not null), '{}') as files
    from cases c`.execute(db);
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const a of acknowledged)
    if (!byId.has(a.caseId)) problems.push(`${a.number}: acknowledged, not found`);
  for (const r of rows) {
    const missing = [
      r.events === 1 ? "" : `${r.events} submission events`,
      r.tasks >= 1 ? "" : "no task",
      r.audits >= 1 ? "" : "no audit entry",
      r.files.length >= 1 ? "" : "no material",
    ].filter(Boolean);
    for (const sha256 of r.files) {
      // Not found is an AppError; a sealed file that fails to open is damaged, as one of other content.
      const bytes = await store
        .read(sha256)
        .catch((error: unknown) => (error instanceof AppError ? undefined : null));
      if (bytes === undefined) missing.push(`file ${sha256} missing`);
      else if (bytes === null || createHash("sha256").update(bytes).digest("hex") !== sha256)
        missing.push(`file ${sha256} damaged`);
    }
    if (missing.length > 0) problems.push(`${r.number}: ${missing.join(", ")}`);
  }
  return problems;
}
