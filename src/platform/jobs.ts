import PgBoss from "pg-boss";
import type { Logger } from "pino";
import type { Config } from "./config.ts";
import { type DatabaseHandle, type Executor, isDatabaseUnreachable, sqlIn } from "./db/database.ts";

/** A kind of background work: its queue, what it does, and (optionally) when it runs by itself. */
export interface JobDefinition<T extends object = object> {
  name: string;
  run(data: T, context: JobContext): Promise<void>;
  /** Cron in the given time zone; pg-boss makes sure one server sends it however many run. */
  schedule?: { cron: string; tz: string };
  retryLimit?: number;
}

export interface JobContext {
  db: DatabaseHandle["db"];
  log: Logger;
  config: Config;
  /** To queue follow-up jobs, inside the handler's transaction when given `tx`. */
  jobs: Jobs;
}

export interface SendOptions {
  /** Send inside this transaction: the job exists only if the transaction commits. */
  tx?: Executor;
  startAfterSeconds?: number;
  singletonKey?: string;
}

/** Jobs a worker takes at once from a queue: up to ten a second. */
const BATCH = 20;

/**
 * The job queue (pg-boss) on Tongban's own database. On PGlite its SQL goes through the same lock as
 * every query; a job sent with `tx` is written by that transaction, so it commits or vanishes with it.
 */
export class Jobs {
  readonly #boss: PgBoss;
  readonly #definitions = new Map<string, JobDefinition>();
  #started = false;

  constructor(
    private readonly database: DatabaseHandle,
    private readonly log: Logger,
    definitions: JobDefinition[],
    private readonly config: Config,
  ) {
    for (const definition of definitions) this.#definitions.set(definition.name, definition as JobDefinition);
    this.#boss = new PgBoss({
      db: database.jobsSql as PgBoss.Db,
      schema: "pgboss",
      // A serving role may not change the schema: the owner made and migrated it already (boot.ts), and
      // pg-boss only checks its version here.
      migrate: !database.servesOnly,
      // Fewer idle round trips on PGlite's single connection; still well under any deadline we keep.
      monitorStateIntervalSeconds: 60,
    });
    this.#boss.on("error", (error) => this.log.error({ err: error }, "job queue error"));
  }

  /** Creates the schema and queues; with `work`, also runs the handlers and the schedules. */
  async start({ work }: { work: boolean }): Promise<void> {
    await this.#boss.start();
    for (const definition of this.#definitions.values()) {
      const settings = { retryLimit: definition.retryLimit ?? 3, retryBackoff: true };
      await this.#boss.createQueue(definition.name, { name: definition.name, ...settings });
      // pg-boss leaves a queue that exists as it was made: a queue made by an earlier version keeps
      // its old retry limit unless it is told the one the code now says.
      await this.#boss.updateQueue(definition.name, { name: definition.name, ...settings });
      if (!work) continue;
      if (definition.schedule) {
        await this.#boss.schedule(
          definition.name,
          definition.schedule.cron,
          {},
          { tz: definition.schedule.tz },
        );
      }
      // pg-boss fetches one batch per polling interval (two seconds), however many wait: batches of one
      // would drain a queue at one job every two seconds, 1,800 an hour, fewer than a storm queues. A
      // batch's jobs run one after another, and each that fails is failed alone (and retried), not with
      // its batch: pg-boss then completes only the jobs still active. The interval stays for a queue
      // that had less than a batch — every queue polls, and on PGlite each poll waits its turn for the
      // one connection — but after a full batch the worker fetches again at once: 20 jobs every two
      // seconds is 10 a second, and a queue fed faster than that (the soak's was) would never drain.
      let workerId: string | undefined;
      workerId = await this.#boss.work(definition.name, { batchSize: BATCH }, async (jobs) => {
        for (const job of jobs) {
          const log = this.log.child({ job: definition.name, jobId: job.id });
          log.info("job started");
          try {
            await definition.run(job.data as object, {
              db: this.database.db,
              log,
              config: this.config,
              jobs: this,
            });
            log.info("job done");
          } catch (error) {
            log.warn({ err: error }, "job failed");
            await this.#boss.fail(definition.name, job.id, { message: (error as Error).message });
          }
        }
        if (jobs.length === BATCH && workerId) this.#boss.notifyWorker(workerId);
      });
    }
    this.#started = true;
  }

  async send<T extends object>(name: string, data: T, options: SendOptions = {}): Promise<string> {
    if (!this.#definitions.has(name)) throw new Error(`No job is defined with the name "${name}"`);
    const id = await this.#boss.send(name, data, {
      ...(options.tx ? { db: sqlIn(options.tx) as PgBoss.Db } : {}),
      ...(options.startAfterSeconds ? { startAfter: options.startAfterSeconds } : {}),
      ...(options.singletonKey ? { singletonKey: options.singletonKey } : {}),
    });
    if (!id) throw new Error(`Job "${name}" was not queued`);
    return id;
  }

  async find(name: string, id: string): Promise<{ state: string } | null> {
    const job = await this.#boss.getJobById(name, id);
    return job ? { state: job.state } : null;
  }

  /**
   * The jobs due and not yet done, by queue and state (created or retry and due, or active): what an
   * operator watches for a queue that grows, and what a restart after a crash must bring back to
   * nothing. Jobs set for later (the schedules' next runs, a retry's back-off) are not counted.
   */
  async unfinished(): Promise<{ queue: string; state: string; jobs: number }[]> {
    if (!this.#started) return [];
    const { rows } = await this.database.jobsSql.executeSql(
      `select name as queue, state::text as state, count(*)::int as jobs from pgboss.job
       where (state in ('created', 'retry') and start_after <= now()) or state = 'active'
       group by name, state`,
    );
    return rows as { queue: string; state: string; jobs: number }[];
  }

  get ready(): boolean {
    return this.#started;
  }

  async stop(): Promise<void> {
    if (!this.#started) return;
    this.#started = false;
    await this.#boss.stop({ graceful: true, wait: true, timeout: 10_000 });
  }
}

let surviving = false;

/**
 * For a process whose workers must outlive a restart of PostgreSQL. pg-boss 10 records a batch's outcome
 * (complete or fail) without awaiting it (timgit/pg-boss#577; 11 and later need Node 22): with the
 * database unreachable at that moment the rejection is unhandled, and Node ends the process. Those, and
 * only those, are logged; the batch stays active until pg-boss's expiry retries it, as after a crash.
 * Any other unhandled rejection still ends the process, as Node's default would.
 */
export function survivePgBossCompletionFailures(log: Logger): void {
  if (surviving) return;
  surviving = true;
  process.on("unhandledRejection", (reason) => {
    if (!isDatabaseUnreachable(reason)) throw reason;
    log.warn(
      { err: reason },
      "database unreachable: a job's outcome is not recorded; it runs again after its expiry",
    );
  });
}
