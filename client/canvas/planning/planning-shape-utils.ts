/**
 * The custom planning shapes, in one list: the store schema (client/sync/useBoardStore.ts) and `<Tldraw shapeUtils>`
 * must both know them, or a board holding one could not load.
 */
import { CategoryCardShapeUtil } from './CategoryCardShapeUtil'
import { KraljicMatrixShapeUtil } from './KraljicMatrixShapeUtil'
import { OpportunityCardShapeUtil } from './OpportunityCardShapeUtil'
import { RenewalTimelineShapeUtil } from './RenewalTimelineShapeUtil'

export const PLANNING_SHAPE_UTILS = [CategoryCardShapeUtil, KraljicMatrixShapeUtil, RenewalTimelineShapeUtil, OpportunityCardShapeUtil]
