import * as fc from 'fast-check'

/**
 * Realistic vocabulary from the operators' texts (Telavox, Telia, Advox, We4you, Dstny), so
 * generated histories read like a Nordic operator's and rules meet the categories they judge.
 */
export const telecomPurposes = [
  'billing',
  'customer-support',
  'service-delivery',
  'transmission',
  'marketing',
  'location-offers',
  'fraud-prevention',
  'network-troubleshooting',
  'law-enforcement-disclosure',
  'bookkeeping',
  'switchboard-answering',
] as const

export const telecomDataCategories = [
  'subscriber-identity',
  'contact-details',
  'call-records',
  'usage-volumes',
  'ip-addresses',
  'billing-information',
  'location',
  'call-content',
  'crash-reports',
  'credentials',
  'support-cases',
] as const

export const telecomSubjectCategories = [
  'subscribers',
  'business-customer-employees',
  'callers',
  'prospects',
] as const

export const telecomSystems = [
  'billing',
  'crm',
  'cdr-pipeline',
  'support-desk',
  'switchboard',
  'network-ops',
  'web-shop',
] as const

export const actorRoles = [
  'support-agent',
  'billing-clerk',
  'network-engineer',
  'fraud-analyst',
  'legal-officer',
  'system',
] as const

/** EEA members and a few third countries, so transfer rules meet both. */
export const countries = [
  'SE',
  'NO',
  'DK',
  'FI',
  'IS',
  'LI',
  'DE',
  'IE',
  'NL',
  'US',
  'GB',
  'CH',
  'IN',
  'JP',
] as const

export const purposeArbitrary = fc.constantFrom(...telecomPurposes)
export const dataCategoryArbitrary = fc.constantFrom(...telecomDataCategories)
export const countryArbitrary = fc.constantFrom(...countries)

/** Pseudonyms like `sub-8f3a1c`: never an MSISDN, IP address or national id. */
export const pseudonymArbitrary = (prefix = 'sub'): fc.Arbitrary<string> =>
  fc.stringMatching(/^[0-9a-f]{4,10}$/).map((suffix) => `${prefix}-${suffix}`)

export const controllerIdArbitrary = fc.constantFrom(
  'telco_se',
  'telco_no',
  'telco_dk',
  'switchboard_customer_1',
  'acme_ab',
)

/** Instants between 2024 and 2027, canonical UTC. */
export const instantArbitrary = (
  min = new Date('2024-01-01T00:00:00.000Z'),
  max = new Date('2027-12-31T23:59:59.999Z'),
): fc.Arbitrary<string> => fc.date({ min, max, noInvalidDate: true }).map((d) => d.toISOString())
