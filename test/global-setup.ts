/**
 * Once per run, before any test file: on PostgreSQL (TEST_DATABASE_URL), a migrated template database
 * that test/db.ts copies for each file — CREATE DATABASE … TEMPLATE copies files, where migrating a new
 * database afresh took most of a second and a half. Dropped when the run ends.
 */
import { randomBytes } from "node:crypto";
import { openDatabase } from "../src/platform/db/database.ts";
import { adminQuery, prepare } from "./db.ts";

export async function setup(): Promise<() => Promise<void>> {
  const server = process.env.TEST_DATABASE_URL;
  if (!server) return async () => {};
  const name = `tongban_template_${randomBytes(6).toString("hex")}`;
  await adminQuery(server, `create database ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: url.toString(), pgliteDir: "memory://", poolSize: 2 });
  try {
    await prepare(handle);
  } finally {
    await handle.close();
  }
  // No one may connect to a template being copied; closing it to connections keeps autovacuum out too.
  await adminQuery(server, `alter database ${name} with is_template true allow_connections false`);
  // Test workers are forked after this, with this process's environment.
  process.env.TEST_DATABASE_TEMPLATE = name;
  return async () => {
    delete process.env.TEST_DATABASE_TEMPLATE;
    await adminQuery(server, `alter database ${name} with is_template false`);
    await adminQuery(server, `drop database if exists ${name} with (force)`);
  };
}
