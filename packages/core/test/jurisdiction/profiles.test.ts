import { describe, expect, it } from 'vitest'
import { DK, FI, NO, SE, defineJurisdiction, isEea, jurisdictions } from '../../src'

describe('jurisdiction profiles', () => {
  it('ship SE, NO, DK and FI with their authorities, zones, child consent ages and bookkeeping years', () => {
    expect(Object.keys(jurisdictions)).toEqual(['SE', 'NO', 'DK', 'FI'])
    expect(SE.supervisoryAuthority.shortName).toBe('IMY')
    expect(NO.supervisoryAuthority).toEqual({
      name: 'Datatilsynet',
      shortName: 'Datatilsynet (NO)',
    })
    expect(DK.supervisoryAuthority).toEqual({
      name: 'Datatilsynet',
      shortName: 'Datatilsynet (DK)',
    })
    expect(FI.supervisoryAuthority.name).toBe('Tietosuojavaltuutettu')
    expect([SE, NO, DK, FI].map((j) => j.timeZone)).toEqual([
      'Europe/Stockholm',
      'Europe/Oslo',
      'Europe/Copenhagen',
      'Europe/Helsinki',
    ])
    expect([SE, NO, DK, FI].map((j) => j.childConsent.age)).toEqual([13, 13, 13, 13])
    expect([SE, NO, DK, FI].map((j) => j.bookkeeping.years)).toEqual([7, 5, 5, 6])
    for (const j of [SE, NO, DK, FI]) {
      expect(j.retention.trafficData).toEqual({ period: 'P5M', reading: 'later-of' })
      expect(j.retention.customerData.afterRelationshipEnds).toBe('P24M')
      expect(j.accountabilityPeriod).toMatch(/^P\d+Y$/)
      expect(Object.isFrozen(j)).toBe(true)
    }
  })

  it('are data: a variant is a spread, checked when defined', () => {
    const strict = defineJurisdiction({
      ...SE,
      retention: { ...SE.retention, trafficData: { period: 'P3M', reading: 'earlier-of' } },
    })
    expect(strict.retention.trafficData.reading).toBe('earlier-of')
    expect(SE.retention.trafficData.reading).toBe('later-of')
  })

  it('refuse a bad profile by throwing, naming the field and not the value', () => {
    expect(() => defineJurisdiction({ ...SE, timeZone: 'Europe/Gothenburg' })).toThrow(/timeZone/)
    expect(() => defineJurisdiction({ ...SE, accountabilityPeriod: 'ten years' })).toThrow(
      /accountabilityPeriod/,
    )
    expect(() => defineJurisdiction({ ...SE, childConsent: { age: -1, statute: 'x' } })).toThrow(
      /childConsent\.age/,
    )
  })

  it('count Norway, Iceland and Liechtenstein in the EEA, and not the UK or Switzerland', () => {
    expect(['NO', 'IS', 'LI', 'SE', 'DK', 'FI', 'IE'].every(isEea)).toBe(true)
    expect(['GB', 'CH', 'US', 'IN'].some(isEea)).toBe(false)
  })
})
