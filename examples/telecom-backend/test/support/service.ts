import { randomBytes } from 'node:crypto'
import { Writable } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import * as E from 'fp-ts/lib/Either.js'
import pg from 'pg'
import { inject } from 'vitest'
import { buildService, type ServiceOptions } from '../../src/app'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The test server: `DATABASE_URL`, or the embedded one the postgres package's setup starts. */
    databaseUrl: string
  }
}

/** A database of its own on the test server, so runs never share state. */
export const freshDatabase = async (): Promise<string> => {
  const url = new URL(inject('databaseUrl'))
  const name = `telecom_${randomBytes(5).toString('hex')}`
  const admin = new pg.Client({ connectionString: url.toString() })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${name}`)
  await admin.end()
  url.pathname = `/${name}`
  return url.toString()
}

export interface RunningService {
  readonly app: FastifyInstance
  readonly pool: pg.Pool
  readonly base: string
  /** Every log line the service wrote. */
  readonly logs: string[]
  call(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: Record<string, unknown>; text: string }>
  stop(): Promise<void>
}

/** Starts the service on a loopback port against `connectionString`. */
export const startService = async (
  connectionString: string,
  options: Partial<ServiceOptions> = {},
): Promise<RunningService> => {
  const pool = new pg.Pool({ connectionString, max: 10 })
  const logs: string[] = []
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString('utf8'))
      done()
    },
  })
  const built = await buildService({ pool, log: { level: 'info', stream }, ...options })
  if (E.isLeft(built)) throw new Error(`the service did not start: ${built.left.reason}`)
  const app = built.right
  await app.listen({ host: '127.0.0.1', port: 0 })
  const address = app.server.address()
  if (address === null || typeof address === 'string') throw new Error('no port')
  const base = `http://127.0.0.1:${address.port}`
  return {
    app,
    pool,
    base,
    logs,
    call: async (method, path, body, headers = {}) => {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
        body: body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body),
      })
      const text = await response.text()
      return {
        status: response.status,
        text,
        body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
      }
    },
    stop: async () => {
      await app.close()
      await pool.end()
    },
  }
}
