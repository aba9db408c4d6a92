import {
  complianceViolation,
  idempotencyConflict,
  invalidInput,
  invalidTransition,
  storeUnavailable,
  unreadableEvent,
  wrongExpectedVersion,
} from '@gdpr-ledger/core'
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { httpError } from '../src/http-errors'

describe('error mapping', () => {
  it('maps each error to the status DESIGN.md gives it', () => {
    expect(httpError(invalidInput([{ path: 'msisdn', expected: 'Msisdn' }])).status).toBe(400)
    expect(
      httpError(complianceViolation('consent.covering-consent', 'GDPR Art. 6(1)(a)', 'x')).status,
    ).toBe(422)
    expect(httpError(wrongExpectedVersion('subject-a-b', 3, 4)).status).toBe(409)
    expect(httpError(idempotencyConflict('subject-a-b', 'e', 'r')).status).toBe(409)
    expect(httpError(invalidTransition('subject-a-b', 'ConsentWithdrawn', 'r')).status).toBe(409)
    expect(
      httpError(
        storeUnavailable('down', new Error('password authentication failed for user "ledger"')),
      ).status,
    ).toBe(503)
    expect(httpError(unreadableEvent('subject-a-b', 1, 'r')).status).toBe(500)
    expect(httpError({ _tag: 'DataSourceFailed', system: 'crm', reason: 'r' }).status).toBe(503)
    expect(httpError({ _tag: 'RequestNotFulfillable', requestId: 'd', reason: 'r' }).status).toBe(
      409,
    )
  })

  it('never puts a driver error, a stream id or an expected version in a body (property)', () => {
    const secret = fc.string({ minLength: 8 }).map((s) => `secret:${s}`)
    fc.assert(
      fc.property(secret, fc.integer({ min: 0 }), (text, version) => {
        const bodies = [
          httpError(storeUnavailable(text, new Error(text))).body,
          httpError(wrongExpectedVersion(text, version, version + 1)).body,
          httpError(idempotencyConflict(text, text, text)).body,
          httpError(unreadableEvent(text, version, text)).body,
        ]
        for (const body of bodies) expect(JSON.stringify(body)).not.toContain('secret:')
      }),
    )
  })

  it('keeps a violation whole: rule, article and explanation, which name categories, not data', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (rule, article, explanation) => {
        expect(httpError(complianceViolation(rule, article, explanation))).toEqual({
          status: 422,
          body: { error: 'ComplianceViolation', rule, article, explanation },
        })
      }),
    )
  })
})
