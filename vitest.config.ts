import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.{ts,tsx}", "test/**/*.test.{ts,tsx}"],
    // The browser tests have their own run (`npm run test:browser`, vitest.browser.config.ts).
    exclude: ["node_modules/**", "test/browser/**"],
    // Each file opens its own database; two cores run two files at a time.
    pool: "forks",
    maxWorkers: 2,
    // The files of a worker share its modules instead of importing the whole app afresh each (a third
    // of the run's time); test/setup.ts empties the process-wide caches between files.
    isolate: false,
    globalSetup: ["test/global-setup.ts"],
    setupFiles: ["test/setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
