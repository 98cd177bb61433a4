import { parseArgs } from "node:util";
import { type AppError, isAppError } from "../../../platform/errors.ts";
import type { CommandOutput, OpenDatabase } from "../cli.ts";
import { exposedRegistriesForOperator, exposeRegistry, withdrawExposure } from "./exposures.ts";

const USAGE = `Usage: tongban govstack registries <command>

Commands:
  expose <registry code> [--name <name>] [--version <v>] [--code <acronym>] [--key-field <name>]
         [--field <ours>=<theirs>]…
         open a registry to GovStack callers at /govstack/registries/data/<name>/<v> (deny by default:
         the steward's deliberate act). Defaults: the registry's code as name, version 1, the code in
         capitals as acronym, key field "id", field names as ours
  list   every exposed registry: its GovStack id, name, version, acronym and registry
  withdraw <name or registry code>
         close it again (GovStack callers get 404)`;

const USAGE_ERROR = 2;

function fail(output: CommandOutput, message: string, usage = false): number {
  output.stderr.write(`tongban: ${message}\n${usage ? `${USAGE}\n` : ""}`);
  return usage ? USAGE_ERROR : 1;
}

type Parsed =
  | { command: "expose"; registry: string; values: Record<string, string | string[] | undefined> }
  | { command: "list" }
  | { command: "withdraw"; name: string };

function parse(args: string[]): Parsed | string | "help" {
  const [command, ...rest] = args;
  if (command === undefined || command === "help" || command === "--help" || command === "-h") return "help";
  let parsed: ReturnType<
    typeof parseArgs<{ args: string[]; allowPositionals: true; options: typeof OPTIONS }>
  >;
  try {
    parsed = parseArgs({ args: rest, allowPositionals: true, options: OPTIONS });
  } catch (error) {
    return `${(error as Error).message}.`;
  }
  const { values, positionals } = parsed;
  switch (command) {
    case "expose":
      if (positionals.length !== 1) return "govstack registries expose takes one registry code.";
      return { command, registry: positionals[0] as string, values };
    case "list":
      if (positionals.length > 0 || Object.keys(values).length > 0)
        return "govstack registries list takes nothing more.";
      return { command };
    case "withdraw":
      if (positionals.length !== 1 || Object.keys(values).length > 0) {
        return "govstack registries withdraw takes the exposed name (or the registry's code) alone.";
      }
      return { command, name: positionals[0] as string };
    default:
      return `Unknown command "govstack registries ${args.join(" ")}".`;
  }
}

const OPTIONS = {
  name: { type: "string" },
  version: { type: "string" },
  code: { type: "string" },
  "key-field": { type: "string" },
  field: { type: "string", multiple: true },
} as const;

/** `tongban govstack registries …`, dispatched from govstack/cli.ts. Returns the exit code. */
export async function registriesCommand(
  open: OpenDatabase,
  args: string[],
  output: CommandOutput,
): Promise<number> {
  const parsed = parse(args);
  if (parsed === "help") {
    output.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (typeof parsed === "string") return fail(output, parsed, true);
  let fieldNames: Record<string, string> | undefined;
  if (parsed.command === "expose") {
    const pairs = (parsed.values.field as string[] | undefined) ?? [];
    const bad = pairs.find((p) => !/^[^=]+=[^=]+$/.test(p));
    if (bad !== undefined) return fail(output, `--field ${bad}: give ours=theirs.`, true);
    fieldNames =
      pairs.length > 0 ? Object.fromEntries(pairs.map((p) => p.split("=") as [string, string])) : undefined;
  }
  const { db, close } = await open();
  try {
    switch (parsed.command) {
      case "expose": {
        const { values } = parsed;
        const made = await exposeRegistry(db, {
          registry: parsed.registry,
          name: values.name as string | undefined,
          version: values.version as string | undefined,
          code: values.code as string | undefined,
          keyField: values["key-field"] as string | undefined,
          fieldNames,
        });
        output.stdout.write(
          `Registry ${parsed.registry} exposed to GovStack callers as database ${made.id}: ` +
            `/govstack/registries/data/${made.name}/${made.version} (${made.code}), key field ${made.keyField}\n`,
        );
        return 0;
      }
      case "list": {
        const listed = await exposedRegistriesForOperator(db);
        if (listed.length === 0) {
          output.stdout.write(
            "No registry is exposed. Expose one with: tongban govstack registries expose <code>\n",
          );
        }
        for (const { exposure, registry } of listed) {
          output.stdout.write(
            `${exposure.id}  ${exposure.name}/${exposure.version}  ${exposure.code}  ${registry.code}  key ${exposure.keyField}\n`,
          );
        }
        return 0;
      }
      case "withdraw": {
        const removed = await withdrawExposure(db, parsed.name);
        output.stdout.write(`Registry exposure ${removed.name} (database ${removed.id}) withdrawn.\n`);
        return 0;
      }
    }
  } catch (error) {
    if (!isAppError(error)) throw error;
    const problems = (error as AppError).extra.fields ?? [];
    output.stderr.write(
      problems.length > 0
        ? problems.map((p) => `tongban: ${p.field.replace(/^\//, "--")}: ${p.message}\n`).join("")
        : `tongban: ${error.message}\n`,
    );
    return error.code === "validation_failed" || error.code === "not_found" ? USAGE_ERROR : 1;
  } finally {
    await close();
  }
}
