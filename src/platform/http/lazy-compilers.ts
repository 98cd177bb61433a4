import { AjvCompiler } from "@fastify/ajv-compiler";
import { SerializerSelector } from "@fastify/fast-json-stringify-compiler";
import type { FastifyServerOptions } from "fastify";

type CompilersFactory = NonNullable<
  NonNullable<FastifyServerOptions["schemaController"]>["compilersFactory"]
>;

type Validate = ((data: unknown) => unknown) & { errors?: unknown };
type Serialize = (data: unknown) => string;
type Compile<F> = (route: unknown) => F;
type Factory<F> = (...args: never[]) => Compile<F>;

/**
 * Fastify's own compilers (Ajv for validation, fast-json-stringify for responses), each route's schema
 * compiled on the route's first request instead of at start: with some hundred routes that is most of a
 * second of every start, paid by requests that come one route at a time. A schema that cannot compile
 * fails its route's first request (the policy matrix asks every API route). Header schemas, which
 * Fastify lower-cases only for its default compiler, must name headers in lower case.
 */
export function lazyCompilers(): CompilersFactory {
  const factory = {
    buildValidator: lazily<Validate>(AjvCompiler() as unknown as Factory<Validate>, (compiled) => {
      const validate: Validate = (data) => {
        const result = compiled()(data);
        // Fastify reads the errors from the function it was given.
        validate.errors = compiled().errors;
        return result;
      };
      return validate;
    }),
    buildSerializer: lazily<Serialize>(SerializerSelector() as unknown as Factory<Serialize>, (compiled) => {
      return (data) => compiled()(data);
    }),
  };
  return factory as unknown as CompilersFactory;
}

function lazily<F>(factory: Factory<F>, wrap: (compiled: () => F) => F) {
  return (...args: never[]): Compile<F> => {
    // Making the compiler is deferred too: each plugin context gets its own, which loads every shared
    // schema into a new Ajv instance — a third of a second at start across the modules.
    let compile: Compile<F> | undefined;
    return (route) => {
      let fn: F | undefined;
      return wrap(() => {
        compile ??= factory(...args);
        fn ??= compile(route);
        return fn;
      });
    };
  };
}
