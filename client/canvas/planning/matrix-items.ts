/**
 * What the live Kraljic matrix plots, from the planning view: one marker per category (all pooled: profit impact from
 * pooled spend with the board's thresholds, or the hand-entered profit impact while no spend is entered), or one
 * marker per organisation and category (each organisation alone). Categories that cannot be placed yet are listed. Pure.
 */
import type { PlanningView } from '../../../shared/doc/planning-view'
import type { KraljicQuadrant } from '../../../shared/domain/kraljic'
import { placeOnKraljic, type KraljicScore } from '../../../shared/domain/kraljic'
import type { MatrixMode } from './shape-types'

export interface MatrixItem {
  /** Unique per marker: `<categoryId>` or `<categoryId>:<orgId>`. */
  readonly key: string
  readonly categoryId: string
  readonly label: string
  readonly orgId: string | null
  readonly colour: string | null
  readonly supplyRisk: number
  readonly profitImpact: number
  readonly quadrant: KraljicQuadrant
  /** True when profit impact comes from spend (pooled or alone), false when it is the hand-entered score. */
  readonly isFromSpend: boolean
}

export interface MatrixContent {
  readonly items: readonly MatrixItem[]
  /** Categories without a supply risk score (or, pooled, without spend or a profit impact score). */
  readonly unplaced: readonly { readonly categoryId: string; readonly name: string; readonly reason: string }[]
}

export function matrixContent(view: PlanningView, mode: MatrixMode): MatrixContent {
  const items: MatrixItem[] = []
  const unplaced: { categoryId: string; name: string; reason: string }[] = []
  for (const c of view.categories) {
    const sr = c.quadrants.supplyRisk
    if (sr === null) {
      unplaced.push({ categoryId: c.id, name: c.name, reason: 'no supply risk score' })
      continue
    }
    if (mode === 'pooled') {
      const pooled = c.quadrants.pooled
      if (pooled !== null && c.pooledSpend.value > 0) {
        items.push({ key: c.id, categoryId: c.id, label: c.name, orgId: null, colour: null, supplyRisk: sr, profitImpact: pooled.value.profitImpact, quadrant: pooled.value.quadrant, isFromSpend: true })
      } else if (c.scores.profitImpact !== undefined) {
        const pi = c.scores.profitImpact
        items.push({ key: c.id, categoryId: c.id, label: c.name, orgId: null, colour: null, supplyRisk: sr, profitImpact: pi, quadrant: placeOnKraljic({ supplyRisk: sr, profitImpact: pi as KraljicScore }), isFromSpend: false })
      } else {
        unplaced.push({ categoryId: c.id, name: c.name, reason: 'no spend or profit impact score' })
      }
      continue
    }
    const alone = c.orgs.filter((o) => o.alone !== null && o.hasEntry)
    if (alone.length === 0) {
      unplaced.push({ categoryId: c.id, name: c.name, reason: 'no organisation has entered spend' })
      continue
    }
    for (const o of alone) {
      if (o.alone === null) continue
      items.push({
        key: `${c.id}:${o.org.id}`,
        categoryId: c.id,
        label: `${c.name} · ${o.org.shortName}`,
        orgId: o.org.id,
        colour: o.org.colour,
        supplyRisk: sr,
        profitImpact: o.alone.value.profitImpact,
        quadrant: o.alone.value.quadrant,
        isFromSpend: true,
      })
    }
  }
  return { items, unplaced }
}
