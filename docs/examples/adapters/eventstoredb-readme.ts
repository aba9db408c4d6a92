// #region code
import { createLedger } from '@gdpr-ledger/core'
import { eventStoreDBStore } from '@gdpr-ledger/eventstoredb'

const store = eventStoreDBStore({ connectionString: 'esdb://localhost:2113?tls=false' })
const ledger = createLedger({ store })
// store.projections is the ProjectionStore for @gdpr-ledger/projections' runner.
// #endregion code

// Type-checked, not run: it needs an EventStoreDB server (the adapter's tests use a double).
export { ledger }
