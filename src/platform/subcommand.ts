/**
 * The first word of a command line's arguments and the rest parsed as its options: what every
 * `tongban <group> <command> …` asks first. A usage problem is returned as the line to print.
 */
export function subcommand<T>(
  args: string[],
  parseRest: (rest: string[]) => T,
  missing: string,
): { command: "help" } | { command: string; parsed: T } | string {
  const [command, ...rest] = args;
  if (command === "help" || command === "--help" || command === "-h") return { command: "help" };
  if (command === undefined) return missing;
  try {
    return { command, parsed: parseRest(rest) };
  } catch (error) {
    return `${(error as Error).message}.`;
  }
}
