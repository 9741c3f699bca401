/** Buyer names matched to Pooled organisations by name, and a person's decisions overriding the rule. */
import { describe, expect, it } from 'vitest'
import { buyerKey, buyerStatusFor, resolveBuyer, splitBuyerNames, type BuyerDecision } from '../../../../shared/contracts/buyer-match'

const chorley = { id: 'o-chorley', name: 'Chorley Council' }
const hyndburn = { id: 'o-hyndburn', name: 'Hyndburn Borough Council' }
const lancashire = { id: 'o-lcc', name: 'Lancashire County Council' }
const southRibble = { id: 'o-sr', name: 'South Ribble' }
const orgs = [chorley, hyndburn, lancashire, southRibble]

describe('resolveBuyer by name', () => {
  it.each([
    ['Chorley Borough Council', 'o-chorley', 'same body as Chorley Council'],
    ['CHORLEY BOROUGH COUNCIL', 'o-chorley', 'same body as Chorley Council'],
    ['chorley council', 'o-chorley', 'the name of Chorley Council'],
    ['Hyndburn Borough Council Environmental Services', 'o-hyndburn', 'same body as Hyndburn Borough Council'],
    ['HYNDBURN COUNCIL', 'o-hyndburn', 'same body as Hyndburn Borough Council'],
    ['South Ribble Borough Council', 'o-sr', 'the council of South Ribble'],
  ])('%s → %s', (buyer, orgId, reason) => {
    expect(resolveBuyer(buyer, orgs, [])).toEqual({ orgId, match: 'suggested', reason })
  })

  it.each([
    ['Lancashire Fire and Rescue Service'],
    ['Chorley Community Housing Ltd'],
    ['Preston City Council'],
    ['Lancashire Constabulary'],
    [''],
  ])('%s matches nobody', (buyer) => {
    expect(resolveBuyer(buyer, orgs, []).orgId).toBeNull()
  })

  it('keeps a county council apart from the district of the same place', () => {
    expect(resolveBuyer('Lancaster City Council', [lancashire], []).orgId).toBeNull()
    expect(resolveBuyer('LANCASHIRE COUNTY COUNCIL', [lancashire], []).orgId).toBe('o-lcc')
  })
})

describe('decisions override the name rule', () => {
  it('a rejected suggestion is no longer a match, for that wording only', () => {
    const decisions: BuyerDecision[] = [{ buyerKey: buyerKey('Chorley Borough Council'), orgId: 'o-chorley', status: 'rejected' }]
    expect(resolveBuyer('CHORLEY BOROUGH COUNCIL', orgs, decisions)).toMatchObject({ orgId: null, match: 'none' })
    expect(buyerStatusFor('Chorley Borough Council', chorley, decisions).status).toBe('rejected')
    expect(resolveBuyer('Chorley Council', orgs, decisions).orgId).toBe('o-chorley')
  })

  it('a confirmed name belongs to that organisation even when the rule would not say so', () => {
    const decisions: BuyerDecision[] = [{ buyerKey: buyerKey('Lancs CC Procurement'), orgId: 'o-lcc', status: 'confirmed' }]
    expect(resolveBuyer('LANCS CC PROCUREMENT', orgs, decisions)).toMatchObject({ orgId: 'o-lcc', match: 'confirmed' })
  })

  it('a name confirmed as one organisation is not suggested for another', () => {
    const twin = { id: 'o-twin', name: 'Chorley Borough Council' }
    const decisions: BuyerDecision[] = [{ buyerKey: buyerKey('Chorley Council'), orgId: 'o-twin', status: 'confirmed' }]
    expect(resolveBuyer('Chorley Council', [chorley, twin], decisions).orgId).toBe('o-twin')
    expect(buyerStatusFor('Chorley Council', chorley, decisions).status).toBe('none')
  })
})

describe('splitBuyerNames', () => {
  it('splits a buyer naming several public bodies', () => {
    expect(splitBuyerNames('Chorley Council and South Ribble Borough Council')).toEqual(['Chorley Council', 'South Ribble Borough Council'])
    expect(splitBuyerNames('Blackpool Council &amp; Wyre Council')).toEqual(['Blackpool Council', 'Wyre Council'])
  })
  it('keeps one body whole, compound places included', () => {
    expect(splitBuyerNames('Blackburn with Darwen Borough Council')).toEqual(['Blackburn with Darwen Borough Council'])
    expect(splitBuyerNames('Lancashire Fire and Rescue Service')).toEqual(['Lancashire Fire and Rescue Service'])
    expect(splitBuyerNames('Parks and Open Spaces')).toEqual(['Parks and Open Spaces'])
    expect(splitBuyerNames('  ')).toEqual([])
  })
})
