import pg from 'pg'
import * as E from 'fp-ts/lib/Either.js'
import { buildService } from './app'

// `DATABASE_URL=postgres://… PORT=3000 pnpm start`
const connectionString = process.env.DATABASE_URL
if (connectionString === undefined) {
  console.error('set DATABASE_URL to a PostgreSQL database')
  process.exit(2)
}
const pool = new pg.Pool({ connectionString })
const service = await buildService({
  pool,
  log: { level: 'info', stream: process.stdout },
})
if (E.isLeft(service)) {
  console.error(`the ledger's store is unavailable: ${service.left.reason}`)
  process.exit(3)
}
await service.right.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 3000) })
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    void service.right.close().then(() => pool.end())
  })
