import { createInMemoryStore, InMemoryLog } from '@gdpr-ledger/core'
import { describeEventStoreContract, tamperInMemory } from '../src'

describeEventStoreContract('in-memory', {
  create: async () => {
    const log = new InMemoryLog()
    return { store: createInMemoryStore({ log, pollIntervalMs: 50 }), log }
  },
  teardown: async ({ store }) => store.close(),
  tamper: async ({ log }, operation) => {
    tamperInMemory(log, operation)
  },
  restart: async (harness) => {
    await harness.store.close()
    return createInMemoryStore({ log: harness.log, pollIntervalMs: 50 })
  },
  outage: {
    begin: async ({ log }) => {
      log.unavailable = true
    },
    end: async ({ log }) => {
      log.unavailable = false
    },
  },
})
