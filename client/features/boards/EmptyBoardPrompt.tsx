/**
 * What an empty board offers: the first step of a workshop. Shown in the middle of the canvas once the board has
 * loaded and holds no shapes and no categories; gone as soon as anyone adds something. Editors get "Add the first
 * category" (a card, opened in the inspector) and the Methods library; viewers are told what will appear.
 *
 * It never stands in the way of drawing: only its buttons take the pointer (a drag across the text reaches the canvas
 * below), and it steps aside while a drawing tool is chosen, so a first rectangle is not drawn under it.
 */
import { useValue, type Editor } from '@tldraw/tldraw'
import { useState } from 'react'
import { addCategory } from '../planning/planning-actions'
import { usePlanning } from '../planning/PlanningContext'

export function EmptyBoardPrompt({ editor, isLoaded, onOpenMethods }: { editor: Editor | null; isLoaded: boolean; onOpenMethods(): void }) {
  const planning = usePlanning()
  const [error, setError] = useState<string | null>(null)
  const hasShapes = useValue('board has shapes', () => (editor ? editor.getCurrentPageShapeIds().size > 0 : true), [editor])
  const isDrawing = useValue('drawing tool chosen', () => (editor ? !['select', 'hand'].includes(editor.getCurrentToolId()) : false), [editor])
  const hasCategories = (planning.view?.categories.length ?? 0) > 0
  if (!editor || !isLoaded || !planning.view || hasShapes || hasCategories || isDrawing) return null

  const addFirst = () => {
    if (!planning.boardDoc) return
    const result = addCategory(editor, planning.boardDoc, 'New category', planning.userId)
    setError(result.ok ? null : result.message)
  }
  return (
    <section className="empty-board" aria-labelledby="empty-board-title" data-testid="empty-board">
      <h2 id="empty-board-title">This board is empty</h2>
      {planning.canEditBoard ? (
        <>
          <p>
            Start with the categories of spend you want to plan together, such as “Fleet tyres” or “Cleaning”. Each
            organisation then enters its own spend, suppliers and contract end dates on the category’s card.
          </p>
          <div className="empty-board-actions" onPointerDown={(e) => e.stopPropagation()}>
            <button type="button" className="button button-primary" disabled={!planning.boardDoc} onClick={addFirst}>Add the first category</button>
            <button type="button" className="button button-secondary" onClick={onOpenMethods}>Browse methods</button>
          </div>
          <p className="empty-board-hint">Invite the other bodies with Share, top right. Everything added here is shared with everyone on the board as it happens.</p>
          {error && <p className="field-error" role="alert">{error}</p>}
        </>
      ) : (
        <p>Nothing has been added yet. Categories, spend and plans appear here, live, as the board’s editors add them.</p>
      )}
    </section>
  )
}
