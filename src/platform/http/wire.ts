/**
 * A service's answer as it goes on the wire: dates become ISO strings, as the response schemas declare
 * them, and the serializer (which checks the shape against those schemas) takes it from there.
 */
export function wire<T>(value: T): never {
  return JSON.parse(JSON.stringify(value)) as never;
}
