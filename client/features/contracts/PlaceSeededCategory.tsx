/**
 * On a board opened from the Collaboration page: places a card for the category the server seeded (named by
 * `?category=`), once the board has loaded, for an editor, unless a card already shows it. Renders nothing.
 */
import { useValue, type Editor } from '@tldraw/tldraw'
import { useEffect, useState } from 'react'
import { CATEGORY_CARD } from '../../../shared/canvas/shapes'
import { placeCategoryCard } from '../planning/planning-actions'
import { usePlanning } from '../planning/PlanningContext'
import { categoryToPlace, PLACE_CATEGORY_PARAM, searchWithoutCategory } from './seeded-category'

export function PlaceSeededCategory({ editor, isLoaded }: { editor: Editor | null; isLoaded: boolean }) {
  // Only a board opened from the Collaboration page has anything to place: every other board watches nothing here.
  const [isWanted] = useState(() => new URLSearchParams(location.search).has(PLACE_CATEGORY_PARAM))
  return isWanted ? <PlaceCard editor={editor} isLoaded={isLoaded} /> : null
}

function PlaceCard({ editor, isLoaded }: { editor: Editor | null; isLoaded: boolean }) {
  const planning = usePlanning()
  // Joined into one string, so that moving a shape does not re-render this.
  const cardKey = useValue(
    'category ids on cards',
    () => (editor ? editor.getCurrentPageShapes().flatMap((s) => (s.type === CATEGORY_CARD ? [(s.props as { categoryId: string }).categoryId] : [])).join('\n') : ''),
    [editor],
  )
  const categoryKey = planning.view ? planning.view.categories.map((c) => c.id as string).join('\n') : null
  const { canEditBoard } = planning
  useEffect(() => {
    const wanted = new URLSearchParams(location.search).get(PLACE_CATEGORY_PARAM)
    if (!editor || !isLoaded || categoryKey === null || wanted === null || !canEditBoard) return
    const categoryIds = categoryKey === '' ? [] : categoryKey.split('\n')
    // The seeded category arrives with the board's first sync: wait for it.
    if (!categoryIds.includes(wanted)) return
    const id = categoryToPlace(location.search, categoryIds, cardKey === '' ? [] : cardKey.split('\n'))
    if (id !== null) placeCategoryCard(editor, id)
    history.replaceState(history.state, '', `${location.pathname}${searchWithoutCategory(location.search)}${location.hash}`)
  }, [editor, isLoaded, categoryKey, cardKey, canEditBoard])
  return null
}
