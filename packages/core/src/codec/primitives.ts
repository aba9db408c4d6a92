import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'

/**
 * Codecs for the ledger's vocabulary. Types are plain (no brands) so a backend can build
 * commands from plain objects; the codecs are the one place that says what is well-formed.
 */

/**
 * A description of what a codec accepts, attached to every codec built here, so tools (the
 * fast-check arbitraries in `@gdpr-ledger/testing`, documentation) can walk the catalogue
 * without a second copy of it.
 */
export type CodecShape =
  | { readonly kind: 'text'; readonly min: number; readonly max: number }
  | { readonly kind: 'pattern'; readonly pattern: RegExp; readonly max: number }
  | { readonly kind: 'instant' }
  | { readonly kind: 'uuid' }
  | { readonly kind: 'int'; readonly min: number }
  | { readonly kind: 'enum'; readonly values: readonly string[] }
  | { readonly kind: 'array'; readonly item: t.Mixed; readonly min: number; readonly max: number }
  | { readonly kind: 'record'; readonly required: t.Props; readonly optional: t.Props }
  | {
      readonly kind: 'tagged'
      readonly key: string
      readonly members: Readonly<Record<string, t.Mixed>>
    }

/** A codec with its shape. */
export type Shaped<C> = C & { readonly shape: CodecShape }

const shaped = <C extends t.Mixed>(codec: C, shape: CodecShape): Shaped<C> => {
  const withShape = codec as C & { shape: CodecShape }
  withShape.shape = shape
  // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- the same io-ts instance, with a field added
  return withShape
}

/** The shape of a codec built here, if it has one. */
export const shapeOf = (codec: t.Mixed): CodecShape | undefined =>
  (codec as Partial<Shaped<t.Mixed>>).shape

const isRecord = (u: unknown): u is Record<string, unknown> =>
  typeof u === 'object' && u !== null && !Array.isArray(u)

/** A string of at most `max` UTF-16 units (and at least `min`), e.g. free text or a name. */
export const boundedString = (name: string, min: number, max: number): Shaped<t.Type<string>> =>
  shaped(
    new t.Type<string>(
      name,
      (u): u is string => typeof u === 'string' && u.length >= min && u.length <= max,
      (u, c) => {
        if (typeof u !== 'string') return t.failure(u, c, `${name} (a string)`)
        if (u.length > max) return t.failure(u, c, `${name} of at most ${max} characters`)
        if (u.length < min) return t.failure(u, c, `${name} of at least ${min} character(s)`)
        return t.success(u)
      },
      t.identity,
    ),
    { kind: 'text', min, max },
  )

/** A string matching `pattern`, of at most `max` characters. */
export const patternString = (
  name: string,
  pattern: RegExp,
  max: number,
  reject?: (value: string) => string | undefined,
): Shaped<t.Type<string>> =>
  shaped(
    new t.Type<string>(
      name,
      (u): u is string =>
        typeof u === 'string' && u.length <= max && pattern.test(u) && reject?.(u) === undefined,
      (u, c) => {
        if (typeof u !== 'string') return t.failure(u, c, `${name} (a string)`)
        if (u.length > max) return t.failure(u, c, `${name} of at most ${max} characters`)
        if (!pattern.test(u)) return t.failure(u, c, name)
        const why = reject?.(u)
        return why === undefined ? t.success(u) : t.failure(u, c, `${name} (${why})`)
      },
      t.identity,
    ),
    { kind: 'pattern', pattern, max },
  )

/** Free text, up to 1,000 characters. Reports never need it; keep personal data out of it. */
export const Text = boundedString('Text', 1, 1000)
/** A human-readable name of a system, organisation or authority, up to 200 characters. */
export const Name = boundedString('Name', 1, 200)

/** A lower-case code such as a purpose or data category: `call-records`, `customer-support`. */
export const Slug = patternString('Slug', /^[a-z0-9]+(?:[-_.][a-z0-9]+)*$/, 64)

const looksPersonal = (value: string): string | undefined => {
  // Phone numbers, IPv4 addresses and identity numbers start with a digit or `+`; IPv6
  // addresses contain `:`. Most pseudonyms (`sub-8f3a`) are ruled out without a regex.
  const first = value.charCodeAt(0)
  const digitOrPlus = (first >= 48 && first <= 57) || first === 43
  if (digitOrPlus) {
    if (/^\+?[0-9][0-9 ]{6,17}$/.test(value)) return 'looks like a phone number'
    if (/^(?:\d{1,3}\.){3}\d{1,3}$/.test(value)) return 'looks like an IPv4 address'
    if (/^(?:19|20)?\d{6}[-+]?\d{4}$/.test(value)) return 'looks like a national identity number'
  }
  if (value.includes(':') && /^[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}$/i.test(value))
    return 'looks like an IPv6 address'
  return undefined
}

