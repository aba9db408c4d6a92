import { describeEventStoreContract, type EventStoreContractFactory } from '@gdpr-ledger/testing'
import type { PositionLayout } from '@gdpr-ledger/eventstoredb-double'
import { closeHarness, createHarness, realServer, tamperDouble, type Harness } from './harness'

const factory = (layout?: PositionLayout): EventStoreContractFactory<Harness> => ({
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
  concurrency: { writers: 4, eventsPerWriter: 150 },
  idLookup: { streamTail: 100 },
})

if (realServer !== undefined) {
  describeEventStoreContract('eventstoredb (server)', factory())
} else {
  describeEventStoreContract('eventstoredb (double)', factory())
  // The events of one write sharing a commit position (explicit transactions, pre-20 logs).
  describeEventStoreContract(
    'eventstoredb (double, shared commit positions)',
    factory('shared-commit'),
  )
}
