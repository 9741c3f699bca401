import { describe, expect, it } from 'vitest'
import { findJointProcurements } from '../../../../shared/contracts/joint.ts'
import type { JointNoticeInput, NotJointReason } from '../../../../shared/contracts/joint.ts'
import { isPublicBodyName, normaliseBodyName, sameBody } from '../../../../shared/contracts/public-body-name.ts'

function one(notice: Omit<JointNoticeInput, 'id'>) {
  return findJointProcurements([{ id: 'n1', ...notice }])
}

describe('normaliseBodyName / sameBody', () => {
  it.each([
    ['Chorley Borough Council', 'Chorley Council'],
    ['CHORLEY COUNCIL', 'Chorley Council'],
    ['Blackpool Council', 'BLACKPOOL BOROUGH COUNCIL'],
    ['Blackpool Borough Council Trading Standards', 'Blackpool Council'],
    ['Hyndburn Borough Council Environmental Services', 'Hyndburn Council'],
    ['Preston City Council', 'Preston Council'],
    ['West Lancs Borough Council', 'West Lancashire Borough Council'],
    ['Blackburn with Darwen Borough Council', 'Blackburn with Darwen Council'],
    ['London Borough of Merton', 'Merton Council'],
    ['The Chorley Council', 'Chorley Council'],
    ['Chorley Council  &amp; Co', 'Chorley Council'],
  ])('"%s" = "%s"', (a, b) => {
    expect(sameBody(a, b)).toBe(true)
  })
  it.each([
    ['Lancashire County Council', 'Lancashire Fire and Rescue Service'],
    ['Lancashire County Council', 'Lancaster City Council'],
    ['South Ribble Borough Council', 'Ribble Valley Borough Council'],
    ['Blackpool Council', 'Blackpool Coastal Housing'],
    ['', ''],
  ])('"%s" ≠ "%s"', (a, b) => {
    expect(sameBody(a, b)).toBe(false)
  })
  it('keeps county and district apart', () => {
    expect(normaliseBodyName('Lancashire County Council')).toBe('lancashire county council')
    expect(normaliseBodyName('Wyre Borough Council')).toBe('wyre council')
  })
  it.each([
    ['Fylde Borough Council', true],
    ['NHS Blackpool', true],
    ['Blackpool Teaching Hospitals NHS Foundation Trust', true],
    ['Lancashire Fire and Rescue Service', true],
    ['Blackpool Clinical Commissioning Group', true],
    ['Chorley Leisure Ltd', false],
    ['Blackpool Entertainment Company Ltd', false],
    ['Rossendale Leisure Trust', false],
    ['other contracting authorities', false],
    ['Council school kitchens', false],
  ])('isPublicBodyName("%s") is %s', (name, expected) => {
    expect(isPublicBodyName(name)).toBe(expected)
  })
})

