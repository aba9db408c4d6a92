import type { TestProject } from 'vitest/node'
import { startEmbeddedServer } from './embedded-server'

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string
  }
}

/** `DATABASE_URL` when set; otherwise a throwaway embedded server for the run. */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | void> {
  const given = process.env.DATABASE_URL
  if (given !== undefined && given.length > 0) {
    project.provide('databaseUrl', given)
    return
  }
  const lines: string[] = []
  try {
    const server = await startEmbeddedServer((line) => lines.push(line))
    project.provide('databaseUrl', server.connectionString)
    return () => server.stop()
  } catch (error) {
    console.error(lines.slice(-20).join(''))
    throw error
  }
}
