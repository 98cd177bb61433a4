import { forgetProcessCaches } from "../src/platform/process-cache.ts";

// Test files share their worker's modules (vitest `isolate: false`), each on a database of its own:
// nothing one file's database put in a process-wide cache may answer for the next file's.
forgetProcessCaches();