/**
 * An opaque pseudonym the backend issues for a subject, actor or record: letters, digits and
 * `_ . : -`, up to 128 characters. Values that look like an MSISDN, an IP address or a
 * national identity number are refused: those must never reach a stream name or a hash.
 */
export const PseudonymousId = patternString(
  'PseudonymousId',
  /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/,
  128,
  looksPersonal,
)

/**
 * The id of a controller. No `-`, because subject-scoped stream ids are
 * `<kind>-<controller>-<subject>` and must not be ambiguous.
 */
export const ControllerId = patternString(
  'ControllerId',
  /^[A-Za-z0-9][A-Za-z0-9_.:]*$/,
  64,
  looksPersonal,
)

/** ISO 3166-1 alpha-2 country code, upper case (`SE`, `NO`, `US`). */
export const CountryCode = patternString('CountryCode', /^[A-Z]{2}$/, 2)

const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|[+-](\d{2}):(\d{2}))$/

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
const validDate = (y: number, mo: number, d: number) =>
  mo >= 1 && mo <= 12 && d >= 1 && d <= (mo === 2 && isLeap(y) ? 29 : (DAYS_IN_MONTH[mo - 1] ?? 0))

const CANONICAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.\d{3}Z$/

/** Is `value` already the canonical form (what `Instant` decodes to)? No allocation beyond the match. */
const isCanonicalInstant = (value: string): boolean => {
  const m = CANONICAL.exec(value)
  if (m === null) return false
  return (
    validDate(Number(m[1]), Number(m[2]), Number(m[3])) &&
    Number(m[4]) <= 23 &&
    Number(m[5]) <= 59 &&
    Number(m[6]) <= 59
  )
}

const parseInstant = (value: string): string | undefined => {
  if (isCanonicalInstant(value)) return value
  const m = INSTANT.exec(value)
  if (m === null) return undefined
  const [, y, mo, d, h, mi, s, oh, om] = m.map(Number)
  if (y === undefined || mo === undefined || d === undefined || !validDate(y, mo, d))
    return undefined
  if ((h ?? 0) > 23 || (mi ?? 0) > 59 || (s ?? 0) > 59) return undefined
  if (oh !== undefined && !Number.isNaN(oh) && (oh > 23 || (om ?? 0) > 59)) return undefined
  const ms = Date.parse(value)
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString()
}

/**
 * A point in time: an RFC 3339 date-time with an explicit offset, or a `Date`. Decodes to the
 * canonical UTC form `YYYY-MM-DDTHH:mm:ss.sssZ`, so instants compare as strings.
 */
export const Instant = shaped(
  new t.Type<string, string, unknown>(
    'Instant',
    (u): u is string => typeof u === 'string' && isCanonicalInstant(u),
    (u, c) => {
      if (u instanceof Date) {
        return Number.isNaN(u.getTime()) ? t.failure(u, c, 'Instant') : t.success(u.toISOString())
      }
      if (typeof u !== 'string' || u.length > 40)
        return t.failure(u, c, 'Instant (RFC 3339 date-time)')
      const canonical = parseInstant(u)
      return canonical === undefined
        ? t.failure(u, c, 'Instant (RFC 3339 date-time)')
        : t.success(canonical)
    },
    t.identity,
  ),
  { kind: 'instant' },
)

/** An ISO 8601 duration of whole units: `P5M`, `P24M`, `P7Y`, `P30D`, `PT72H`, `P1Y6M`. */
export const IsoDuration = patternString(
  'IsoDuration',
  /^P(?!$)(?:\d+Y)?(?:\d+M)?(?:\d+W)?(?:\d+D)?(?:T(?=\d)(?:\d+H)?(?:\d+M)?(?:\d+S)?)?$/,
  32,
)

/** A lower-case SHA-256 digest in hex. */
export const Sha256Hex = patternString('Sha256Hex', /^[0-9a-f]{64}$/, 64)

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** An RFC 4122 UUID, any version; decodes to lower case, the only form stores accept. */
export const Uuid = shaped(
  new t.Type<string, string, unknown>(
    'Uuid',
    (u): u is string => typeof u === 'string' && UUID.test(u),
    (u, c) => {
      if (typeof u !== 'string' || u.length !== 36) return t.failure(u, c, 'Uuid')
      const lower = u.toLowerCase()
      return UUID.test(lower) ? t.success(lower) : t.failure(u, c, 'Uuid')
    },
    t.identity,
  ),
  { kind: 'uuid' },
)

