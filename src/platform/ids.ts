const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a path or body value can be a row id: anything else is "not found" before a query is made. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
