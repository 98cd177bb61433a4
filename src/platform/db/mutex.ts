/**
 * A first-come, first-served lock. PGlite has a single connection, so whoever holds this lock owns it:
 * a Kysely transaction holds it from acquire to release, and pg-boss waits its turn instead of
 * slipping its statements into someone else's transaction.
 */
export class Mutex {
  #tail: Promise<void> = Promise.resolve();
  #waiting = 0;

  /** Resolves with a release function once every earlier holder has released. */
  acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => {
      release = resolve;
    });
    const previous = this.#tail;
    this.#tail = previous.then(() => next);
    this.#waiting++;
    return previous.then(() => {
      this.#waiting--;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        release();
      };
    });
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await work();
    } finally {
      release();
    }
  }

  get waiting(): number {
    return this.#waiting;
  }
}
