import { eventStoreDBStore } from '@gdpr-ledger/eventstoredb'
import * as E from 'fp-ts/lib/Either.js'
import { runTelecomDayReports, unexpectedSteps } from './telecom-day-reports'

// `docker compose up -d` in this directory starts the server this connects to by default.
const connectionString = process.env.ESDB_CONNECTION_STRING ?? 'esdb://localhost:2113?tls=false'
const store = eventStoreDBStore({ connectionString, maxAppendSize: 8 * 1024 * 1024 })
try {
  const reports = await runTelecomDayReports({
    store,
    print: (line) => {
      console.log(line)
    },
  })
  if (E.isLeft(reports)) {
    console.error(reports.left)
    process.exitCode = 3
  } else if (unexpectedSteps(reports.right.steps).length > 0) {
    console.error('some steps were not answered as the day expects')
    process.exitCode = 1
  }
} finally {
  await store.close()
}