/** A whole number ≥ 0 below 2^53. */
export const NonNegativeInt = shaped(
  new t.Type<number>(
    'NonNegativeInt',
    (u): u is number => typeof u === 'number' && Number.isSafeInteger(u) && u >= 0,
    (u, c) =>
      typeof u === 'number' && Number.isSafeInteger(u) && u >= 0
        ? t.success(u)
        : t.failure(u, c, 'NonNegativeInt'),
    t.identity,
  ),
  { kind: 'int', min: 0 },
)

/** An array of at least one and at most `max` items. */
export const nonEmptyArray = <C extends t.Mixed>(
  item: C,
  max = 100,
): Shaped<
  t.Type<readonly [t.TypeOf<C>, ...t.TypeOf<C>[]], readonly [t.OutputOf<C>, ...t.OutputOf<C>[]]>
> => {
  const array = t.array(item)
  const name = `NonEmptyArray<${item.name}>`
  return shaped(
    new t.Type<
      readonly [t.TypeOf<C>, ...t.TypeOf<C>[]],
      readonly [t.OutputOf<C>, ...t.OutputOf<C>[]],
      unknown
    >(
      name,
      (u): u is readonly [t.TypeOf<C>, ...t.TypeOf<C>[]] =>
        array.is(u) && u.length > 0 && u.length <= max,
      (u, c) => {
        if (!Array.isArray(u)) return t.failure(u, c, `${name} (an array)`)
        if (u.length === 0) return t.failure(u, c, `${name} (at least one item)`)
        if (u.length > max) return t.failure(u, c, `${name} of at most ${max} items`)
        return array.validate(u, c) as t.Validation<readonly [t.TypeOf<C>, ...t.TypeOf<C>[]]>
      },
      (a) => array.encode([...a]) as unknown as readonly [t.OutputOf<C>, ...t.OutputOf<C>[]],
    ),
    { kind: 'array', item, min: 1, max },
  )
}

/** An array of at most `max` items (possibly empty). */
export const boundedArray = <C extends t.Mixed>(
  item: C,
  max = 100,
): Shaped<t.Type<readonly t.TypeOf<C>[], readonly t.OutputOf<C>[]>> => {
  const array = t.array(item)
  const name = `Array<${item.name}>`
  return shaped(
    new t.Type<readonly t.TypeOf<C>[], readonly t.OutputOf<C>[], unknown>(
      name,
      (u): u is readonly t.TypeOf<C>[] => array.is(u) && u.length <= max,
      (u, c) => {
        if (!Array.isArray(u)) return t.failure(u, c, `${name} (an array)`)
        if (u.length > max) return t.failure(u, c, `${name} of at most ${max} items`)
        return array.validate(u, c)
      },
      (a) => array.encode([...a]),
    ),
    { kind: 'array', item, min: 0, max },
  )
}

/** One of the given string literals. */
export const oneOf = <const L extends readonly [string, ...string[]]>(
  name: string,
  values: L,
): Shaped<t.Type<L[number]>> => {
  const allowed = new Set<string>(values)
  const expected = `${name} (${values.join(' | ')})`
  return shaped(
    new t.Type<L[number]>(
      name,
      (u): u is L[number] => typeof u === 'string' && allowed.has(u),
      (u, c) =>
        typeof u === 'string' && allowed.has(u) ? t.success(u) : t.failure(u, c, expected),
      t.identity,
    ),
    { kind: 'enum', values },
  )
}

type Optional<O extends t.Props> = { [K in keyof O]?: t.TypeOf<O[K]> }
type OptionalOut<O extends t.Props> = { [K in keyof O]?: t.OutputOf<O[K]> }
type Required<P extends t.Props> = { [K in keyof P]: t.TypeOf<P[K]> }
type RequiredOut<P extends t.Props> = { [K in keyof P]: t.OutputOf<P[K]> }

/** A `strictRecord` codec, with its field codecs so records can be combined. */
export type StrictRecordType<P extends t.Props, O extends t.Props> = t.Type<
  Required<P> & Optional<O>,
  RequiredOut<P> & OptionalOut<O>
> & { readonly required: P; readonly optional: O; readonly shape: CodecShape }

/** The decoded type of a `strictRecord` with required props `P` and optional props `O`. */
export type StrictRecordOf<P extends t.Props, O extends t.Props> = Required<P> & Optional<O>

