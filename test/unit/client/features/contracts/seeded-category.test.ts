/** A board opened from the Collaboration page places a card for its seeded category once (client/features/contracts/seeded-category.ts). */
import { describe, expect, it } from 'vitest'
import { categoryToPlace, searchWithoutCategory, withCategoryToPlace } from '../../../../../client/features/contracts/seeded-category'

describe('the seeded category of an opportunity board', () => {
  it('names the category in the board address, when there is one', () => {
    expect(withCategoryToPlace('/b/abc', 'cat 1')).toBe('/b/abc?category=cat%201')
    expect(withCategoryToPlace('/b/abc', undefined)).toBe('/b/abc')
  })

  it('places a card only for a category the board holds and no card shows yet', () => {
    expect(categoryToPlace('?category=c1', ['c1', 'c2'], [])).toBe('c1')
    expect(categoryToPlace('?category=c1', ['c1'], ['c1'])).toBeNull()
    expect(categoryToPlace('?category=c9', ['c1'], [])).toBeNull()
    expect(categoryToPlace('', ['c1'], [])).toBeNull()
  })

  it('drops the parameter and keeps any other', () => {
    expect(searchWithoutCategory('?category=c1')).toBe('')
    expect(searchWithoutCategory('?x=1&category=c1')).toBe('?x=1')
  })
})
