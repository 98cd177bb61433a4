import type { Running } from "../../platform/boot.ts";

/** `tongban audit verify`: placeholder until the audit trail lands. Returns the process exit code. */
export async function auditCommand(_running: Running, args: string[]): Promise<number> {
  process.stderr.write(`tongban: audit ${args.join(" ")} is not available yet\n`);
  return 1;
}
