/**
 * What the live Kraljic matrix plots, from the planning view: one marker per category (all pooled: profit impact from
 * pooled spend with the board's thresholds, or the hand-entered profit impact while no spend is entered), or one
 * marker per organisation and category (each organisation alone). Categories that cannot be placed yet are listed. Pure.
 */
import type { PlanningView } from '../../../shared/doc/planning-view'
import type { KraljicQuadrant } from '../../../shared/domain/kraljic'
import type { MatrixMode } from './shape-types'

export interface MatrixItem {
  /** Unique per marker: `<categoryId>` or `<categoryId>:<orgId>`. */
  readonly key: string
  readonly categoryId: string
  /** Full text for hover: `<category>` or `<category> · <organisation>`. */
  readonly label: string
  /** The category's name, and the organisation's short name alone (null pooled): coincident markers share a label. */
  readonly categoryName: string
  readonly orgShortName: string | null
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
      // The category's one placement (resolveProfitImpact): from spend once any is entered, else the hand score.
      const placed = c.quadrants.placement
      if (placed !== null) {
        items.push({ key: c.id, categoryId: c.id, label: c.name, categoryName: c.name, orgShortName: null, orgId: null, colour: null, supplyRisk: sr, profitImpact: placed.value.profitImpact, quadrant: placed.value.quadrant, isFromSpend: placed.value.basis === 'spend' })
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
        categoryName: c.name,
        orgShortName: o.org.shortName,
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

/**
 * What the side column says under "Change quadrant when pooled", so it is true in every state: the categories that
 * change; or that none does although N categories could be compared (supply risk scored and spend from two or more
 * organisations); or, only when nothing can be compared yet, what is missing.
 */
export type ChangedWhenPooledState =
  | { readonly kind: 'changed'; readonly categoryIds: readonly string[] }
  | { readonly kind: 'none-changed'; readonly comparedCount: number }
  | { readonly kind: 'nothing-to-compare'; readonly hint: string }

export function changedWhenPooledState(view: PlanningView): ChangedWhenPooledState {
  const changed = view.categories.filter((c) => c.quadrants.isChangedWhenPooled).map((c) => c.id)
  if (changed.length > 0) return { kind: 'changed', categoryIds: changed }
  const comparable = view.categories.filter((c) => c.quadrants.pooled !== null && c.orgs.filter((o) => o.hasEntry).length >= 2)
  if (comparable.length > 0) return { kind: 'none-changed', comparedCount: comparable.length }
  if (view.categories.length === 0) return { kind: 'nothing-to-compare', hint: 'None yet. Add a category, then enter each organisation’s spend and a supply risk score.' }
  const hasRisk = view.categories.some((c) => c.quadrants.supplyRisk !== null)
  const hasTwoSpends = view.categories.some((c) => c.orgs.filter((o) => o.hasEntry).length >= 2)
  if (!hasRisk && hasTwoSpends) return { kind: 'nothing-to-compare', hint: 'None yet. Score supply risk on a category that two or more organisations spend on.' }
  if (hasRisk && !hasTwoSpends) return { kind: 'nothing-to-compare', hint: 'None yet. Pooling needs spend from two or more organisations in a scored category.' }
  return { kind: 'nothing-to-compare', hint: 'None yet. Enter each organisation’s spend and a supply risk score on the same category.' }
}
