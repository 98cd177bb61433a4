import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { intakePages } from "./intake-pages.tsx";
import { queuePages } from "./queue-pages.tsx";

/** The pages of halls and service points: kiosk, display board, the clerk's window, window intake. */
export const hallsPages: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(queuePages);
  await app.register(intakePages);
};
