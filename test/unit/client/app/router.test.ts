/** Paths to pages (client/app/router.ts): the organisation's Spend data and Contracts pages sit under /org. */
import { describe, expect, it } from 'vitest'
import { COLLABORATION_HREF, CONTRACTS_HREF, FORWARD_PLAN_HREF, parseRoute, SPEND_DATA_HREF } from '../../../../client/app/router'

describe('parseRoute', () => {
  it('opens the Spend data page at /org/spend, with or without a trailing slash', () => {
    expect(parseRoute(SPEND_DATA_HREF)).toEqual({ name: 'org-spend' })
    expect(parseRoute('/org/spend/')).toEqual({ name: 'org-spend' })
    expect(parseRoute('/org')).toEqual({ name: 'org' })
    expect(parseRoute('/org/spend/x')).toEqual({ name: 'not-found', path: '/org/spend/x' })
  })

  it('opens the Contracts, Collaboration and Forward plan pages', () => {
    expect(CONTRACTS_HREF).toBe('/org/contracts')
    expect(parseRoute('/org/contracts')).toEqual({ name: 'org-contracts' })
    expect(parseRoute('/org/contracts/')).toEqual({ name: 'org-contracts' })
    expect(parseRoute(COLLABORATION_HREF)).toEqual({ name: 'collaboration' })
    expect(parseRoute('/collaboration/')).toEqual({ name: 'collaboration' })
    expect(parseRoute(FORWARD_PLAN_HREF)).toEqual({ name: 'forward-plan' })
    expect(parseRoute('/forward-plan/x')).toEqual({ name: 'not-found', path: '/forward-plan/x' })
  })
})