describe('joint: evidence that makes a notice joint', () => {
  it('two buyer parties (buyer / procuringEntity) that are distinct public bodies', () => {
    const { procurements } = one({
      title: 'Waste disposal',
      parties: [
        { name: 'Chorley Borough Council', roles: ['buyer'] },
        { name: 'South Ribble Borough Council', roles: ['procuringEntity'] },
        { name: 'Biffa Ltd', roles: ['supplier'] },
      ],
    })
    expect(procurements).toEqual([{
      noticeIds: ['n1'], title: 'Waste disposal', bodies: ['Chorley Borough Council', 'South Ribble Borough Council'],
      evidence: [{ kind: 'buyer-parties', field: 'buyers', quote: 'Chorley Borough Council; South Ribble Borough Council' }],
    }])
  })
  it('two buyer parties that are the same body under two spellings are not joint', () => {
    const { procurements } = one({
      title: 'Waste disposal',
      parties: [{ name: 'Chorley Borough Council', roles: ['buyer'] }, { name: 'CHORLEY COUNCIL', roles: ['procuringEntity'] }],
    })
    expect(procurements).toEqual([])
  })
  it('the same notice id under two publishers is one procurement', () => {
    const copy = { id: 'b8258fbe', title: 'Battery powered machinery', buyer: 'Chorley Council and South Ribble Borough Council' }
    const { procurements } = findJointProcurements([
      { ...copy, publisher: 'Chorley Council' },
      { ...copy, publisher: 'South Ribble Borough Council' },
    ])
    expect(procurements).toHaveLength(1)
    expect(procurements[0]!.bodies).toEqual(['Chorley Council', 'South Ribble Borough Council'])
    expect(procurements[0]!.evidence).toEqual([
      { kind: 'buyer-name', field: 'buyers', quote: 'Chorley Council and South Ribble Borough Council' },
      { kind: 'same-notice-publishers', field: 'publisher', quote: 'published by Chorley Council and South Ribble Borough Council' },
    ])
  })
  it('a buyer name with an HTML entity naming two bodies', () => {
    const { procurements } = one({ buyer: 'Chorley Council  &amp; South Ribble Borough Council', title: 'Janitorial products' })
    expect(procurements[0]?.evidence[0]).toEqual({ kind: 'buyer-name', field: 'buyers', quote: 'Chorley Council & South Ribble Borough Council' })
  })
  it('"on behalf of Chorley Council and South Ribble Borough Council" from one of them', () => {
    const { procurements } = one({
      buyer: 'South Ribble Borough Council',
      description: 'South Ribble Borough Council is inviting quotations on behalf of Chorley Council and South Ribble Borough Council for hybrid mail.',
    })
    expect(procurements[0]?.bodies).toEqual(['South Ribble Borough Council', 'Chorley Council'])
    expect(procurements[0]?.evidence).toEqual([
      { kind: 'on-behalf-of', field: 'description', quote: 'on behalf of Chorley Council and South Ribble Borough Council' },
    ])
  })
  it('"Blackpool Council and Wyre Council" as the subject of the sentence', () => {
    const { procurements } = one({
      buyer: 'Blackpool Council',
      description: 'Blackpool Council and Wyre Council are looking to appoint a single supplier for bulky waste.',
    })
    expect(procurements[0]?.bodies).toEqual(['Blackpool Council', 'Wyre Council'])
    expect(procurements[0]?.evidence[0]).toMatchObject({ kind: 'named-together', field: 'description', quote: 'Blackpool Council and Wyre Council are' })
  })
  it('"jointly with" in the title', () => {
    const { procurements } = one({ buyer: 'Pendle Borough Council', title: 'Car park enforcement, procured jointly with Burnley Borough Council' })
    expect(procurements[0]?.evidence).toEqual([{ kind: 'named-together', field: 'title', quote: 'jointly with Burnley Borough Council' }])
  })
  it('"a shared service with Fylde Borough Council"', () => {
    const { procurements } = one({ buyer: 'Wyre Council', description: 'Building control is a shared service with Fylde Borough Council.' })
    expect(procurements[0]?.bodies).toEqual(['Wyre Council', 'Fylde Borough Council'])
  })
  it('a plural designator is carried back: "Chorley and South Ribble Borough Councils"', () => {
    const { procurements } = one({ buyer: 'Chorley Council', title: 'Janitorial and Sundry Products on behalf of Chorley and South Ribble Borough Councils' })
    expect(procurements[0]?.bodies).toEqual(['Chorley Council', 'South Ribble Borough Council'])
  })
  it('a plural designator before a year: "Study for Blackpool and Wyre Councils 2024"', () => {
    const { procurements } = one({ buyer: 'Wyre Council', description: 'Retail and Commercial Leisure Capacity Study for Blackpool and Wyre Councils 2024' })
    expect(procurements[0]?.bodies).toEqual(['Wyre Council', 'Blackpool Council'])
  })
  it('"across Chorley Council and South Ribble Borough Council" and a past-tense subject list', () => {
    expect(one({ buyer: 'Chorley Council', title: 'A single Active Directory across Chorley Council and South Ribble Borough Council' }).procurements).toHaveLength(1)
    expect(one({ buyer: 'Chorley Council', description: 'Chorley Borough Council and South Ribble Borough Councils invited quotations for valuations.' }).procurements).toHaveLength(1)
  })
  it('a group name with the members it comprises', () => {
    const { procurements } = one({
      buyer: 'South Ribble Borough Council',
      description: 'The Council invites quotations on behalf of the Central Lancashire Authorities comprising Chorley Council, Preston City Council and South Ribble Borough Council.',
    })
    expect(procurements[0]?.bodies).toEqual(['South Ribble Borough Council', 'Chorley Council', 'Preston City Council'])
  })
  it('a council and an NHS body jointly commissioning', () => {
    const { procurements } = one({ buyer: 'Blackpool Council', description: 'Blackpool Council and NHS Blackpool jointly commission a Community Equipment Service.' })
    expect(procurements[0]?.bodies).toEqual(['Blackpool Council', 'NHS Blackpool'])
  })
  it('keeps the public bodies of a list that also names companies', () => {
    const { procurements } = one({
      buyer: 'Blackpool Council',
      description: 'Lift maintenance on behalf of Blackpool Teaching Hospitals NHS Foundation Trust, Blackpool Entertainment Company Ltd and Fylde Borough Council.',
    })
    expect(procurements[0]?.bodies).toEqual(['Blackpool Council', 'Blackpool Teaching Hospitals NHS Foundation Trust', 'Fylde Borough Council'])
  })
  it('a joint further competition under a framework is joint: the framework is how they bought, not who', () => {
    const { procurements, rejections } = one({
      buyer: 'South Ribble Borough Council',
      description: 'A further competition under the YPO Insurance framework to procure cover for South Ribble Borough Council and Chorley Borough Council.',
    })
    expect(procurements[0]?.bodies).toEqual(['South Ribble Borough Council', 'Chorley Borough Council'])
    expect(rejections).toEqual([])
  })
})

