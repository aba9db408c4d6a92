import { describe, expect, it } from 'vitest'
import { TailCache } from '../src/tail-cache'

const tail = (revision: bigint) => ({ revision, hash: `hash-${revision}`, ids: [`id-${revision}`] })

describe('TailCache', () => {
  it('keeps the streams used most recently, at most its capacity', () => {
    const cache = new TailCache(2)
    cache.set('a', tail(1n))
    cache.set('b', tail(2n))
    expect(cache.get('a')).toEqual(tail(1n))
    cache.set('c', tail(3n))
    // 'b' was the least recently used: 'a' was read after it was set.
    expect(cache.get('b')).toBeUndefined()
    expect(cache.get('a')).toEqual(tail(1n))
    expect(cache.get('c')).toEqual(tail(3n))
    expect(cache.size).toBe(2)
    cache.set('a', tail(4n))
    expect(cache.get('a')).toEqual(tail(4n))
    cache.delete('a')
    expect(cache.get('a')).toBeUndefined()
  })

  it('remembers nothing at capacity 0', () => {
    const cache = new TailCache(0)
    cache.set('a', tail(1n))
    expect(cache.get('a')).toBeUndefined()
    expect(cache.size).toBe(0)
  })
})
