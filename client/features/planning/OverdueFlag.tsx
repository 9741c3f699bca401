/** The flag after a "start by" date that has passed: " — overdue by 9 months", in the warning colour; nothing otherwise. */
import type { IsoDate } from '../../../shared/domain/dates'
import { formatOverdue } from '../../../shared/domain/overdue'

export function OverdueFlag({ date, today }: { date: IsoDate; today: IsoDate }) {
  const late = formatOverdue(date, today)
  return late === null ? null : <strong className="pl-overdue" data-testid="overdue-flag"> — {late}</strong>
}
