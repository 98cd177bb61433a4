import type { Server } from "node:http";
import type { FastifyInstance } from "fastify";

/**
 * The end of a benchmark's server process: listen on a free port, tell the parent which over IPC
 * (`{ port }`), and stop cleanly when told to or when the parent goes away.
 */
export async function serveForParent(
  app: FastifyInstance,
  running: { stop(): Promise<void> },
): Promise<void> {
  await app.listen({ port: 0, host: "127.0.0.1" });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await app.close().catch(() => {});
    await running.stop();
    process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  process.on("disconnect", stop);
  const address = (app.server as Server).address();
  if (typeof address !== "object" || address === null) throw new Error("not listening");
  process.send?.({ port: address.port });
}
