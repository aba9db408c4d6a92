import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { classifyDriverError, toStoreUnavailable } from '../src/driver-error'

const withCode = (code: string | undefined, message = 'boom') =>
  Object.assign(new Error(message), code === undefined ? {} : { code })

describe('driver errors', () => {
  it.each([
    ['23505', 'conflict'],
    ['40P01', 'conflict'],
    ['40001', 'conflict'],
    ['08006', 'connection-lost'],
    ['57P01', 'connection-lost'],
    ['ECONNREFUSED', 'connection-lost'],
    [undefined, 'connection-lost'],
    ['42P01', 'failed'],
    ['28P01', 'failed'],
    ['53300', 'failed'],
    ['22P02', 'failed'],
  ])('classifies SQLSTATE %s as %s', (code, kind) => {
    expect(classifyDriverError(withCode(code)).kind).toBe(kind)
  })

  it('points at migrate() when the schema is missing', () => {
    expect(toStoreUnavailable(withCode('42P01')).reason).toMatch(/migrate\(\)/)
  })

  it('never carries the driver message into the reason, whatever it holds (property)', () => {
    fc.assert(
      fc.property(
        fc.option(fc.stringMatching(/^[0-9A-Z]{5}$/), { nil: undefined }),
        fc.string({ minLength: 8 }),
        (code, secret) => {
          const error = toStoreUnavailable(withCode(code, `value "${secret}" violates`))
          expect(error._tag).toBe('StoreUnavailable')
          expect(error.reason).not.toContain(secret)
          expect(error.cause).toBeInstanceOf(Error)
        },
      ),
    )
  })
})
