/** A bad setting; the message is one line naming the variable and what is wrong with it. */
export class ConfigError extends Error {
  override name = "ConfigError";
}
