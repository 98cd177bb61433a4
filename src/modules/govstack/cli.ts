import { parseArgs } from "node:util";
import type { Logger } from "pino";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import { type AppError, isAppError } from "../../platform/errors.ts";
import { subcommand } from "../../platform/subcommand.ts";
import * as identities from "./identities.ts";

const USAGE = `Usage: tongban govstack <command>

Commands:
  identities add --client <id> --header <INSTANCE/CLASS/MEMBER/SUBSYSTEM>
                 [--via-mediator] [--default] [--stand-in-applicants]
                 bind an Information-Mediator-Client value to an API client (tongban clients list).
                 --via-mediator: from GOVSTACK_MEDIATOR_NETWORKS the header is taken without a token,
                 the security server vouching for it; --default: that identity answers requests
                 from there that send no header (at most one); --stand-in-applicants: its submissions
                 are made for one made-up person, whatever applicantId says (sandboxes and the
                 conformance suites only, never in production)
  identities list
                 every identity: header value, client, how it is taken
  identities remove <INSTANCE/CLASS/MEMBER/SUBSYSTEM>
                 unbind a header value (one that applications were submitted under stays)
  registries expose|list|withdraw
                 which registries GovStack callers reach, and as what (tongban govstack registries help)
  seed [--data DIR]
                 load the public GovStack suites' conformance data (from ../shared/specs/govstack or
                 DIR) into a fresh database, and say how to point the suites at it (docs/govstack.md)

The GovStack APIs are served at /govstack/registration and /govstack/registries.`;

export interface CommandOutput {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/** The database, opened only once the arguments hold, and closed by the command. */
export type OpenDatabase = () => Promise<{ db: Db; close(): Promise<void> }>;

/** Usage errors: the command was asked for wrongly. */
const USAGE_ERROR = 2;

export interface GovstackCommandContext {
  /** The database, opened only once the arguments hold, and closed by the command. */
  open: OpenDatabase;
  config: Pick<Config, "personalDataKey" | "govstackMediatorNetworks">;
  log?: Logger;
}

type Parsed =
  | { command: "help" }
  | { command: "add"; input: identities.IdentityInput }
  | { command: "list" }
  | { command: "remove"; header: string };

function parseIdentities(args: string[]): Parsed | string {
  const head = subcommand(
    args,
    parseCommandArgs,
    "Say what to do with GovStack identities: add, list or remove.",
  );
  if (typeof head === "string" || !("parsed" in head)) return head;
  const {
    command,
    parsed: { values, positionals },
  } = head;
  const flags = Object.keys(values);
  switch (command) {
    case "add":
      if (positionals.length > 0) {
        return `Unexpected "${positionals.join(" ")}" after govstack identities add.`;
      }
      return {
        command,
        input: {
          clientId: values.client ?? "",
          mediatorClient: values.header ?? "",
          viaMediator: values["via-mediator"] === true,
          mediatorDefault: values.default === true,
          standInApplicants: values["stand-in-applicants"] === true,
        },
      };
    case "list":
      if (flags.length > 0 || positionals.length > 0) return "govstack identities list takes nothing more.";
      return { command };
    case "remove":
      if (flags.length > 0 || positionals.length !== 1) {
        return "govstack identities remove takes the header value alone: tongban govstack identities remove <INSTANCE/CLASS/MEMBER/SUBSYSTEM>.";
      }
      return { command, header: positionals[0] as string };
    default:
      return `Unknown command "govstack identities ${args.join(" ")}".`;
  }
}

function parseCommandArgs(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: {
      client: { type: "string" },
      header: { type: "string" },
      "via-mediator": { type: "boolean" },
      default: { type: "boolean" },
      "stand-in-applicants": { type: "boolean" },
    },
  });
}

/** The service's field problems in the words of the command line: the flag, then what to do. */
function usageOf(problem: AppError): string[] {
  const flags: Record<string, string> = {
    "/mediatorClient": "--header",
    "/clientId": "--client",
    "/mediatorDefault": "--default",
  };
  return (problem.extra.fields ?? []).map(({ field, message }) => `${flags[field] ?? field}: ${message}`);
}

function fail(output: CommandOutput, message: string, usage = false): number {
  output.stderr.write(`tongban: ${message}\n${usage ? `${USAGE}\n` : ""}`);
  return usage ? USAGE_ERROR : 1;
}

