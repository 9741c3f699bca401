/**
 * The custom planning shapes' type names, props and sizes. They live in shared/canvas/shapes.ts (the server validates
 * records against the same definitions); this module keeps the canvas's imports short.
 */
export {
  CARD_SIZE,
  CATEGORY_CARD,
  KRALJIC_MATRIX,
  MATRIX_SIZE,
  OPPORTUNITY_CARD,
  OPPORTUNITY_SIZE,
  RENEWAL_TIMELINE,
  TIMELINE_SIZE,
  type CategoryCardShape,
  type KraljicMatrixShape,
  type MatrixMode,
  type OpportunityCardShape,
  type RenewalTimelineShape,
} from '../../../shared/canvas/shapes'
