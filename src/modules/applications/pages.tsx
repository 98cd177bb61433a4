import type { FastifyPluginAsync } from "fastify";
import { applyCheckPages } from "./apply-check.tsx";
import { applyDeliveryPages } from "./apply-delivery.tsx";
import { applyFormPages } from "./apply-form.tsx";
import { applyListPages } from "./apply-list.tsx";
import { applyMaterialPages } from "./apply-materials.tsx";
import { applyStartPages } from "./apply-start.tsx";

/**
 * Applying online, for people: choosing who applies, the form a page at a time, the materials and the
 * commitment, delivery, "check your answers" and submission; "My applications"; the correction asked
 * for by a supplement request. Every page works without JavaScript; the receipt and the progress page
 * are the cases module's.
 */
export const applicationPages: FastifyPluginAsync = async (app) => {
  await app.register(applyStartPages);
  await app.register(applyListPages);
  await app.register(applyFormPages);
  await app.register(applyMaterialPages);
  await app.register(applyDeliveryPages);
  await app.register(applyCheckPages);
};
