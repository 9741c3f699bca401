/**
 * The custom planning shapes' types, registered with tldraw by augmenting `TLGlobalShapePropsMap`, so
 * `editor.createShape({ type: 'category-card', … })` type-checks. Ids point into the board's planning documents.
 */
import type { TLShape } from '@tldraw/tldraw'

export const CATEGORY_CARD = 'category-card'
export const KRALJIC_MATRIX = 'kraljic-matrix'
export const RENEWAL_TIMELINE = 'renewal-timeline'
export const OPPORTUNITY_CARD = 'opportunity-card'

/** Which placement the live matrix shows. */
export type MatrixMode = 'pooled' | 'alone'

declare module '@tldraw/tlschema' {
  interface TLGlobalShapePropsMap {
    [CATEGORY_CARD]: { categoryId: string; w: number; h: number }
    [KRALJIC_MATRIX]: { w: number; h: number; mode: MatrixMode }
    [RENEWAL_TIMELINE]: { w: number; h: number }
    [OPPORTUNITY_CARD]: { opportunityId: string; w: number; h: number }
  }
}

export type CategoryCardShape = TLShape<typeof CATEGORY_CARD>
export type KraljicMatrixShape = TLShape<typeof KRALJIC_MATRIX>
export type RenewalTimelineShape = TLShape<typeof RENEWAL_TIMELINE>
export type OpportunityCardShape = TLShape<typeof OPPORTUNITY_CARD>

/** Default sizes of new shapes, in page units. */
export const CARD_SIZE = { w: 260, h: 176 } as const
export const MATRIX_SIZE = { w: 760, h: 560 } as const
export const TIMELINE_SIZE = { w: 900, h: 260 } as const
export const OPPORTUNITY_SIZE = { w: 280, h: 150 } as const
