import { describeEventStoreContract } from '@gdpr-ledger/testing'
import { afterAll } from 'vitest'
import { tamperSql } from './support/sql-tamper'
import {
  closePglite,
  createPgliteHarness,
  pglite,
  restartPglite,
  teardownPgliteHarness,
} from './support/pglite'

afterAll(closePglite)

describeEventStoreContract('PGlite', {
  create: createPgliteHarness,
  teardown: teardownPgliteHarness,
  tamper: async (harness, operation) => {
    const db = await pglite()
    await tamperSql(
      async (text, params) => (await db.query<object>(text, params)).rows,
      harness.schema,
      operation,
    )
  },
  restart: restartPglite,
  // One in-process connection carries the 8 × 2,000 concurrent appends: slow on a busy machine.
  timeoutMs: 400_000,
})
