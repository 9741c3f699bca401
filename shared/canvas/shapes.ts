/**
 * The one home of Pooled's custom canvas shapes: their type names, props (types, validators, defaults) and tldraw
 * props migration sequences. The client's ShapeUtils (client/canvas/planning) take their `props` and `migrations`
 * from here, and the server builds the board's tldraw schema from here to validate every record a client writes
 * (server/sync/record-validation.ts), so the two can never disagree about what a valid shape is.
 *
 * Ids in the props point into the board's planning documents (shared/doc).
 *
 * Changing a shape's props: add a migration to its sequence, never edit a validator alone. A board stores the
 * schema it was written with (`tl_meta.schema`); the client migrates older records up when it opens the board, and
 * the server accepts only records valid under the current schema. The pattern, for a new `title` prop:
 *
 *   const categoryCardVersions = createShapePropsMigrationIds(CATEGORY_CARD, { AddTitle: 1 })
 *   export const categoryCardShapeMigrations = createShapePropsMigrationSequence({
 *     sequence: [{ id: categoryCardVersions.AddTitle, up: (props) => { props.title = '' }, down: (props) => { delete props.title } }],
 *   })
 *
 * plus `title: T.string` in the validator, the type and the default props.
 */
import {
  createShapePropsMigrationSequence,
  type RecordProps,
  type TLPropsMigrations,
  type TLShape,
} from '@tldraw/tlschema'
import { T } from '@tldraw/validate'

export const CATEGORY_CARD = 'category-card'
export const KRALJIC_MATRIX = 'kraljic-matrix'
export const RENEWAL_TIMELINE = 'renewal-timeline'
export const OPPORTUNITY_CARD = 'opportunity-card'

/** Which placement the live matrix shows. */
export type MatrixMode = 'pooled' | 'alone'

export interface CategoryCardProps {
  categoryId: string
  w: number
  h: number
}
export interface KraljicMatrixProps {
  w: number
  h: number
  mode: MatrixMode
}
export interface RenewalTimelineProps {
  w: number
  h: number
}
export interface OpportunityCardProps {
  opportunityId: string
  w: number
  h: number
}

// Registers the custom shapes with tldraw's types, so `editor.createShape({ type: 'category-card', … })` type-checks.
declare module '@tldraw/tlschema' {
  interface TLGlobalShapePropsMap {
    [CATEGORY_CARD]: CategoryCardProps
    [KRALJIC_MATRIX]: KraljicMatrixProps
    [RENEWAL_TIMELINE]: RenewalTimelineProps
    [OPPORTUNITY_CARD]: OpportunityCardProps
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

export const categoryCardShapeProps: RecordProps<CategoryCardShape> = { categoryId: T.string, w: T.number, h: T.number }
export const kraljicMatrixShapeProps: RecordProps<KraljicMatrixShape> = { w: T.number, h: T.number, mode: T.literalEnum('pooled', 'alone') }
export const renewalTimelineShapeProps: RecordProps<RenewalTimelineShape> = { w: T.number, h: T.number }
export const opportunityCardShapeProps: RecordProps<OpportunityCardShape> = { opportunityId: T.string, w: T.number, h: T.number }

export function defaultCategoryCardProps(): CategoryCardProps {
  return { categoryId: '', w: CARD_SIZE.w, h: CARD_SIZE.h }
}
export function defaultKraljicMatrixProps(): KraljicMatrixProps {
  return { ...MATRIX_SIZE, mode: 'pooled' }
}
export function defaultRenewalTimelineProps(): RenewalTimelineProps {
  return { ...TIMELINE_SIZE }
}
export function defaultOpportunityCardProps(): OpportunityCardProps {
  return { opportunityId: '', ...OPPORTUNITY_SIZE }
}

/*
 * Props migration sequences (`com.tldraw.shape.<type>`). Every shape starts at version 0: the sequences are empty, so
 * boards written before they existed keep the schema they have and need no rewrite. Add the next version as in the
 * pattern at the top of this file.
 */
export const categoryCardShapeMigrations: TLPropsMigrations = createShapePropsMigrationSequence({ sequence: [] })
export const kraljicMatrixShapeMigrations: TLPropsMigrations = createShapePropsMigrationSequence({ sequence: [] })
export const renewalTimelineShapeMigrations: TLPropsMigrations = createShapePropsMigrationSequence({ sequence: [] })
export const opportunityCardShapeMigrations: TLPropsMigrations = createShapePropsMigrationSequence({ sequence: [] })

/** The custom shapes as tldraw schema entries (`createTLSchema({ shapes })`), keyed by shape type. */
export const PLANNING_SHAPE_SCHEMAS = {
  [CATEGORY_CARD]: { props: categoryCardShapeProps, migrations: categoryCardShapeMigrations },
  [KRALJIC_MATRIX]: { props: kraljicMatrixShapeProps, migrations: kraljicMatrixShapeMigrations },
  [RENEWAL_TIMELINE]: { props: renewalTimelineShapeProps, migrations: renewalTimelineShapeMigrations },
  [OPPORTUNITY_CARD]: { props: opportunityCardShapeProps, migrations: opportunityCardShapeMigrations },
} as const
