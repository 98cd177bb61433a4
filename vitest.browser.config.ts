import { defineConfig } from "vitest/config";

// The browser tests alone (`npm run test:browser`): a real server and a real chromium, one file at a
// time, with room for the first start to load the demo county.
export default defineConfig({
  test: {
    include: ["test/browser/**/*.test.ts"],
    exclude: ["node_modules/**"],
    pool: "forks",
    maxWorkers: 1,
    testTimeout: 120_000,
    hookTimeout: 240_000,
  },
});
