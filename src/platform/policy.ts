import { errors } from "./errors.ts";
import type { Actor } from "./policy/actors.ts";
import { caseRules } from "./policy/cases.ts";
import { hallRules } from "./policy/halls.ts";
import { insightRules } from "./policy/insights.ts";
import { peopleRules } from "./policy/people.ts";
import { voiceRules } from "./policy/voice.ts";

export { type Actor, ANONYMOUS, hasScope, type RoleGrant, withinRegion } from "./policy/actors.ts";

/**
 * Every action and who may take it, deny by default. A rule gets the actor and the resource's facts
 * (its region, its owner…) and answers yes or no; it never throws.
 */
export const rules = { ...peopleRules, ...caseRules, ...hallRules, ...voiceRules, ...insightRules };

export type Action = keyof typeof rules;
type ResourceOf<A extends Action> = Parameters<(typeof rules)[A]>[1];

export function can<A extends Action>(
  actor: Actor,
  action: A,
  ...resource: ResourceOf<A> extends undefined ? [] : [ResourceOf<A>]
): boolean {
  return (rules[action] as (actor: Actor, resource: unknown) => boolean)(actor, resource[0]);
}

/**
 * Throws unless allowed. A resource the actor may not see answers 404, as if it did not exist, so its
 * existence leaks nothing; an action refused outright asks anonymous callers to sign in.
 */
export function authorize<A extends Action>(
  actor: Actor,
  action: A,
  ...resource: ResourceOf<A> extends undefined ? [] : [ResourceOf<A>]
): void {
  if (can(actor, action, ...resource)) return;
  if (actor.kind === "anonymous") throw errors.unauthenticated();
  throw resource.length > 0 ? errors.notFound() : errors.forbidden();
}
