import { describe, expect, it } from "vitest";
import type { Actor } from "../policy.ts";
import { actorCache } from "./actor-cache.ts";

const someone: Actor = { kind: "staff", id: "1", username: "u", displayName: "U", grants: [] };

describe("the actor cache", () => {
  it("loads once within the lifetime, again after it, and at once after forget", async () => {
    let clock = 0;
    let loads = 0;
    const cache = actorCache(
      async () => {
        loads++;
        return someone;
      },
      5_000,
      10,
      () => clock,
    );
    expect(await cache.resolve("t")).toBe(someone);
    expect(await cache.resolve("t")).toBe(someone);
    expect(loads).toBe(1);
    clock = 5_001;
    await cache.resolve("t");
    expect(loads).toBe(2);
    cache.forget("t");
    await cache.resolve("t");
    expect(loads).toBe(3);
  });

  it("keeps at most its size, dropping the oldest", async () => {
    let loads = 0;
    const cache = actorCache(
      async () => {
        loads++;
        return undefined;
      },
      60_000,
      2,
    );
    await cache.resolve("a");
    await cache.resolve("b");
    await cache.resolve("c");
    await cache.resolve("a");
    expect(loads).toBe(4);
    await cache.resolve("c");
    expect(loads).toBe(4);
  });

  it("asks every time when its lifetime is zero", async () => {
    let loads = 0;
    const cache = actorCache(async () => {
      loads++;
      return someone;
    }, 0);
    await cache.resolve("t");
    await cache.resolve("t");
    expect(loads).toBe(2);
  });
});
