import { describeEventStoreContract } from '@gdpr-ledger/testing'
import { closeHarness, createHarness, realServer, tamperDouble, type Harness } from './harness'

const withDouble = realServer === undefined

describeEventStoreContract<Harness>(
  withDouble ? 'eventstoredb (double)' : 'eventstoredb (server)',
  {
    create: () => createHarness(),
    teardown: closeHarness,
    restart: async (harness) => {
      for (const store of harness.stores) await store.close()
      await harness.double?.restart()
      return harness.open()
    },
    ...(withDouble
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
  },
)
