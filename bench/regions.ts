import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { childEnv, exited, type Measurement, register, round, sleep, spawnGroup } from "./harness.ts";

const GNU_TIME = "/usr/bin/time";

/** VmHWM (peak resident set) of a live process, in kB; undefined once it has gone. */
function highWaterKb(pid: number): number | undefined {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The whole-country import as an operator runs it, in its own process so the peak memory is the
 * import's alone. Timed from spawn to exit: Node start, compiling the sources, migrating the empty
 * database and importing. Quick: one province (33, Zhejiang) under the same names.
 */
register({
  metrics: [
    { name: "regions.import_all_s", unit: "s", goal: { max: 120 } },
    { name: "regions.import_all_rss_mb", unit: "MB", goal: { max: 1024 } },
  ],
  async run(context): Promise<Measurement[]> {
    const scope = context.quick ? ["--province", "33"] : ["--all"];
    const dataDir = context.tempDir("regions");
    const env = childEnv({ DATABASE_URL: await context.freshDatabase(), DATA_DIR: dataDir });
    const command = [process.execPath, "bin/tongban.js", "regions", "import", ...scope];
    // GNU time reports the peak RSS of the process it waits for (%M, kB); without it, /proc is polled.
    const timeFile = join(dataDir, "maxrss");
    const withTime = existsSync(GNU_TIME);
    const [file, ...args] = withTime ? [GNU_TIME, "-f", "%M", "-o", timeFile, ...command] : command;
    context.note(`${command.slice(1).join(" ")}${withTime ? " under /usr/bin/time" : ", polling VmHWM"}`);

    const started = performance.now();
    const child = context.track(
      spawnGroup(file as string, args, {
        env,
        stdio: ["ignore", "ignore", "inherit"],
      }),
    );
    let polledKb = 0;
    const done = exited(child);
    let finished = false;
    done.then(() => {
      finished = true;
    });
    if (!withTime && child.pid !== undefined) {
      while (!finished) {
        polledKb = Math.max(polledKb, highWaterKb(child.pid) ?? 0);
        await sleep(50);
      }
    }
    const code = await done;
    const seconds = (performance.now() - started) / 1000;
    if (code !== 0) throw new Error(`the import exited with ${code}; its output is above`);
    const peakKb = withTime ? Number(readFileSync(timeFile, "utf8").trim().split("\n").pop()) : polledKb;
    if (!Number.isFinite(peakKb) || peakKb <= 0) throw new Error("could not read the import's peak memory");
    return [
      { name: "regions.import_all_s", value: round(seconds, 1), unit: "s" },
      { name: "regions.import_all_rss_mb", value: Math.round(peakKb / 1024), unit: "MB" },
    ];
  },
});
