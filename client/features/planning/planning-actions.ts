/**
 * Canvas actions of the planning UI: create a category (board document) with its card at the view centre, drop a
 * live Kraljic matrix or renewal timeline, place a card for an existing category, and add an opportunity card linked
 * to its categories. Ids are random so concurrent creates never collide.
 */
import { createShapeId, type Editor } from '@tldraw/tldraw'
import type * as Y from 'yjs'
import { addOpportunity, createCategory } from '../../../shared/doc/planning-writers'
import { CARD_SIZE, CATEGORY_CARD, KRALJIC_MATRIX, MATRIX_SIZE, OPPORTUNITY_CARD, OPPORTUNITY_SIZE, RENEWAL_TIMELINE, TIMELINE_SIZE } from '../../canvas/planning/shape-types'

/** A random id of `A-Z a-z 0-9 _ -` (the planning id pattern), 16 characters. */
export function newPlanningId(): string {
  const bytes = new Uint8Array(12)
  crypto.getRandomValues(bytes)
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

const GAP = 40

/**
 * Top-left corner for a new w × h shape near the centre of the view that overlaps no shape on the page: the centre
 * if free, else the nearest free slot on rings of slots around it.
 */
export function findFreeSpot(editor: Editor, w: number, h: number): { x: number; y: number } {
  const c = editor.getViewportPageBounds().center
  const taken = editor.getCurrentPageShapes().flatMap((s) => {
    const b = editor.getShapePageBounds(s)
    return b ? [b] : []
  })
  const isFree = (x: number, y: number) => taken.every((b) => x + w + GAP / 2 <= b.minX || x - GAP / 2 >= b.maxX || y + h + GAP / 2 <= b.minY || y - GAP / 2 >= b.maxY)
  const x0 = c.x - w / 2
  const y0 = c.y - h / 2
  for (let ring = 0; ring <= 12; ring++) {
    const slots: { x: number; y: number; d: number }[] = []
    for (let i = -ring; i <= ring; i++) {
      for (let j = -ring; j <= ring; j++) {
        if (Math.max(Math.abs(i), Math.abs(j)) !== ring) continue
        slots.push({ x: x0 + i * (w + GAP), y: y0 + j * (h + GAP), d: i * i + j * j })
      }
    }
    slots.sort((a, b) => a.d - b.d)
    const free = slots.find((s) => isFree(s.x, s.y))
    if (free) return { x: free.x, y: free.y }
  }
  return { x: x0, y: y0 }
}

function centre(editor: Editor, w: number, h: number): { x: number; y: number } {
  return findFreeSpot(editor, w, h)
}

/** Brings a new shape into view if it landed outside the visible area. */
function reveal(editor: Editor, id: ReturnType<typeof createShapeId>): void {
  const bounds = editor.getShapePageBounds(id)
  if (bounds && !editor.getViewportPageBounds().contains(bounds)) editor.zoomToSelection({ animation: { duration: 300 } })
}

/** Places a card for a category at the view centre and selects it (which opens its inspector). */
export function placeCategoryCard(editor: Editor, categoryId: string): void {
  const id = createShapeId()
  editor.createShape({ id, type: CATEGORY_CARD, ...centre(editor, CARD_SIZE.w, CARD_SIZE.h), props: { categoryId, ...CARD_SIZE } })
  editor.select(id)
  reveal(editor, id)
}

/** Creates a category in the board document and its card on the canvas. Returns the new id, or an error message. */
export function addCategory(editor: Editor, boardDoc: Y.Doc, name: string, by: string): { ok: true; id: string } | { ok: false; message: string } {
  const id = newPlanningId()
  const created = createCategory(boardDoc, { id, name }, by, new Date().toISOString())
  if (!created.ok) return { ok: false, message: created.error.message }
  placeCategoryCard(editor, id)
  return { ok: true, id }
}

export function addKraljicMatrix(editor: Editor): void {
  const id = createShapeId()
  editor.createShape({ id, type: KRALJIC_MATRIX, ...centre(editor, MATRIX_SIZE.w, MATRIX_SIZE.h), props: { ...MATRIX_SIZE, mode: 'pooled' } })
  editor.select(id)
  reveal(editor, id)
}

export function addRenewalTimeline(editor: Editor): void {
  const id = createShapeId()
  editor.createShape({ id, type: RENEWAL_TIMELINE, ...centre(editor, TIMELINE_SIZE.w, TIMELINE_SIZE.h), props: { ...TIMELINE_SIZE } })
  editor.select(id)
  reveal(editor, id)
}

/**
 * Adds an opportunity (board document) linked to its categories, and its card on the canvas: to the right of the
 * first linked category's card when there is one, else at the view centre.
 */
export function addOpportunityCard(editor: Editor, boardDoc: Y.Doc, input: { title: string; categoryIds: readonly string[]; note: string }, by: string): { ok: true } | { ok: false; message: string } {
  const id = newPlanningId()
  const added = addOpportunity(boardDoc, { id, title: input.title, categoryIds: input.categoryIds, note: input.note }, by, new Date().toISOString())
  if (!added.ok) return { ok: false, message: added.error.message }
  const card = editor.getCurrentPageShapes().find((s) => s.type === CATEGORY_CARD && input.categoryIds.includes((s.props as { categoryId: string }).categoryId))
  const at = card ? { x: card.x + CARD_SIZE.w + 60, y: card.y } : centre(editor, OPPORTUNITY_SIZE.w, OPPORTUNITY_SIZE.h)
  const shapeId = createShapeId()
  editor.createShape({ id: shapeId, type: OPPORTUNITY_CARD, ...at, props: { opportunityId: id, ...OPPORTUNITY_SIZE } })
  if (card) {
    // A plain arrow from the category card to the opportunity, bound at both ends so it follows them.
    const arrowId = createShapeId()
    editor.createShape({ id: arrowId, type: 'arrow', x: 0, y: 0, props: { start: { x: card.x + CARD_SIZE.w, y: card.y + CARD_SIZE.h / 2 }, end: { x: at.x, y: at.y + OPPORTUNITY_SIZE.h / 2 } } })
    editor.createBindings([
      { fromId: arrowId, toId: card.id, type: 'arrow', props: { terminal: 'start', normalizedAnchor: { x: 1, y: 0.5 }, isExact: false, isPrecise: false } },
      { fromId: arrowId, toId: shapeId, type: 'arrow', props: { terminal: 'end', normalizedAnchor: { x: 0, y: 0.5 }, isExact: false, isPrecise: false } },
    ])
  }
  editor.select(shapeId)
  return { ok: true }
}
