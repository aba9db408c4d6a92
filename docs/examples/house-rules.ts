import { lawful, violation, type ComplianceRule } from '@gdpr-ledger/core'

// #region rule
// House rule: campaigns run between 07:00 and 21:00 in the ledger's jurisdiction.
const hourIn = (instant: string, timeZone: string): number =>
  Number(
    new Intl.DateTimeFormat('en-GB', { hour: '2-digit', hourCycle: 'h23', timeZone }).format(
      new Date(instant),
    ),
  )

export const noNightlyCampaigns: ComplianceRule = ({ command, jurisdiction }) => {
  const { event } = command
  if (event.type !== 'DataProcessed' || event.data.purpose !== 'marketing') return lawful
  const hour = hourIn(command.occurredAt, jurisdiction.timeZone)
  return hour < 7 || hour >= 21
    ? violation(
        'house.no-nightly-campaigns',
        'Nordtele marketing policy 3.1',
        'campaigns run between 07:00 and 21:00',
      )
    : lawful
}
// #endregion rule
