import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { createInMemoryProjectionStore, type ProjectionCheckpoint } from '../../src'

describe('the in-memory ProjectionStore', () => {
  it('has nothing for a consumer that never saved', async () => {
    expect(await createInMemoryProjectionStore().load('breach-register')).toEqual(
      E.right(undefined),
    )
  })

  it('saves state and position together and replaces the previous checkpoint', async () => {
    const store = createInMemoryProjectionStore()
    await store.save('breach-register', { position: 10n, state: '{"breaches":1}' })
    await store.save('breach-register', { position: 42n, state: '{"breaches":2}' })
    await store.save('dsr-tracker', { position: 7n, state: '{}' })
    expect(await store.load('breach-register')).toEqual(
      E.right({ position: 42n, state: '{"breaches":2}' }),
    )
    expect(await store.load('dsr-tracker')).toEqual(E.right({ position: 7n, state: '{}' }))
  })

  it('survives a restart over the same map', async () => {
    const checkpoints = new Map<string, ProjectionCheckpoint>()
    await createInMemoryProjectionStore(checkpoints).save('register', { position: 3n, state: '[]' })
    expect(await createInMemoryProjectionStore(checkpoints).load('register')).toEqual(
      E.right({ position: 3n, state: '[]' }),
    )
  })

  it('treats a malformed checkpoint as a programmer error', async () => {
    const store = createInMemoryProjectionStore()
    await expect(store.save('x', { position: -1n, state: '{}' })).rejects.toThrow(TypeError)
  })
})
