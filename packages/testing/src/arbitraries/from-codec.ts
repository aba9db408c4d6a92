import { shapeOf } from '@gdpr-ledger/core'
import * as fc from 'fast-check'
import type * as t from 'io-ts'
import {
  actorRoles,
  controllerIdArbitrary,
  countryArbitrary,
  dataCategoryArbitrary,
  instantArbitrary,
  pseudonymArbitrary,
  purposeArbitrary,
  telecomSubjectCategories,
  telecomSystems,
} from './vocabulary'

/** Arbitraries by field name, for the values (or array items) of fields with that name. */
export type FieldHints = Readonly<Record<string, fc.Arbitrary<unknown>>>

/** Realistic values for the catalogue's recurring fields. */
export const defaultHints: FieldHints = {
  purpose: purposeArbitrary,
  purposes: purposeArbitrary,
  dataCategory: dataCategoryArbitrary,
  dataCategories: dataCategoryArbitrary,
  subjectCategories: fc.constantFrom(...telecomSubjectCategories),
  system: fc.constantFrom(...telecomSystems),
  systems: fc.constantFrom(...telecomSystems),
  actorRole: fc.constantFrom(...actorRoles),
  role: fc.constantFrom(...actorRoles),
  subjectId: pseudonymArbitrary('sub'),
  subjectIds: pseudonymArbitrary('sub'),
  actorId: pseudonymArbitrary('agent'),
  actor: pseudonymArbitrary('agent'),
  controllerId: controllerIdArbitrary,
  country: countryArbitrary,
}

/** Arbitraries for the named primitives, whose patterns are too loose to sample well. */
const byName: Readonly<Record<string, fc.Arbitrary<unknown>>> = {
  PseudonymousId: pseudonymArbitrary('id'),
  ControllerId: controllerIdArbitrary,
  Slug: fc.stringMatching(/^[a-z]{3,10}(-[a-z]{3,10})?$/),
  CountryCode: countryArbitrary,
  IsoDuration: fc.constantFrom('P5M', 'P24M', 'P7Y', 'P30D', 'PT72H', 'P1Y6M', 'P2W'),
  Sha256Hex: fc.stringMatching(/^[0-9a-f]{64}$/),
  Position: fc.bigInt({ min: 0n, max: 2n ** 53n }).map(String),
}

interface IoTsTagged {
  readonly _tag?: string
  readonly value?: unknown
  readonly types?: readonly t.Mixed[]
  readonly codomain?: t.Mixed
}

/**
 * A fast-check arbitrary for any codec of the catalogue, derived from the shapes the core
 * attaches to its codecs: every event, command and fact gets one without a second copy of
 * the catalogue. Field hints make values realistic (purposes, categories, pseudonyms).
 */
export const arbitraryOf = (
  codec: t.Mixed,
  hints: FieldHints = defaultHints,
): fc.Arbitrary<unknown> => {
  const named = byName[codec.name]
  if (named !== undefined) return named
  const shape = shapeOf(codec)
  if (shape === undefined) {
    const io = codec as unknown as IoTsTagged
    switch (io._tag) {
      case 'LiteralType':
        return fc.constant(io.value)
      case 'BooleanType':
        return fc.boolean()
      case 'UnionType':
        return fc.oneof(...(io.types ?? []).map((member) => arbitraryOf(member, hints)))
      case 'DictionaryType':
        return fc.dictionary(
          fc.string({ minLength: 1, maxLength: 20 }),
          arbitraryOf(io.codomain as t.Mixed, hints),
          { maxKeys: 3 },
        )
      default:
        return fc.jsonValue()
    }
  }
  switch (shape.kind) {
    case 'text':
      return fc.string({ minLength: shape.min, maxLength: Math.min(shape.max, 40) })
    case 'pattern':
      return fc.stringMatching(shape.pattern).filter((s) => s.length <= shape.max && codec.is(s))
    case 'instant':
      return instantArbitrary()
    case 'uuid':
      return fc.uuid()
    case 'int':
      return fc.nat({ max: 1_000_000 })
    case 'enum':
      return fc.constantFrom(...shape.values)
    case 'array':
      return fc.array(arbitraryOf(shape.item, hints), {
        minLength: shape.min,
        maxLength: Math.min(shape.max, 4),
      })
    case 'tagged':
      return fc.oneof(...Object.values(shape.members).map((member) => arbitraryOf(member, hints)))
    case 'record': {
      const field = (name: string, fieldCodec: t.Mixed): fc.Arbitrary<unknown> => {
        const hint = hints[name]
        const fieldShape = shapeOf(fieldCodec)
        const itemCodec = fieldShape?.kind === 'array' ? fieldShape.item : fieldCodec
        const itemKind = shapeOf(itemCodec)?.kind
        // A hint fits free strings only: an enum or a nested record keeps its own values.
        if (hint === undefined || (itemKind !== 'pattern' && itemKind !== 'text'))
          return arbitraryOf(fieldCodec, hints)
        const item = hint.filter((value) => itemCodec.is(value))
        return fieldShape?.kind === 'array'
          ? fc.uniqueArray(item, {
              minLength: fieldShape.min,
              maxLength: Math.min(fieldShape.max, 3),
            })
          : item
      }
      const model: Record<string, fc.Arbitrary<unknown>> = {}
      for (const [name, fieldCodec] of Object.entries(shape.required))
        model[name] = field(name, fieldCodec)
      for (const [name, fieldCodec] of Object.entries(shape.optional))
        model[name] = field(name, fieldCodec)
      return fc.record(model, { requiredKeys: Object.keys(shape.required) })
    }
  }
}
