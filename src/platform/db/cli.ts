import { parseArgs } from "node:util";
import type { Config } from "../config.ts";
import { openDatabase } from "./database.ts";
import {
  currentRole,
  type RoleNames,
  rolesScript,
  SCHEMAS,
  servingGrants,
  servingRoleProblems,
} from "./roles.ts";

const USAGE = `Usage: tongban db <command>

Commands:
  roles [--owner NAME] [--serving NAME] [--database NAME]
         print the SQL a superuser runs once to make the schema's owner (DATABASE_OWNER_URL), the
         serving role (DATABASE_URL) and the database; names default to those of the two URLs
  grants [--serving NAME]
         print the privileges Tongban grants the serving role after every migration, as the owner
  check  connect as DATABASE_URL's role and say whether it is fit to serve apart from the owner: no
         superuser, no CREATEROLE, owning nothing of Tongban's; exit 1 naming what is wrong

Nothing here changes the database: roles and grants print, check reads. See docs/operations.md,
"Two database roles".`;

const USAGE_ERROR = 2;

export interface CommandOutput {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

const userOf = (url: string | undefined) => (url ? decodeURIComponent(new URL(url).username) : "");
const databaseOf = (url: string | undefined) =>
  url ? decodeURIComponent(new URL(url).pathname.slice(1)) : "";

/** The names the two URLs give, or the usual ones. */
function defaultNames(config: Pick<Config, "databaseUrl" | "databaseOwnerUrl">): RoleNames {
  return {
    owner: userOf(config.databaseOwnerUrl) || "tongban_owner",
    serving: userOf(config.databaseUrl) || "tongban",
    database: databaseOf(config.databaseOwnerUrl ?? config.databaseUrl) || "tongban",
  };
}

/** `tongban db …`. Returns the process exit code: 2 when the command was asked for wrongly. */
export async function dbCommand(
  config: Pick<Config, "databaseUrl" | "databaseOwnerUrl">,
  args: string[],
  output: CommandOutput = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const [command, ...rest] = args;
  if (command === "help" || command === "--help" || command === "-h") {
    output.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let values: { owner?: string; serving?: string; database?: string };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { owner: { type: "string" }, serving: { type: "string" }, database: { type: "string" } },
    }));
  } catch (error) {
    output.stderr.write(`tongban: ${(error as Error).message}.\n${USAGE}\n`);
    return USAGE_ERROR;
  }
  const names = { ...defaultNames(config), ...values };
  if (positionals.length > 0 || (command === "grants" && (values.owner || values.database))) {
    output.stderr.write(`tongban: unexpected arguments to db ${command}.\n${USAGE}\n`);
    return USAGE_ERROR;
  }
  switch (command) {
    case "roles":
      output.stdout.write(rolesScript(names));
      return 0;
    case "grants":
      for (const schema of SCHEMAS) {
        output.stdout.write(`${servingGrants(names.serving, schema).join(";\n")};\n`);
      }
      return 0;
    case "check":
      return check(config, output);
    default:
      output.stderr.write(`tongban: unknown command "db ${args.join(" ")}".\n${USAGE}\n`);
      return USAGE_ERROR;
  }
}

async function check(config: Pick<Config, "databaseUrl">, output: CommandOutput): Promise<number> {
  if (!config.databaseUrl) {
    output.stderr.write("tongban: db check needs DATABASE_URL: the embedded database has no roles.\n");
    return USAGE_ERROR;
  }
  const database = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: "", poolSize: 1 });
  try {
    const role = await currentRole(database.db);
    const problems = await servingRoleProblems(database.db);
    if (problems.length === 0) {
      output.stdout.write(
        `The role "${role}" owns nothing of Tongban's and may serve apart from the owner.\n`,
      );
      return 0;
    }
    output.stderr.write(
      `tongban: the role "${role}" cannot serve apart from the owner: it ${problems.join("; ")}.\n`,
    );
    return 1;
  } finally {
    await database.close();
  }
}
