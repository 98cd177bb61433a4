import type { Template } from "./templates.ts";

/** What the messages of ratings (issue 8) are filled with. */
// biome-ignore lint/suspicious/noEmptyInterface: filled as the module's messages are written
export interface RatingsTemplateParams {}

export const ratingsTemplates: {
  readonly [T in keyof RatingsTemplateParams]: Template<RatingsTemplateParams[T]>;
} = {};