describe('joint: not joint, with the reason', () => {
  const cases: { name: string; notice: Omit<JointNoticeInput, 'id'>; reason: NotJointReason; quote: string }[] = [
    {
      name: 'a call-off from the YPO framework',
      notice: { buyer: 'Wyre Council', title: 'Liquid fuels', description: 'Call-off from the YPO framework 0001173 for fuel on behalf of Wyre Council.' },
      reason: 'framework-call-off', quote: 'Call-off from the YPO framework 0001173',
    },
    {
      name: 'via the CCS framework RM6187',
      notice: { buyer: 'Preston City Council', title: 'Management consultancy', description: 'Appointed via the CCS framework RM6187.' },
      reason: 'framework-call-off', quote: 'via the CCS framework RM6187',
    },
    {
      name: 'a dynamic purchasing system',
      notice: { buyer: 'Lancashire County Council', title: 'Passenger transport', description: 'Awarded under the council\'s dynamic purchasing system for home to school transport.' },
      reason: 'dps-call-off', quote: 'dynamic purchasing system',
    },
    {
      name: 'a framework open for use by other authorities',
      notice: {
        buyer: 'Blackburn with Darwen Borough Council', title: 'Milk',
        description: 'The framework is let on behalf of Blackburn with Darwen Borough Council but will also be open for use by all other public sector contracting authorities in the North West.',
      },
      reason: 'open-for-use-clause', quote: 'open for use by all other public sector contracting authorities',
    },
    {
      name: '"other contracting authorities may access" the agreement',
      notice: { buyer: 'Burnley Borough Council', title: 'Vehicle hire', description: 'Other contracting authorities may access this agreement during its term.' },
      reason: 'open-for-use-clause', quote: 'Other contracting authorities may access this agreement',
    },
    {
      name: 'co-funding with a private partner',
      notice: { buyer: 'Burnley Borough Council', title: 'Housing', description: 'The Council is seeking a private sector partner to form a joint venture for new homes.' },
      reason: 'co-funding', quote: 'private sector partner',
    },
    {
      name: 'a project co-funded by a developer',
      notice: { buyer: 'Rossendale Borough Council', title: 'Market hall', description: 'Works to the market hall, co-funded by Acme Developments Ltd.' },
      reason: 'co-funding', quote: 'co-funded by Acme Developments Ltd',
    },
    {
      name: 'one body buying for the shared Revenues and Benefits service it hosts',
      notice: {
        buyer: 'Blackpool Council', title: 'Printing of council tax bills',
        description: 'Blackpool Council hosts a shared Revenues and Benefits Service for Blackpool and Fylde Borough Councils and is looking to appoint a printer.',
      },
      reason: 'shared-service-one-contractor', quote: 'hosts a shared Revenues and Benefits Service',
    },
    {
      name: 'a service for the coroner of an area two councils share',
      notice: { buyer: 'Blackpool Council', title: 'Removal of Dead Bodies on Behalf of HM Coroner Blackpool & Fylde District' },
      reason: 'shared-service-one-contractor', quote: 'on Behalf of HM Coroner Blackpool & Fylde District',
    },
    {
      name: 'a service managed by one council on behalf of two',
      notice: {
        buyer: 'Blackpool Council', title: 'Mayoral chauffeur to the Mayors of Blackpool Council and Fylde Council',
        description: 'The Civic Attendant service is managed on behalf of Blackpool and Fylde Councils by Blackpool Council.',
      },
      reason: 'shared-service-one-contractor', quote: 'managed on behalf of Blackpool and Fylde Councils by Blackpool Council',
    },
    {
      name: 'a council and its own housing company',
      notice: { buyer: 'Blackpool Council', title: 'Water hygiene', description: 'Blackpool Council and Blackpool Coastal Housing are looking to appoint a single supplier.' },
      reason: 'other-party-not-public-body', quote: 'Blackpool Council and Blackpool Coastal Housing are',
    },
    {
      name: 'on behalf of a leisure company',
      notice: { buyer: 'Chorley Council', title: 'Swimming transport', description: 'Quotations are invited on behalf of Chorley Leisure Ltd.' },
      reason: 'other-party-not-public-body', quote: 'on behalf of Chorley Leisure Ltd',
    },
  ]
  for (const c of cases) {
    it(c.name, () => {
      const { procurements, rejections } = one(c.notice)
      expect(procurements).toEqual([])
      expect(rejections).toHaveLength(1)
      expect(rejections[0]!.reason).toBe(c.reason)
      expect(rejections[0]!.quote).toContain(c.quote)
    })
  }
})

