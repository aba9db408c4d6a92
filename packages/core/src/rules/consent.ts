import type { ConsentGiven, DataProcessed } from '../catalogue'
import type { ConsentRecord, SubjectState } from '../deciders/subject'
import type { Jurisdiction } from '../jurisdiction/jurisdiction'
import type { ComplianceRule } from '../ledger/decision'
import { lawful, violation, type Verdict } from './verdict'

/**
 * Rule 2, consent (GDPR Arts. 6(1)(a), 7, 8, 9(2)(a); ePrivacy Directive arts. 6(3), 9(1)):
 * processing on consent at `occurredAt` needs a consent of that subject for that purpose,
 * given at or before it and bound to a notice version, with no withdrawal at or before it.
 * Withdrawal works forward only: processing before it stays lawful. Below the jurisdiction's
 * child consent age, a consent counts only with parental authorisation.
 */

/** The consents and withdrawals of one subject towards one controller; a `SubjectState` fits. */
export type ConsentFacts = Pick<SubjectState, 'consents' | 'withdrawals'>

/** The legal grounds of an act that may rest on consent. */
export type ConsentGrounds = Pick<
  DataProcessed,
  'legalBasis' | 'specialCategoryCondition' | 'ePrivacyBasis'
>

/**
 * The provisions an act relies on consent under, or `undefined` when it does not rest on
 * consent.
 *
 * @example
 * ```ts
 * import { consentArticle } from '@gdpr-ledger/core'
 * consentArticle({ legalBasis: 'contract', ePrivacyBasis: 'consent' }) // 'ePrivacy Directive art. 6(3), 9(1)'
 * ```
 */
export const consentArticle = (grounds: ConsentGrounds): string | undefined => {
  const articles: string[] = []
  if (grounds.legalBasis === 'consent') articles.push('GDPR Art. 6(1)(a), 7(1)')
  if (grounds.specialCategoryCondition === 'explicit-consent') articles.push('GDPR Art. 9(2)(a)')
  if (grounds.ePrivacyBasis === 'consent') articles.push('ePrivacy Directive art. 6(3), 9(1)')
  return articles.length === 0 ? undefined : articles.join('; ')
}

/**
 * A consent from a subject below the jurisdiction's child consent age needs the authorisation
 * of the holder of parental responsibility (Art. 8(1)). A consent without a recorded age is
 * taken as an adult's: the backend that knows the age records it.
 *
 * @example
 * ```ts
 * import { checkChildConsent, jurisdictions } from '@gdpr-ledger/core'
 * checkChildConsent({ subjectAge: 12 }, jurisdictions.SE) // Left(consent.child-consent-age)
 * checkChildConsent({ subjectAge: 12, parentalAuthorisation: true }, jurisdictions.SE) // Right
 * ```
 */
export const checkChildConsent = (
  consent: Pick<ConsentGiven, 'subjectAge' | 'parentalAuthorisation'>,
  jurisdiction: Jurisdiction,
): Verdict =>
  consent.subjectAge !== undefined &&
  consent.subjectAge < jurisdiction.childConsent.age &&
  consent.parentalAuthorisation !== true
    ? violation(
        'consent.child-consent-age',
        `GDPR Art. 8(1); ${jurisdiction.childConsent.statute}`,
        `in ${jurisdiction.name} a consent given below the age of ${jurisdiction.childConsent.age} needs the authorisation of the holder of parental responsibility`,
      )
    : lawful

const withdrawnBetween = (
  subject: ConsentFacts,
  purpose: string,
  from: string,
  to: string,
): boolean =>
  subject.withdrawals.some(
    (w) => w.purpose === purpose && from <= w.withdrawnAt && w.withdrawnAt <= to,
  )

/**
 * The consent that covers processing for `purpose` at `at`: given at or before `at`, valid
 * for the subject's age, and not withdrawn between its giving and `at` (both inclusive).
 * Order-independent: facts recorded late with an earlier `occurredAt` are judged by time.
 *
 * @example
 * ```ts
 * import { coveringConsent, jurisdictions } from '@gdpr-ledger/core'
 * coveringConsent(subjectState, 'marketing', '2026-11-23T09:00:00.000Z', jurisdictions.SE)
 * ```
 */
export const coveringConsent = (
  subject: ConsentFacts,
  purpose: string,
  at: string,
  jurisdiction: Jurisdiction,
): ConsentRecord | undefined =>
  subject.consents.find(
    (c) =>
      c.purpose === purpose &&
      c.givenAt <= at &&
      checkChildConsent(c, jurisdiction)._tag === 'Right' &&
      !withdrawnBetween(subject, purpose, c.givenAt, at),
  )

const missingConsentReason = (
  subject: ConsentFacts,
  purpose: string,
  at: string,
  jurisdiction: Jurisdiction,
): string => {
  const forPurpose = subject.consents.filter((c) => c.purpose === purpose)
  const before = forPurpose.filter((c) => c.givenAt <= at)
  if (forPurpose.length === 0) return `no consent for purpose ${purpose} is recorded`
  if (before.length === 0)
    return `the consent for purpose ${purpose} was given after the time of processing`
  if (before.every((c) => checkChildConsent(c, jurisdiction)._tag === 'Left'))
    return `the consent for purpose ${purpose} was given below the child consent age without parental authorisation`
  return `the consent for purpose ${purpose} was withdrawn at or before the time of processing`
}

/**
 * Processing that rests on consent needs a covering consent at its time.
 *
 * @example
 * ```ts
 * import { checkConsent, jurisdictions } from '@gdpr-ledger/core'
 * checkConsent(subjectState, { purpose: 'marketing', legalBasis: 'consent' }, occurredAt, jurisdictions.SE)
 * ```
 */
export const checkConsent = (
  subject: ConsentFacts,
  processing: ConsentGrounds & { readonly purpose: string },
  at: string,
  jurisdiction: Jurisdiction,
): Verdict => {
  const article = consentArticle(processing)
  if (article === undefined) return lawful
  return coveringConsent(subject, processing.purpose, at, jurisdiction) === undefined
    ? violation(
        'consent.covering-consent',
        article,
        missingConsentReason(subject, processing.purpose, at, jurisdiction),
      )
    : lawful
}

/**
 * Runs rule 2: consents given (child age) and processing or sharing on consent. As a `ComplianceRule` over a ledger `Decision`: the ledger runs it on every command
 * (it is in `builtInRules`); a findings projection can run it over a decision rebuilt from
 * imported facts.
 *
 * @example
 * ```ts
 * import { consentRule } from '@gdpr-ledger/core'
 * const verdict = consentRule(decision) // Right(undefined), or Left(ComplianceViolation)
 * ```
 */
export const consentRule: ComplianceRule = (decision) => {
  const { command } = decision
  const subject = decision.streams.subject?.state
  switch (command.event.type) {
    case 'ConsentGiven':
      return checkChildConsent(command.event.data, decision.jurisdiction)
    case 'DataProcessed':
    case 'DataSharedWithRecipient':
      return subject === undefined
        ? lawful
        : checkConsent(subject, command.event.data, command.occurredAt, decision.jurisdiction)
    default:
      return lawful
  }
}
