/**
 * Caches of database rows kept for the life of a process. A server process serves one database, so
 * such a cache may key by region or name alone; the test runner, which runs many test files (each on a
 * database of its own) in one process, forgets them all before each file.
 */
const caches = new Set<Map<unknown, unknown>>();

/** A map that `forgetProcessCaches` empties. */
export function processCache<K, V>(): Map<K, V> {
  const cache = new Map<K, V>();
  caches.add(cache as Map<unknown, unknown>);
  return cache;
}

export function forgetProcessCaches(): void {
  for (const cache of caches) cache.clear();
}
