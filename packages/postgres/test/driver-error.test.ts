import { PGlite } from '@electric-sql/pglite'
import { readEverything, sampleEvents } from '@gdpr-ledger/testing'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { afterAll, describe, expect, it } from 'vitest'
import { pgliteStore } from '../src'
import { classifyDriverError, toStoreUnavailable } from '../src/driver-error'
import type { SqlClient } from '../src/sql-client'
import { createSqlEventStore } from '../src/sql-event-store'
import { closeAdminPool, createServerHarness, teardownServerHarness } from './support/server'

afterAll(closeAdminPool)

const withCode = (code: string | undefined, message = 'boom') =>
  Object.assign(new Error(message), code === undefined ? {} : { code })

/** A Node system error as `net` raises it. */
const socketError = (code: string, syscall: string) =>
  Object.assign(new Error(`${syscall} ${code} 127.0.0.1:5432`), { code, syscall, errno: -1 })

describe('driver errors', () => {
  it.each([
    ['23505', 'conflict'],
    ['40P01', 'conflict'],
    ['40001', 'conflict'],
    ['08006', 'connection-lost'],
    ['57P01', 'connection-lost'],
    ['42P01', 'failed'],
    ['28P01', 'failed'],
    ['53300', 'failed'],
    ['22P02', 'failed'],
  ])('classifies SQLSTATE %s as %s', (code, kind) => {
    expect(classifyDriverError(withCode(code)).kind).toBe(kind)
  })

  it.each([
    ['a reset socket', socketError('ECONNRESET', 'read')],
    ['a refused connection', socketError('ECONNREFUSED', 'connect')],
    ['a broken pipe', socketError('EPIPE', 'write')],
    ['a timed-out socket', socketError('ETIMEDOUT', 'read')],
    ['an unknown host', socketError('ENOTFOUND', 'getaddrinfo')],
    ['a missing Unix socket', socketError('ENOENT', 'connect')],
    ['a name lookup that failed for good', socketError('EAI_FAIL', 'getaddrinfo')],
    ['a network reset', socketError('ENETRESET', 'read')],
    [
      'every address refusing',
      Object.assign(new AggregateError([socketError('ECONNREFUSED', 'connect')]), {
        code: 'ECONNREFUSED',
      }),
    ],
    ['pg: the server went away', new Error('Connection terminated unexpectedly')],
    ['pg: a client ended mid-query', new Error('Connection terminated')],
    ['pg-pool: a connect timeout', new Error('Connection terminated due to connection timeout')],
    ['pg-pool: no connection in time', new Error('timeout exceeded when trying to connect')],
    [
      'pg: a broken client',
      new Error('Client has encountered a connection error and is not queryable'),
    ],
    ['pg: a closed client', new Error('Client was closed and is not queryable')],
    ['pg: a read timeout', new Error('Query read timeout')],
    ['PGlite: closed', new Error('PGlite is closed')],
    ['PGlite: closing', new Error('PGlite is closing')],
  ])('classifies %s as connection-lost', (_name, error) => {
    const failure = classifyDriverError(error)
    expect(failure.kind).toBe('connection-lost')
    expect(failure.kind !== 'conflict' && failure.error.cause).toBe(error)
  })

  it.each([
    [
      'an untrusted certificate',
      withCode('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'),
    ],
    ['a wrong host name', withCode('ERR_TLS_CERT_ALTNAME_INVALID', 'Hostname/IP does not match')],
    ['a server without TLS', new Error('The server does not support SSL connections')],
    ['an ended pool', new Error('Cannot use a pool after calling end on the pool')],
  ])('classifies %s as failed, with a reason saying so', (_name, error) => {
    const failure = classifyDriverError(error)
    expect(failure.kind).toBe('failed')
    expect(failure.kind === 'failed' && failure.error.reason).toMatch(/TLS|pool/)
  })

  it.each([
    ['a TypeError', new TypeError("Cannot read properties of undefined (reading 'rows')")],
    ['a failed assertion', new Error('a lone append of one event')],
    ['a Node argument error', withCode('ERR_INVALID_ARG_TYPE', 'The "data" argument must be…')],
    ['pg refusing a misuse', new Error('Query values must be an array')],
    ['a thrown string', 'oops'],
  ])('throws %s on unchanged: a bug is no outage', (_name, error) => {
    expect(() => classifyDriverError(error)).toThrow()
    let thrown: unknown
    try {
      toStoreUnavailable(error)
    } catch (caught) {
      thrown = caught
    }
    expect(thrown).toBe(error)
  })

  it('points at migrate() when the schema is missing', () => {
    expect(toStoreUnavailable(withCode('42P01')).reason).toMatch(/migrate\(\)/)
  })

  it('never carries the driver message into the reason, whatever it holds (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.stringMatching(/^[0-9A-Z]{5}$/),
          fc.constantFrom('ECONNRESET', 'EPIPE', 'DEPTH_ZERO_SELF_SIGNED_CERT'),
        ),
        fc.string({ minLength: 8 }),
        (code, secret) => {
          const error = toStoreUnavailable(withCode(code, `value "${secret}" violates`))
          expect(error._tag).toBe('StoreUnavailable')
          expect(error.reason).not.toContain(secret)
          expect(error.cause).toBeInstanceOf(Error)
        },
      ),
    )
  })
})

describe('driver errors as the stores meet them', () => {
  it('a PGlite database closed under the store: StoreUnavailable, saying so', async () => {
    const db = await PGlite.create('memory://')
    const opened = await pgliteStore({ pglite: db })
    if (E.isLeft(opened)) throw new Error(opened.left.reason)
    await db.close()
    const read = await opened.right.readAll()
    expect(E.isLeft(read) && read.left.reason).toBe('the PGlite database is closed')
    const appended = await opened.right.append('breach-b1', sampleEvents(2), {
      expectedVersion: 'any',
    })
    expect(E.isLeft(appended) && appended.left._tag).toBe('StoreUnavailable')
    await opened.right.close()
  })

  it('a bug under a read or an append is thrown, not answered as an outage, and writes nothing', async () => {
    const harness = await createServerHarness()
    const bug = new TypeError("Cannot read properties of undefined (reading 'rows')")
    let broken = true
    const pool = harness.pool
    const client: SqlClient = {
      query: async <R extends object>(text: string, params?: readonly unknown[]) => {
        if (broken) throw bug
        return (await pool.query<R>(text, params === undefined ? [] : [...params])).rows
      },
      exec: async (text) => {
        await pool.query(text)
      },
      transaction: () => Promise.reject(new Error('not used')),
      writeConcurrency: 2,
      close: async () => undefined,
    }
    const store = createSqlEventStore({
      client,
      schema: harness.schema,
      notify: false,
      pollIntervalMs: 1000,
    })
    await expect(store.readAll()).rejects.toBe(bug)
    await expect(store.readStream('breach-b1')).rejects.toBe(bug)
    // The lone one-event statement and the group statement, together.
    const appends = [
      store.append('breach-b1', sampleEvents(1), { expectedVersion: 'any' }),
      store.append('breach-b2', sampleEvents(3), { expectedVersion: 'any' }),
      store.append('breach-b3', sampleEvents(2), { expectedVersion: 'any' }),
    ]
    for (const appending of appends) await expect(appending).rejects.toBe(bug)
    broken = false
    expect(await readEverything(harness.store)).toHaveLength(0)
    const later = await store.append('breach-b1', sampleEvents(1), { expectedVersion: 'any' })
    expect(E.isRight(later)).toBe(true)
    expect(await readEverything(harness.store)).toHaveLength(1)
    await store.close()
    await teardownServerHarness(harness)
  })
})
