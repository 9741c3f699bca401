/** Periods of pooled figures in few words, for the small space of a category card. Pure. */

/**
 * The bodies' periods in few words for a card: one period as it is; several years ending in the same month as
 * "12 months to Dec 2019"; otherwise that they differ (each body's figure names its own in its tooltip).
 */
export function shortPeriod(label: string): string {
  const labels = label.split('; ')
  if (labels.length === 1) return label
  const months = labels.map((l) => /^12 months to \d{1,2} (\w{3} \d{4})$/.exec(l)?.[1] ?? null)
  const first = months[0]
  return first && months.every((m) => m === first) ? `12 months to ${first}` : "bodies' periods differ"
}
