/** Paths to pages (client/app/router.ts): the organisation's Spend data page sits under /org. */
import { describe, expect, it } from 'vitest'
import { parseRoute, SPEND_DATA_HREF } from '../../../../client/app/router'

describe('parseRoute', () => {
  it('opens the Spend data page at /org/spend, with or without a trailing slash', () => {
    expect(parseRoute(SPEND_DATA_HREF)).toEqual({ name: 'org-spend' })
    expect(parseRoute('/org/spend/')).toEqual({ name: 'org-spend' })
    expect(parseRoute('/org')).toEqual({ name: 'org' })
    expect(parseRoute('/org/spend/x')).toEqual({ name: 'not-found', path: '/org/spend/x' })
  })
})