/**
 * An object with required and optional fields that refuses any field it does not know.
 * Unknown fields are refused rather than stripped: a stray `msisdn` or `name` in a command is
 * exactly the personal data the ledger must never store. Optional fields may be absent or
 * `undefined`; absent ones are left out of the decoded value.
 */
// eslint-disable-next-line @typescript-eslint/no-generated-empty-object-type -- "no optional fields" is exactly the empty object
export const strictRecord = <P extends t.Props, O extends t.Props = Record<never, t.Mixed>>(
  name: string,
  required: P,
  optional?: O,
): StrictRecordType<P, O> => {
  const req = Object.entries(required)
  const opt = Object.entries(optional ?? {})
  const known = new Set([...req.map(([k]) => k), ...opt.map(([k]) => k)])
  type A = Required<P> & Optional<O>
  const is = (u: unknown): u is A =>
    isRecord(u) &&
    Object.keys(u).every((k) => known.has(k)) &&
    req.every(([k, codec]) => codec.is(u[k])) &&
    opt.every(([k, codec]) => !(k in u) || codec.is(u[k]))
  const codec = new t.Type<A, RequiredOut<P> & OptionalOut<O>, unknown>(
    name,
    is,
    (u, c) => {
      if (!isRecord(u)) return t.failure(u, c, `${name} (an object)`)
      const errors: t.Errors = []
      const out: Record<string, unknown> = {}
      for (const key of Object.keys(u)) {
        if (!known.has(key)) {
          errors.push({
            value: undefined,
            context: [...c, { key, type: t.never, actual: undefined }],
            message: 'unknown field',
          })
        }
      }
      // Fast path: a field already in canonical form (every codec here has an `is` that holds
      // only for values it would decode to themselves) is taken as is, without building the
      // error context. Commands the ledger checks are mostly in that form.
      for (const [key, codec] of req) {
        const value = u[key]
        if (codec.is(value)) {
          out[key] = value
          continue
        }
        const r = codec.validate(value, [...c, { key, type: codec, actual: undefined }])
        if (E.isLeft(r)) errors.push(...r.left)
        else out[key] = r.right
      }
      for (const [key, codec] of opt) {
        const value = u[key]
        if (value === undefined) continue
        if (codec.is(value)) {
          out[key] = value
          continue
        }
        const r = codec.validate(value, [...c, { key, type: codec, actual: undefined }])
        if (E.isLeft(r)) errors.push(...r.left)
        else out[key] = r.right
      }
      return errors.length > 0 ? t.failures(errors) : t.success(out as A)
    },
    (a) => {
      const out: Record<string, unknown> = {}
      for (const [key, codec] of [...req, ...opt]) {
        const value = (a as Record<string, unknown>)[key]
        if (value !== undefined) out[key] = codec.encode(value)
      }
      return out as RequiredOut<P> & OptionalOut<O>
    },
  )
  const optionalProps = optional ?? ({} as O)
  return Object.assign(codec, {
    required,
    optional: optionalProps,
    shape: { kind: 'record', required, optional: optionalProps } as const,
  })
}

/**
 * A union of object codecs told apart by a literal discriminator field. Only the branch the
 * discriminator names is reported on failure, so errors stay readable.
 */
export const taggedUnion = <const M extends Readonly<Record<string, t.Mixed>>>(
  name: string,
  key: string,
  members: M,
): Shaped<t.Type<t.TypeOf<M[keyof M]>, t.OutputOf<M[keyof M]>>> => {
  const tags = Object.keys(members)
  const expected = `${name}.${key} (${tags.join(' | ')})`
  const memberOf = (u: unknown): M[keyof M] | undefined => {
    if (!isRecord(u)) return undefined
    const tag = u[key]
    return typeof tag === 'string' && Object.hasOwn(members, tag)
      ? members[tag as keyof M]
      : undefined
  }
  return shaped(
    new t.Type<t.TypeOf<M[keyof M]>, t.OutputOf<M[keyof M]>, unknown>(
      name,
      (u): u is t.TypeOf<M[keyof M]> => memberOf(u)?.is(u) ?? false,
      (u, c) => {
        if (!isRecord(u)) return t.failure(u, c, `${name} (an object)`)
        const member = memberOf(u)
        if (member === undefined) {
          return t.failures([
            {
              value: undefined,
              context: [...c, { key, type: t.string, actual: undefined }],
              message: expected,
            },
          ])
        }
        return member.validate(u, c) as t.Validation<t.TypeOf<M[keyof M]>>
      },
      (a) => (memberOf(a)?.encode(a) ?? a) as t.OutputOf<M[keyof M]>,
    ),
    { kind: 'tagged', key, members },
  )
}
