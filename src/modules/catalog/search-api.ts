import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";

/** Searching the catalogue, and the synonyms that widen it. (Routes come with the search index.) */
export const catalogSearchApi: FastifyPluginAsyncTypebox = async () => {};
