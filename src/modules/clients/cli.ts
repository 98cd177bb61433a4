import { parseArgs } from "node:util";
import type { Db } from "../../platform/db/database.ts";
import { type AppError, isAppError } from "../../platform/errors.ts";
import { subcommand } from "../../platform/subcommand.ts";
import * as service from "./service.ts";

const SCOPES = service.CLIENT_SCOPES.join(", ");

const USAGE = `Usage: tongban clients <command>

Commands:
  create --department <id> --name <name> --scopes <scope>[,<scope>…]
                 give a department's system credentials of its own; prints its id and its token,
                 which is shown this once
  list           every client: id, state, region, department, name, scopes, last use
  rotate <id>    replace a client's token (the old one is refused from now on); prints the new one
  disable <id>   disable a client for good

Scopes: ${SCOPES}.`;

/** Usage errors: the command was asked for wrongly. */
const USAGE_ERROR = 2;

export interface CommandOutput {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/** The database, opened only once the arguments hold, and closed by the command. */
export type OpenDatabase = () => Promise<{ db: Db; close(): Promise<void> }>;

type Parsed =
  | { command: "help" }
  | { command: "create"; name: string; departmentId: string; scopes: string[] }
  | { command: "list" }
  | { command: "rotate" | "disable"; id: string };

function parse(args: string[]): Parsed | string {
  const head = subcommand(args, parseCommandArgs, "Say what to do with API clients.");
  if (typeof head === "string" || !("parsed" in head)) return head;
  const {
    command,
    parsed: { values, positionals },
  } = head;
  const flags = Object.keys(values);
  switch (command) {
    case "create":
      if (positionals.length > 0) return `Unexpected "${positionals.join(" ")}" after clients create.`;
      return {
        command,
        name: values.name ?? "",
        departmentId: values.department ?? "",
        scopes: (values.scopes ?? "")
          .split(",")
          .map((s) => s.trim())
          .filter((s) => s !== ""),
      };
    case "list":
      if (flags.length > 0 || positionals.length > 0) return "clients list takes nothing more.";
      return { command };
    case "rotate":
    case "disable":
      if (flags.length > 0 || positionals.length !== 1) {
        return `clients ${command} takes the client's id alone: tongban clients ${command} <id> (see tongban clients list).`;
      }
      return { command, id: positionals[0] as string };
    default:
      return `Unknown command "clients ${args.join(" ")}".`;
  }
}

function parseCommandArgs(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: { department: { type: "string" }, name: { type: "string" }, scopes: { type: "string" } },
  });
}

/** The service's field problems in the words of the command line: the flag, then what to do. */
function usageOf(problem: AppError, input: { departmentId: string; scopes: string[] }): string[] {
  return (problem.extra.fields ?? []).map(({ field, message }) => {
    if (field.startsWith("/scopes/")) {
      const scope = input.scopes[Number(field.slice("/scopes/".length))];
      return `--scopes: "${scope}" is not a scope: use one or more of ${SCOPES}, separated by commas`;
    }
    if (field === "/scopes") return `--scopes: name at least one of ${SCOPES}, separated by commas`;
    if (field === "/departmentId") {
      const which =
        input.departmentId === ""
          ? "say whose system this is"
          : `no department has the id "${input.departmentId}"`;
      return `--department: ${which}: find the department's id with GET /api/v1/departments?region=<region code>`;
    }
    return `${field === "/name" ? "--name" : field}: ${message}`;
  });
}

const date = (value: Date | null) => (value ? value.toISOString().slice(0, 16).replace("T", " ") : "never");

function issued(output: CommandOutput, { client, token }: service.IssuedClient, made: string): void {
  output.stdout.write(
    `${made}: ${client.name} (${client.departmentName}, ${client.regionCode})\n` +
      `  id:     ${client.id}\n` +
      `  scopes: ${client.scopes.join(", ")}\n` +
      `  token:  ${token}\n\n` +
      "The token is shown this once: Tongban keeps only its hash. Hand it to the system's operators over a\n" +
      "secure channel; the system sends it with every request as\n" +
      "  Authorization: Bearer <token>\n" +
      `If it is lost or leaks, \`tongban clients rotate ${client.id}\` replaces it.\n`,
  );
}

/** `tongban clients …`. Returns the process exit code: 2 when the command was asked for wrongly. */
export async function clientsCommand(
  open: OpenDatabase,
  args: string[],
  output: CommandOutput = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const parsed = parse(args);
  if (typeof parsed === "string") {
    output.stderr.write(`tongban: ${parsed}\n${USAGE}\n`);
    return USAGE_ERROR;
  }
  if (parsed.command === "help") {
    output.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const database = await open();
  try {
    return await run(database.db, parsed, output);
  } catch (error) {
    if (!isAppError(error)) throw error;
    if (error.code === "validation_failed" && parsed.command === "create") {
      output.stderr.write(
        `${usageOf(error, parsed)
          .map((line) => `tongban: ${line}\n`)
          .join("")}`,
      );
      return USAGE_ERROR;
    }
    if (error.code === "not_found") {
      output.stderr.write(
        "tongban: No API client has this id: `tongban clients list` shows every client's id.\n",
      );
      return USAGE_ERROR;
    }
    output.stderr.write(`tongban: ${error.message}\n`);
    return 1;
  } finally {
    await database.close();
  }
}

async function run(db: Db, parsed: Exclude<Parsed, string | { command: "help" }>, output: CommandOutput) {
  // Whoever runs this on the server holds the database already: the audit trail records "system".
  switch (parsed.command) {
    case "create":
      issued(output, await service.createClient(db, "operator", parsed), "API client created");
      return 0;
    case "rotate":
      issued(output, await service.rotateClient(db, "operator", parsed.id), "Token replaced");
      output.stdout.write(
        "The old token is refused from now on (by servers running now within SESSION_CACHE_SECONDS).\n",
      );
      return 0;
    case "disable": {
      const client = await service.disableClient(db, "operator", parsed.id);
      output.stdout.write(
        `API client disabled: ${client.name} (${client.id}). Its token is refused from now on (by servers ` +
          "running now within SESSION_CACHE_SECONDS).\n",
      );
      return 0;
    }
    case "list": {
      const clients = await service.listClients(db, "operator");
      if (clients.length === 0) {
        output.stdout.write(
          "No API clients yet. Make one with: tongban clients create --department <id> --name <name> --scopes <scopes>\n",
        );
        return 0;
      }
      for (const c of clients) {
        output.stdout.write(
          `${c.id}  ${c.disabledAt ? "disabled" : "live    "}  ${c.regionCode.padEnd(12)}  ${c.departmentName}  ` +
            `${c.name}  [${c.scopes.join(", ")}]  last used ${date(c.lastUsedAt)}\n`,
        );
      }
      return 0;
    }
  }
}
