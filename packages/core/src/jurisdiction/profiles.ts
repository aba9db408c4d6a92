import { defineJurisdiction, type Jurisdiction } from './jurisdiction'

/*
 * The shipped profiles. Child consent ages and bookkeeping periods are statutory; the
 * retention defaults are the operators' own terms from the domain sources (Advox: traffic
 * data "at most five months or until the invoice claim is fully settled"; Telia: customer data
 * "purged within 24 months after the customer relationship ended"), which the rules treat as
 * the default an operator adjusts; the accountability period is a policy default.
 */

const sharedRetention = {
  trafficData: { period: 'P5M', reading: 'later-of' },
  customerData: { afterRelationshipEnds: 'P24M' },
} as const

/** Sweden. */
export const SE: Jurisdiction = defineJurisdiction({
  country: 'SE',
  name: 'Sweden',
  timeZone: 'Europe/Stockholm',
  supervisoryAuthority: { name: 'Integritetsskyddsmyndigheten', shortName: 'IMY' },
  childConsent: { age: 13, statute: 'Lag (2018:218) 2 kap. 4 §' },
  bookkeeping: { years: 7, statute: 'Bokföringslag (1999:1078) 7 kap. 2 §' },
  accountabilityPeriod: 'P10Y',
  retention: sharedRetention,
})

/** Norway (EEA). */
export const NO: Jurisdiction = defineJurisdiction({
  country: 'NO',
  name: 'Norway',
  timeZone: 'Europe/Oslo',
  supervisoryAuthority: { name: 'Datatilsynet', shortName: 'Datatilsynet (NO)' },
  childConsent: { age: 13, statute: 'Personopplysningsloven (LOV-2018-06-15-38) § 5' },
  bookkeeping: { years: 5, statute: 'Bokføringsloven (LOV-2004-11-19-73) § 13' },
  accountabilityPeriod: 'P10Y',
  retention: sharedRetention,
})

/** Denmark. */
export const DK: Jurisdiction = defineJurisdiction({
  country: 'DK',
  name: 'Denmark',
  timeZone: 'Europe/Copenhagen',
  supervisoryAuthority: { name: 'Datatilsynet', shortName: 'Datatilsynet (DK)' },
  childConsent: {
    age: 13,
    statute: 'Databeskyttelsesloven (lov nr. 502 af 23. maj 2018) § 6, stk. 2',
  },
  bookkeeping: { years: 5, statute: 'Bogføringsloven (lov nr. 700 af 24. maj 2022)' },
  accountabilityPeriod: 'P10Y',
  retention: sharedRetention,
})

/** Finland. Six years is the term for vouchers such as invoices (ten for the books themselves). */
export const FI: Jurisdiction = defineJurisdiction({
  country: 'FI',
  name: 'Finland',
  timeZone: 'Europe/Helsinki',
  supervisoryAuthority: { name: 'Tietosuojavaltuutettu', shortName: 'Tietosuojavaltuutettu' },
  childConsent: { age: 13, statute: 'Tietosuojalaki (1050/2018) 5 §' },
  bookkeeping: { years: 6, statute: 'Kirjanpitolaki (1336/1997) 2 luku 10 §' },
  accountabilityPeriod: 'P10Y',
  retention: sharedRetention,
})

/**
 * The shipped jurisdiction profiles, by country code.
 *
 * @example
 * ```ts
 * import { createInMemoryStore, createLedger, jurisdictions } from '@gdpr-ledger/core'
 * const ledger = createLedger({ store: createInMemoryStore(), jurisdiction: jurisdictions.NO })
 * jurisdictions.FI.supervisoryAuthority.name // 'Tietosuojavaltuutettu'
 * ```
 */
export const jurisdictions = { SE, NO, DK, FI } as const
