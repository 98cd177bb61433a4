import type { FastifyPluginAsync } from "fastify";

/** Catalogue managers' pages: items, drafts with the form editor and its live preview, versions compared. (Next.) */
export const catalogAdminPages: FastifyPluginAsync = async () => {};
