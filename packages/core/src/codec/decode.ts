import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { invalidInput, type InputIssue, type InvalidInput } from '../errors'

interface Tagged {
  readonly _tag?: unknown
}

// Union and intersection members show up in the context under their index; they are not
// part of the input's shape, so they are left out of the path.
const isCombinator = (type: t.Decoder<unknown, unknown> | undefined): boolean => {
  const tag = (type as Tagged | undefined)?._tag
  return tag === 'UnionType' || tag === 'IntersectionType'
}

const pathOf = (context: t.Context): string => {
  const keys: string[] = []
  for (let i = 1; i < context.length; i++) {
    const entry = context[i]
    if (entry === undefined || entry.key === '' || isCombinator(context[i - 1]?.type)) continue
    keys.push(entry.key)
  }
  return keys.join('.')
}

/** Turns io-ts errors into issues that name the path and the expected type, never the value. */
export const toIssues = (errors: t.Errors): InputIssue[] => {
  const seen = new Set<string>()
  const issues: InputIssue[] = []
  for (const error of errors) {
    const path = pathOf(error.context)
    const expected =
      error.message ?? error.context[error.context.length - 1]?.type.name ?? 'valid input'
    const key = `${path}\u0000${expected}`
    if (seen.has(key)) continue
    seen.add(key)
    issues.push({ path, expected })
  }
  return issues
}

/**
 * Decodes `input` with `codec`; a failure is `Left(InvalidInput)` listing the failing paths.
 *
 * @example
 * ```ts
 * import { decode, Instant } from '@gdpr-ledger/core'
 * decode(Instant, '2026-11-23T09:00:00+01:00') // Right('2026-11-23T08:00:00.000Z')
 * ```
 */
export const decode =
  <A, O>(codec: t.Type<A, O>) =>
  (input: unknown): E.Either<InvalidInput, A> => {
    const result = codec.decode(input)
    return E.isRight(result) ? result : E.left(invalidInput(toIssues(result.left)))
  }
