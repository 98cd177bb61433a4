/** Where progress goes: a terminal gets a redrawn bar, anything else (a log file, CI) plain lines. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressOptions {
  label: string;
  total: number;
  stream?: ProgressStream;
  /** Least time between two plain lines when the stream is not a terminal. */
  plainEveryMs?: number;
  now?: () => number;
}

export interface Progress {
  tick(count?: number): void;
  /** Draws the final state once; later ticks and calls are ignored. */
  done(): void;
}

const BAR_WIDTH = 24;
// A terminal redraw costs a write; ten a second looks live without slowing a tight loop.
const TTY_EVERY_MS = 100;

export function progress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  const tty = stream.isTTY === true;
  const now = options.now ?? Date.now;
  const every = tty ? TTY_EVERY_MS : (options.plainEveryMs ?? 2000);
  const started = now();
  let count = 0;
  let drawnAt = started;
  let finished = false;

  const draw = (at: number, final: boolean) => {
    drawnAt = at;
    const state = { label: options.label, total: options.total, count, seconds: (at - started) / 1000 };
    // A line wider than the terminal wraps, and "\r" would then redraw only its last part.
    const width = Math.max(20, (stream.columns || 80) - 1);
    if (tty) stream.write(`\r${barLine(state, final).slice(0, width)}\x1b[K${final ? "\n" : ""}`);
    else stream.write(`${plainLine(state, final)}\n`);
  };

  return {
    tick(n = 1) {
      if (finished) return;
      count += n;
      const at = now();
      if (at - drawnAt >= every) draw(at, false);
    },
    done() {
      if (finished) return;
      finished = true;
      draw(now(), true);
    },
  };
}

interface State {
  label: string;
  total: number;
  count: number;
  seconds: number;
}

function barLine(s: State, final: boolean): string {
  const share = s.total > 0 ? Math.min(1, s.count / s.total) : 1;
  const filled = Math.round(share * BAR_WIDTH);
  const bar = `[${"#".repeat(filled)}${"-".repeat(BAR_WIDTH - filled)}]`;
  return `${s.label} ${bar} ${counts(s)} ${percent(share)} ${rate(s)} ${final ? elapsed(s) : left(s)}`;
}

function plainLine(s: State, final: boolean): string {
  const share = s.total > 0 ? Math.min(1, s.count / s.total) : 1;
  return final
    ? `${s.label}: done, ${counts(s)} ${rate(s)} ${elapsed(s)}`
    : `${s.label}: ${counts(s)} ${percent(share)} ${rate(s)} ${left(s)}`;
}

const counts = (s: State) => `${group(s.count)}/${group(s.total)}`;
const percent = (share: number) => `${(share * 100).toFixed(1)}%`;
const perSecond = (s: State) => (s.seconds > 0 ? s.count / s.seconds : 0);
const rate = (s: State) => `${group(Math.round(perSecond(s)))}/s`;
const elapsed = (s: State) => `in ${duration(s.seconds)}`;

function left(s: State): string {
  const speed = perSecond(s);
  if (speed === 0) return "time left unknown";
  return `${duration(Math.max(0, s.total - s.count) / speed)} left`;
}

function group(n: number): string {
  return n.toLocaleString("en-US");
}

/** 0:07, 12:34, 1:02:03 */
export function duration(seconds: number): string {
  const whole = Math.round(seconds);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const sec = String(whole % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${sec}` : `${m}:${sec}`;
}
