import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { createLedger, decode, describeError, jurisdictions } from '@gdpr-ledger/core'
import { postgresStore } from '@gdpr-ledger/postgres'
import cliProgress from 'cli-progress'
import * as E from 'fp-ts/lib/Either.js'
import pg from 'pg'
import { declareActivities } from './activities'
import { describeIngestionError, ingestCallRecords } from './cdr-ingestion'
import { CallRecords } from './routes/cdr-batches'

/**
 * The nightly CDR job: `DATABASE_URL=… pnpm ingest-cdrs calls.ndjson` reads one call record
 * per line, stores them and records the billing processing in batches, with a progress bar
 * on stderr. Exit codes: 0 done, 1 some billing refused, 2 usage, 3 unavailable.
 */
const [file] = process.argv.slice(2)
const connectionString = process.env.DATABASE_URL
if (file === undefined || connectionString === undefined) {
  console.error('usage: DATABASE_URL=postgres://… ingest-cdrs <calls.ndjson>')
  process.exit(2)
}
const text = await readFile(file, 'utf8')
const lines = text.split('\n').filter((line) => line.trim() !== '')
let parsed: unknown[]
try {
  parsed = lines.map((line) => JSON.parse(line) as unknown)
} catch {
  console.error(`${file}: not one JSON object per line`)
  process.exit(2)
}
const records = decode(CallRecords)(parsed)
if (E.isLeft(records)) {
  console.error(describeError(records.left)) // paths and expected types, never the values
  process.exit(2)
}

const pool = new pg.Pool({ connectionString })
const store = await postgresStore({ pool })
if (E.isLeft(store)) {
  console.error(describeError(store.left))
  await pool.end()
  process.exit(3)
}
const ledger = createLedger({ store: store.right, jurisdiction: jurisdictions.SE })
const controllerId = process.env.CONTROLLER_ID ?? 'nordtele_se'
// Idempotent: the service declares the same records with the same command ids.
const declared = await declareActivities(ledger, controllerId)
if (E.isLeft(declared)) {
  console.error(describeError(declared.left))
  await store.right.close()
  await pool.end()
  process.exit(3)
}
const bar = new cliProgress.SingleBar(
  {
    format: 'billing {bar} {value}/{total} call records ({eta}s)',
    noTTYOutput: true,
    notTTYSchedule: 1000,
  },
  cliProgress.Presets.shades_classic,
)
bar.start(records.right.length, 0)
const result = await ingestCallRecords(records.right, {
  ledger,
  db: pool,
  controllerId,
  // The same file again records no billing twice (the ledger side; the table is not deduplicated).
  runId: createHash('sha256').update(text).digest('hex').slice(0, 12),
  onProgress: (done) => {
    bar.update(done)
  },
})
bar.stop()
await store.right.close()
await pool.end()
if (E.isLeft(result)) {
  console.error(describeIngestionError(result.left))
  process.exit(3)
}
const { batches, recorded, refused, unknownSubscriberRecords } = result.right
console.log(
  `${records.right.length} call records in ${batches} batches: billing recorded for ${recorded} subscriber batches, ` +
    `${refused.length} refused, ${unknownSubscriberRecords} records of unknown subscribers skipped`,
)
for (const { subjectId, rule } of refused) console.log(`refused ${subjectId}: ${rule}`)
process.exitCode = refused.length === 0 ? 0 : 1
