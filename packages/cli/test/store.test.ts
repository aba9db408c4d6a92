import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createServer } from 'node:net'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { DEFAULT_STORE_SPEC, EXIT, InvalidStoreSpec, openStore, runCli, type CliIO } from '../src'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The PostgreSQL server of this run (see ../postgres/test/support/global-setup.ts). */
    databaseUrl: string
  }
}

let cwd: string
beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'gdpr-ledger-cli-'))
})
afterAll(async () => {
  await rm(cwd, { recursive: true, force: true })
})

const capture = (workingDirectory: string) => {
  const out: string[] = []
  const err: string[] = []
  const io: CliIO = {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    interactive: false,
    cwd: workingDirectory,
  }
  return { io, out, err }
}

const verified = (out: readonly string[]) => {
  const match = /^chain verified: (\d+) events in \d+ streams, (\d+) checkpoint\(s\)$/.exec(
    out[out.length - 1] ?? '',
  )
  return match === null ? undefined : { events: Number(match[1]), checkpoints: Number(match[2]) }
}

const subscriberOf = (out: readonly string[]) =>
  /Who processed what, when and why: subscriber (sub-[0-9a-f]{8})/.exec(out.join('\n'))?.[1]

/** Runs the demo twice on one store and checks the second run kept and extended the first. */
const demoTwice = async (args: readonly string[], workingDirectory: string) => {
  const first = capture(workingDirectory)
  expect(await runCli(['demo', ...args], first.io)).toBe(EXIT.ok)
  expect(first.err).toEqual([])
  const firstRun = verified(first.out)
  expect(firstRun?.checkpoints).toBe(1)

  const second = capture(workingDirectory)
  expect(await runCli(['demo', ...args], second.io)).toBe(EXIT.ok)
  expect(second.err).toEqual([])
  // The setup (Art. 30 records, the processor agreement) carries command ids: found in place.
  expect(second.out.filter((l) => /already recorded/.test(l)).length).toBeGreaterThanOrEqual(6)
  const secondRun = verified(second.out)
  expect(secondRun?.checkpoints).toBe(2)
  expect(secondRun?.events).toBeGreaterThan(firstRun?.events ?? Infinity)
  expect(subscriberOf(second.out)).not.toBe(subscriberOf(first.out))

  const check = capture(workingDirectory)
  expect(await runCli(['verify', ...args.filter((a) => a !== 'demo')], check.io)).toBe(EXIT.ok)
  expect(verified(check.out)).toEqual(secondRun)
  return { first: first.out, second: second.out }
}

describe('--store', () => {
  it('defaults to PGlite in .gdpr-ledger: a second demo keeps the first run’s events and still verifies', async () => {
    expect(DEFAULT_STORE_SPEC).toBe('pglite:.gdpr-ledger')
    const { first } = await demoTwice([], cwd)
    expect(first[0]).toContain('(pglite:.gdpr-ledger)')
    expect((await stat(join(cwd, '.gdpr-ledger'))).isDirectory()).toBe(true)
  }, 120_000)

  it('keeps the ledger on a PostgreSQL server with postgres://, and never prints the password', async () => {
    const url = new URL(inject('databaseUrl'))
    const database = `cli_${Date.now().toString(36)}`
    const admin = new pg.Client(url.toString())
    await admin.connect()
    await admin.query(`CREATE DATABASE ${database}`)
    url.pathname = `/${database}`
    try {
      const { first } = await demoTwice(['--store', url.toString()], cwd)
      expect(first[0]).toContain(`127.0.0.1:${url.port}/${database}`)
      expect(first.join('\n')).not.toContain(decodeURIComponent(url.password))
    } finally {
      await admin.query(`DROP DATABASE ${database} WITH (FORCE)`)
      await admin.end()
    }
  }, 120_000)

  it('keeps memory for a ledger that lives one command', async () => {
    const opened = await openStore('memory', cwd)
    expect(E.isRight(opened) && opened.right.description).toBe('in-memory')
    if (E.isRight(opened)) await opened.right.close()
  })

  it('refuses an unknown store as a usage error, without its credentials', async () => {
    await expect(openStore('mysql://user:secret@db/ledger', cwd)).rejects.toThrow(InvalidStoreSpec)
    await expect(openStore('pglite:', cwd)).rejects.toThrow(InvalidStoreSpec)
    const { io, err } = capture(cwd)
    expect(await runCli(['verify', '--store', 'mysql://user:secret@db/ledger'], io)).toBe(
      EXIT.usage,
    )
    expect(err.join('\n')).not.toContain('secret')
  })

  it('exits 3 and never prints the password when a server cannot be reached (property)', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const address = server.address()
        server.close(() => {
          resolve(typeof address === 'object' && address !== null ? address.port : 1)
        })
      })
    })
    await fc.assert(
      fc.asyncProperty(fc.stringMatching(/^[A-Za-z0-9]{8,16}$/), async (password) => {
        const { io, out, err } = capture(cwd)
        const code = await runCli(
          ['verify', '--store', `postgres://ledger:${password}@127.0.0.1:${port}/ledger`],
          io,
        )
        expect(code).toBe(EXIT.storeUnavailable)
        expect(err.join('\n')).toMatch(/store unavailable/)
        expect([...out, ...err].join('\n')).not.toContain(password)
      }),
      { numRuns: 10 },
    )
  })
})
