import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { bump, lookup, upsert, type Dict } from '../src/dict'

describe('dicts (JSON objects as maps)', () => {
  it('never takes what objects inherit for a stored value', () => {
    const dict: Dict<number> = JSON.parse('{"a":1}') as Dict<number>
    for (const key of ['constructor', 'toString', 'hasOwnProperty', '__proto__', 'valueOf'])
      expect(lookup(dict, key)).toBeUndefined()
    bump(dict, 'constructor')
    bump(dict, 'constructor')
    expect(lookup(dict, 'constructor')).toBe(2)
    expect(upsert(dict, 'toString', () => 7)).toBe(7)
    expect(JSON.parse(JSON.stringify(dict))).toEqual({ a: 1, constructor: 2, toString: 7 })
  })

  it('counts like a Map for any keys (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 12 }).filter((k) => k !== '__proto__')),
        (keys) => {
          const dict: Dict<number> = {}
          const map = new Map<string, number>()
          for (const key of keys) {
            bump(dict, key)
            map.set(key, (map.get(key) ?? 0) + 1)
          }
          const copy = JSON.parse(JSON.stringify(dict)) as Dict<number>
          for (const [key, count] of map) expect(lookup(copy, key)).toBe(count)
          expect(Object.keys(copy).length).toBe(map.size)
        },
      ),
      { numRuns: 500 },
    )
  })
})
