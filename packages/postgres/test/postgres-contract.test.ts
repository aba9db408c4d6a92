import { describeEventStoreContract } from '@gdpr-ledger/testing'
import { afterAll } from 'vitest'
import { tamperSql } from './support/sql-tamper'
import {
  adminPool,
  closeAdminPool,
  createServerHarness,
  killConnections,
  killMidAppend,
  lateCommit,
  outage,
  reopen,
  teardownServerHarness,
} from './support/server'

afterAll(closeAdminPool)

describeEventStoreContract('PostgreSQL server', {
  create: () => createServerHarness(),
  teardown: teardownServerHarness,
  tamper: async (harness, operation) => {
    await tamperSql(
      async (text, params) => (await adminPool().query<object>(text, params)).rows,
      harness.schema,
      operation,
    )
  },
  restart: async (harness) => {
    await harness.store.close()
    harness.store = await reopen(harness)
    return harness.store
  },
  killConnections,
  killMidAppend,
  outage,
  lateCommit,
})