describe('joint: tricky wording that names only the buyer', () => {
  it.each([
    ['Tyre supply for South Ribble Borough Council', 'South Ribble Borough Council'],
    ['Supply of fresh meat on behalf of Council school kitchens and care homes', 'Blackpool Council'],
    ['Facilities management on behalf of the Council', 'Burnley Borough Council'],
    ['Provision of Mayoral Chauffeur to the Mayor of Fylde Council', 'Fylde Borough Council'],
    ['Works within the Boundaries of the West Lancashire Borough Council', 'West Lancashire Borough Council'],
    ['Blackpool Council and the Blackpool VCFSE community have seen the value of thriving communities', 'Blackpool Council'],
  ])('"%s" is neither joint nor rejected', (title, buyer) => {
    expect(one({ title, buyer })).toEqual({ procurements: [], rejections: [] })
  })
  it('a list naming the buyer twice under two spellings is not joint', () => {
    const { procurements } = one({ buyer: 'Chorley Council', title: 'Car park works for Chorley Borough Council and Chorley Council' })
    expect(procurements).toEqual([])
  })
  it('"Lancashire County Council and Lancashire Fire and Rescue Service" are two bodies', () => {
    const { procurements } = one({ buyer: 'Lancashire County Council', description: 'Lancashire County Council and Lancashire Fire and Rescue Service are seeking fleet telematics.' })
    expect(procurements[0]?.bodies).toEqual(['Lancashire County Council', 'Lancashire Fire and Rescue Service'])
  })
  it('is order-independent over notices', () => {
    const a = { id: 'a', buyer: 'Wyre Council', title: 'Bins jointly with Fylde Borough Council' }
    const b = { id: 'b', buyer: 'Wyre Council', title: 'Call-off from the ESPO framework 664' }
    const x = findJointProcurements([a, b])
    const y = findJointProcurements([b, a])
    expect(new Set(x.procurements.map((p) => p.noticeIds[0]))).toEqual(new Set(y.procurements.map((p) => p.noticeIds[0])))
    expect(x.rejections.map((r) => r.reason)).toEqual(y.rejections.map((r) => r.reason))
  })
})
