import pino, { type Logger } from "pino";
import type { LogLevel } from "./config.ts";

/** JSON lines on stdout; request lines carry `requestId`. Secrets never reach a log line. */
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
