import pino, { type Logger } from "pino";
import type { LogLevel } from "./config.ts";

/**
 * JSON lines on stdout; request lines carry `requestId`, and the "request completed" line the client's
 * address (`ip`). Request headers and bodies are never logged,
 * so cookies and tokens cannot reach a line; a stray `password` field is censored all the same.
 */
export function createLogger(level: LogLevel): Logger {
  return pino({
    level,
    base: { service: "tongban" },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: [
        "req.headers.cookie",
        "req.headers.authorization",
        'res.headers["set-cookie"]',
        "password",
        "*.password",
      ],
      censor: "[redacted]",
    },
  });
}