/**
 * `tongban govstack …`. Returns the process exit code: 2 when the command was asked for wrongly.
 * `seed` is not here: it opens cases, so it starts the platform (src/commands.ts `govstackSeed`).
 */
export async function govstackCommand(
  context: GovstackCommandContext,
  args: string[],
  output: CommandOutput = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const [group, ...rest] = args;
  if (group === undefined) return fail(output, "Say what to do: tongban govstack identities …", true);
  if (group === "help" || group === "--help" || group === "-h") {
    output.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (group === "registries") {
    const { registriesCommand } = await import("./registries/cli.ts");
    return registriesCommand(context.open, rest, output);
  }
  if (group !== "identities") return fail(output, `Unknown command "govstack ${args.join(" ")}".`, true);
  const parsed = parseIdentities(rest);
  if (typeof parsed === "string") return fail(output, parsed, true);
  if (parsed.command === "help") {
    output.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const database = await context.open();
  try {
    return await run(database.db, context, parsed, output);
  } catch (error) {
    if (!isAppError(error)) throw error;
    if (error.code === "validation_failed" && parsed.command === "add") {
      output.stderr.write(
        usageOf(error)
          .map((line) => `tongban: ${line}\n`)
          .join(""),
      );
      return USAGE_ERROR;
    }
    if (error.code === "not_found" && parsed.command === "remove") {
      output.stderr.write(
        "tongban: No GovStack identity has this header value: `tongban govstack identities list` shows them.\n",
      );
      return USAGE_ERROR;
    }
    output.stderr.write(`tongban: ${error.message}\n`);
    return 1;
  } finally {
    await database.close();
  }
}

async function run(
  db: Db,
  context: GovstackCommandContext,
  parsed: Exclude<Parsed, { command: "help" }>,
  output: CommandOutput,
): Promise<number> {
  // Whoever runs this on the server holds the database already: the audit trail records "system".
  switch (parsed.command) {
    case "add": {
      const added = await identities.addIdentity(db, context.config, parsed.input);
      const { identity, client } = added;
      output.stdout.write(
        `GovStack identity added: ${identity.mediatorClient} → ${client.name} (${client.departmentName}, ${client.regionCode})\n` +
          `  client:     ${client.id}\n` +
          `  taken:      ${
            identity.viaMediator
              ? "with the client's token, or without one from GOVSTACK_MEDIATOR_NETWORKS"
              : "with the client's token (Authorization: Bearer …) only"
          }\n` +
          (identity.mediatorDefault
            ? "  default:    requests from the mediator's network without the header\n"
            : "") +
          `  applicants: ${
            added.standIn
              ? `the stand-in person ${added.standIn.idNumberMasked}, whatever applicantId says — for sandboxes and the conformance suites only, never in production`
              : "people with a Tongban account, by resident ID number as applicantId"
          }\n`,
      );
      if (identity.viaMediator && !context.config.govstackMediatorNetworks) {
        output.stdout.write(
          "GOVSTACK_MEDIATOR_NETWORKS is not set on this server: until it names the security server's " +
            "addresses, this identity too needs the client's token.\n",
        );
      }
      return 0;
    }
    case "list": {
      const listed = await identities.listIdentities(db);
      if (listed.length === 0) {
        output.stdout.write(
          "No GovStack identities yet. Add one with: tongban govstack identities add --client <id> --header <INSTANCE/CLASS/MEMBER/SUBSYSTEM>\n",
        );
        return 0;
      }
      for (const i of listed) {
        const how = [
          i.viaMediator ? "via mediator" : "token only",
          ...(i.mediatorDefault ? ["default"] : []),
          ...(i.applicants === "stand_in" ? ["stand-in applicants"] : []),
          ...(i.client?.disabledAt ? ["client disabled"] : []),
        ];
        const client = i.client
          ? `${i.client.name} (${i.client.departmentName}, ${i.client.regionCode})`
          : "?";
        output.stdout.write(`${i.mediatorClient}  ${i.apiClientId}  ${client}  [${how.join(", ")}]\n`);
      }
      return 0;
    }
    case "remove": {
      const removed = await identities.removeIdentity(db, parsed.header);
      output.stdout.write(
        `GovStack identity removed: ${removed.mediatorClient} (client ${removed.apiClientId}). Servers running ` +
          "now forget it within SESSION_CACHE_SECONDS.\n",
      );
      return 0;
    }
  }
}
