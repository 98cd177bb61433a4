import type { Template } from "./templates.ts";

/** What the messages of requests (issue 8) are filled with. */
// biome-ignore lint/suspicious/noEmptyInterface: filled as the module's messages are written
export interface RequestsTemplateParams {}

export const requestsTemplates: {
  readonly [T in keyof RequestsTemplateParams]: Template<RequestsTemplateParams[T]>;
} = {};
