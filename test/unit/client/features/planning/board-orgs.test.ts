/** Which organisations' documents the board reads: mine, shared organisations, shared people's organisations, RACI. */
import { describe, expect, it } from 'vitest'
import { resolveBoardOrgs } from '../../../../../client/features/planning/board-orgs'
import type { Organisation, Share } from '../../../../../shared/schema/api'

const org = (id: string, shortName: string, colour: string): Organisation => ({ id, name: `${shortName} council`, shortName, colour, createdAt: '2026-01-01T00:00:00Z' })
const orgs = [org('o-wcc', 'WCC', '#1d6f42'), org('o-tvp', 'TVP', '#6b2c86'), org('o-fire', 'RBFRS', '#b42318'), org('o-nhs', 'NHS', '#005eb8')]
const userShare = (shortName: string, colour: string): Share => ({ principalType: 'user', principalId: `u-${shortName}`, name: 'Someone', orgShortName: shortName, colour, role: 'editor' })

describe('resolveBoardOrgs', () => {
  it('collects my organisation, shared people’s organisations and shared organisations, sorted by id', () => {
    const result = resolveBoardOrgs({
      myOrg: orgs[0]!,
      shares: [userShare('WCC', '#1d6f42'), userShare('TVP', '#6B2C86'), { principalType: 'org', principalId: 'o-fire', name: 'Fire', orgShortName: 'RBFRS', colour: '#b42318', role: 'viewer' }],
      organisations: orgs,
    })
    expect(result.map((o) => o.id)).toEqual(['o-fire', 'o-tvp', 'o-wcc'])
  })

  it('adds organisations named in the documents, even when unknown', () => {
    const result = resolveBoardOrgs({ myOrg: null, shares: [], organisations: orgs, namedOrgIds: ['o-nhs', 'o-gone'] })
    expect(result.map((o) => [o.id, o.shortName])).toEqual([['o-gone', 'o-gone'], ['o-nhs', 'NHS']])
  })
})
