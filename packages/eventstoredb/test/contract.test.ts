import { describeEventStoreContract, type EventStoreContractFactory } from '@gdpr-ledger/testing'
import type { PositionLayout } from '@gdpr-ledger/eventstoredb-double'
import { closeHarness, createHarness, realServer, tamperDouble, type Harness } from './harness'

const factory = (
  layout?: PositionLayout,
  concurrency?: EventStoreContractFactory['concurrency'],
): EventStoreContractFactory<Harness> => ({
  create: () => createHarness(layout === undefined ? {} : { layout }),
  teardown: closeHarness,
  restart: async (harness) => {
    for (const store of harness.stores) await store.close()
    await harness.double?.restart()
    return harness.open()
  },
  ...(realServer === undefined
    ? {
        tamper: async (harness, operation) => {
          tamperDouble(harness.double!, harness.namespace, operation)
        },
        killConnections: async (harness) => {
          harness.double!.killConnections()
        },
        // The append is held at the double once its request has arrived, before it writes;
        // the connections are dropped under it, then it is let go (and writes nothing).
        killMidAppend: async <A>(harness: Harness, append: () => Promise<A>): Promise<A> => {
          const double = harness.double!
          const hold = double.holdNextAppend()
          const appended = append()
          await hold.arrived
          double.killConnections()
          await hold.cancelled
          hold.release()
          return appended
        },
        outage: {
          begin: async (harness) => {
            harness.double!.outage.begin()
          },
          end: async (harness) => {
            harness.double!.outage.end()
          },
        },
      }
    : {}),
  // The concurrent-writers case runs at the full size (8 writers × 2,000 events, two
  // gRPC round trips each) against a server and against the double. Against the double on this
  // 2-core machine it takes about 35 s alone and 150 s or more while `pnpm test` runs every
  // package at once (docs/adapters/eventstoredb.md, "Running the tests"). The heavy cases get
  // ten minutes: a timeout here only catches a hang, and a skipped event fails the case at once.
  timeoutMs: 600_000,
  ...(concurrency === undefined ? {} : { concurrency }),
  idLookup: { streamTail: 100 },
})

if (realServer !== undefined) {
  describeEventStoreContract('eventstoredb (server)', factory())
} else {
  describeEventStoreContract('eventstoredb (double)', factory())
  // The events of one write sharing a commit position (explicit transactions, pre-20 logs).
  // Only positions differ from the run above, so its concurrent writers write 8 × 250: the same
  // interleaving of 8 writers and a reader, without paying the full size's half minute twice.
  describeEventStoreContract(
    'eventstoredb (double, shared commit positions)',
    factory('shared-commit', { writers: 8, eventsPerWriter: 250 }),
  )
}
