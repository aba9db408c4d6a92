/**
 * The European Economic Area: the 27 EU member states and Iceland, Liechtenstein and Norway
 * (EEA Agreement, with the GDPR incorporated by EEA Joint Committee Decision 154/2018). A
 * transfer inside it is no transfer under Chapter V, and an authority inside it is no
 * third-country authority under Art. 48: Norwegian police are not.
 */
export const EEA_COUNTRIES: ReadonlySet<string> = new Set([
  'AT',
  'BE',
  'BG',
  'HR',
  'CY',
  'CZ',
  'DK',
  'EE',
  'FI',
  'FR',
  'DE',
  'GR',
  'HU',
  'IE',
  'IT',
  'LV',
  'LT',
  'LU',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SK',
  'SI',
  'ES',
  'SE',
  'IS',
  'LI',
  'NO',
])

/**
 * Is `country` (ISO 3166-1 alpha-2) in the EEA?
 *
 * @example
 * ```ts
 * isEea('NO') // true
 * isEea('GB') // false
 * ```
 */
export const isEea = (country: string): boolean => EEA_COUNTRIES.has(country)
