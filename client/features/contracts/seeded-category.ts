/**
 * A board opened for a collaboration opportunity holds a category seeded by the server for the opportunity's CPV
 * group, but no card for it on the canvas: the server does not draw. The Collaboration page opens the board with
 * `?category=<id>`; the board places a card for that category once, when it has loaded and no card shows it yet.
 */

/** The query parameter naming the category to place. */
export const PLACE_CATEGORY_PARAM = 'category'

/** The board's address with the category to place. */
export function withCategoryToPlace(boardPath: string, categoryId: string | undefined): string {
  return categoryId ? `${boardPath}?${PLACE_CATEGORY_PARAM}=${encodeURIComponent(categoryId)}` : boardPath
}

/**
 * The category to place a card for: the one named in `search`, when the board holds it and no card on the canvas
 * shows it already (another person may have placed it first); else null.
 */
export function categoryToPlace(search: string, categoryIds: readonly string[], cardCategoryIds: readonly string[]): string | null {
  const id = new URLSearchParams(search).get(PLACE_CATEGORY_PARAM)
  if (!id || !categoryIds.includes(id) || cardCategoryIds.includes(id)) return null
  return id
}

/** `search` without the category parameter (so a reload does not place a second card). */
export function searchWithoutCategory(search: string): string {
  const params = new URLSearchParams(search)
  params.delete(PLACE_CATEGORY_PARAM)
  const rest = params.toString()
  return rest ? `?${rest}` : ''
}
