// #region code
import { createLedger } from '@gdpr-ledger/core'
import { eventStoreDBStore } from '@gdpr-ledger/eventstoredb'
import { createProjectionRunner, breachRegisterProjection } from '@gdpr-ledger/projections'

const store = eventStoreDBStore({ connectionString: 'esdb://localhost:2113?tls=false' })
const ledger = createLedger({ store })

const runner = createProjectionRunner({
  store,
  checkpoints: store.projections, // snapshot streams in the same EventStoreDB
  projections: [breachRegisterProjection] as const,
})
const live = runner.start() // catches up, then follows new events
// #endregion code

// Type-checked, not run: it needs an EventStoreDB server (the adapter's tests use a double).
export { ledger, live }
