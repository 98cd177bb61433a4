import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import type { Db } from "../../platform/db/database.ts";
import { isAppError } from "../../platform/errors.ts";
import { subcommand } from "../../platform/subcommand.ts";
import * as admin from "./staff-admin.ts";
import { FIRST_PASSWORD_HOURS } from "./staff-admin.ts";
import * as store from "./store.ts";
import { STAFF_ROLES, type StaffRole } from "./tables.ts";

const USAGE = `Usage: tongban staff <command>

Commands:
  create --username <name> --name <display name> --region <code>
                 make a staff account kept by the region's administrators; prints its first password,
                 shown this once
  grant <username> --role <role> --department <id> --jurisdiction <code>
                 grant a role; the only way to make the system, security and audit administrators
  revoke <username> --role <role> --department <id>
                 take a role away; the account's sessions end
  reset-password <username>
                 give a new first password to someone who lost theirs; prints it, shown this once;
                 their sessions end and the account is unlocked

Roles: ${STAFF_ROLES.join(", ")}.
The three administrators (system_admin, security_admin, audit_admin) are three different people: an
account holding one of them holds no other role. Once they exist, the system administrator makes accounts and the
security administrator grants the other roles, through the API.
A first password works for ${FIRST_PASSWORD_HOURS} hours, and only to choose one's own at the first sign-in.`;

const USAGE_ERROR = 2;

export interface CommandOutput {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

export type OpenDatabase = () => Promise<{ db: Db; close(): Promise<void> }>;

type Parsed =
  | { command: "help" }
  | { command: "create"; username: string; displayName: string; regionCode: string }
  | { command: "grant"; username: string; role: StaffRole; departmentId: string; jurisdictionCode: string }
  | { command: "revoke"; username: string; role: StaffRole; departmentId: string }
  | { command: "reset-password"; username: string };

function parse(args: string[]): Parsed | string {
  const head = subcommand(args, parseCommandArgs, "Say what to do with staff accounts.");
  if (typeof head === "string" || !("parsed" in head)) return head;
  const {
    command,
    parsed: { values, positionals },
  } = head;
  const role = values.role ?? "";
  const roleProblem = (STAFF_ROLES as readonly string[]).includes(role)
    ? undefined
    : `--role: "${role}" is not a role: use one of ${STAFF_ROLES.join(", ")}.`;
  switch (command) {
    case "create":
      if (positionals.length > 0) return `Unexpected "${positionals.join(" ")}" after staff create.`;
      if (!values.username || !values.name || !values.region) {
        return "staff create needs --username, --name and --region.";
      }
      return { command, username: values.username, displayName: values.name, regionCode: values.region };
    case "reset-password":
      if (positionals.length !== 1) return "staff reset-password takes one username.";
      return { command, username: positionals[0] as string };
    case "grant":
    case "revoke": {
      if (positionals.length !== 1)
        return `staff ${command} takes one username: tongban staff ${command} <username> …`;
      if (roleProblem) return roleProblem;
      if (!values.department) return `staff ${command} needs --department <id>.`;
      const username = positionals[0] as string;
      const departmentId = values.department;
      if (command === "revoke") return { command, username, role: role as StaffRole, departmentId };
      if (!values.jurisdiction) return "staff grant needs --jurisdiction <region code>.";
      return {
        command,
        username,
        role: role as StaffRole,
        departmentId,
        jurisdictionCode: values.jurisdiction,
      };
    }
    default:
      return `Unknown command "staff ${args.join(" ")}".`;
  }
}

function parseCommandArgs(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: {
      username: { type: "string" },
      name: { type: "string" },
      region: { type: "string" },
      role: { type: "string" },
      department: { type: "string" },
      jurisdiction: { type: "string" },
    },
  });
}

/** A first password of 20 characters from an alphabet without look-alikes (0/O, 1/l/I). */
export function firstPassword(): string {
  const alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";
  return Array.from(randomBytes(20), (byte) => alphabet[byte % alphabet.length]).join("");
}

/** `tongban staff …`. Returns the process exit code: 2 when the command was asked for wrongly. */
export async function staffCommand(
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
    const fields = (error.extra.fields ?? []).map((f) => `${f.field.slice(1)}: ${f.message}`);
    output.stderr.write(`tongban: ${fields.length > 0 ? fields.join("; ") : error.message}\n`);
    return error.status < 500 ? USAGE_ERROR : 1;
  } finally {
    await database.close();
  }
}

const HANDOVER =
  "The password is shown this once: hand it over in person or over a secure channel.\n" +
  `It works for ${FIRST_PASSWORD_HOURS} hours, and only to choose a new one at the first sign-in.\n`;

// Whoever runs this on the server holds the database already: the audit trail records "system".
const OPERATOR = { kind: "operator" } as const;

async function run(db: Db, parsed: Exclude<Parsed, { command: "help" }>, output: CommandOutput) {
  if (parsed.command === "create") {
    const password = firstPassword();
    const id = await admin.createAccount(db, OPERATOR, { ...parsed, password });
    output.stdout.write(
      `Staff account created: ${parsed.username.toLowerCase()} (${id})\n` +
        `  first password: ${password}\n\n` +
        HANDOVER,
    );
    return 0;
  }
  const staff = await store.findStaffByUsername(db, parsed.username);
  if (!staff) {
    output.stderr.write(`tongban: No staff account is called "${parsed.username}".\n`);
    return USAGE_ERROR;
  }
  if (parsed.command === "reset-password") {
    const password = firstPassword();
    await admin.resetToFirstPassword(db, staff.id, password);
    output.stdout.write(`New first password for ${staff.username}: ${password}\n\n${HANDOVER}`);
    return 0;
  }
  if (parsed.command === "grant") {
    await admin.grantRole(db, OPERATOR, staff.id, parsed);
    output.stdout.write(`${staff.username} now holds ${parsed.role} over ${parsed.jurisdictionCode}.\n`);
    return 0;
  }
  await admin.revokeRole(db, OPERATOR, staff.id, parsed);
  output.stdout.write(`${staff.username} no longer holds ${parsed.role}; their sessions have ended.\n`);
  return 0;
}
