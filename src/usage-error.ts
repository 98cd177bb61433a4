/** A command asked for wrongly: main.ts prints its message as one line, without a stack. */
export class UsageError extends Error {
  override name = "UsageError";
}
