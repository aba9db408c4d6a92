/**
 * JSON objects used as maps, so projection state serialises as it is. Keys are pseudonyms and
 * codes a caller chose: they are looked up as own properties only, so a subject called
 * `constructor` or `toString` is just another key.
 */
export type Dict<V> = Record<string, V>

export const lookup = <V>(dict: Readonly<Dict<V>>, key: string): V | undefined =>
  Object.hasOwn(dict, key) ? dict[key] : undefined

/** The value under `key`, created with `make` when absent. */
export const upsert = <V>(dict: Dict<V>, key: string, make: () => NoInfer<V>): V => {
  if (Object.hasOwn(dict, key)) return dict[key] as V
  const value = make()
  dict[key] = value
  return value
}

/** Adds `by` to the count under `key`. */
export const bump = (dict: Dict<number>, key: string, by = 1): void => {
  dict[key] = (lookup(dict, key) ?? 0) + by
}

/** Entries sorted by key, for deterministic output. */
export const sortedEntries = <V>(dict: Readonly<Dict<V>>): [string, V][] =>
  Object.entries(dict).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))

/** Sorted, de-duplicated strings. */
export const sortedSet = (values: Iterable<string>): string[] => [...new Set(values)].sort()

export const byString =
  <T>(key: (item: T) => string) =>
  (a: T, b: T): number => {
    const x = key(a)
    const y = key(b)
    return x < y ? -1 : x > y ? 1 : 0
  }
