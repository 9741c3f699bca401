/**
 * Linking imported contracts to a board's categories, on worked examples: a waste board with "Waste collection"
 * (CPV 90500000, ProClass 180000), "Grounds maintenance" (ProClass 241000 only, no CPV codes) and "Street lighting"
 * (CPV 45316100 and 50232100). Suppliers in the bodies' spend data per category are given as keys.
 */
import { describe, expect, it } from 'vitest'
import { cpvIsUnder, cpvStem, linkContractsToCategories, linkReason } from '../../../../shared/contracts/link-category.ts'
import type { CategorySuppliers, LinkableCategory, LinkableContract } from '../../../../shared/contracts/link-category.ts'
import { autoSupplierKey } from '../../../../shared/spend/supplier-key.ts'

const WASTE: LinkableCategory = { id: 'waste', cpvCodes: ['90500000'], spendCodes: ['180000'] }
const GROUNDS: LinkableCategory = { id: 'grounds', cpvCodes: [], spendCodes: ['241000'] }
const LIGHTING: LinkableCategory = { id: 'lighting', cpvCodes: ['45316100', '50232100'], spendCodes: [] }
const BOARD = [WASTE, GROUNDS, LIGHTING]

const contract = (id: string, orgId: string, supplier: string, cpvCodes: string[], proclassCode = ''): LinkableContract => ({ id, orgId, supplier, cpvCodes, proclassCode })

/** Chorley's grounds spend names idverde; Preston's waste spend names Veolia. */
const SUPPLIERS: CategorySuppliers = new Map([
  ['grounds', new Map([['chorley', new Set([autoSupplierKey('IDVERDE LIMITED')])]])],
  ['waste', new Map([['preston', new Set([autoSupplierKey('Veolia ES (UK) Limited')])]])],
])

describe('cpvStem / cpvIsUnder', () => {
  it.each([
    ['90500000', '905'],
    ['90510000', '9051'],
    ['45316100', '453161'],
    ['03000000', '03'],
    ['90000000', '90'],
  ])('stem of %s is %s', (code, stem) => {
    expect(cpvStem(code)).toBe(stem)
  })
  it.each([
    ['90511000', '90500000', true],
    ['90500000', '90500000', true],
    ['90533000', '90500000', true],
    ['90600000', '90500000', false],
    ['90500000', '90510000', false],
    ['45316110', '45316100', true],
    ['45316000', '45316100', false],
    ['03111000', '03000000', true],
    ['30111000', '03000000', false],
    ['9051100', '90500000', false],
  ])('%s under %s: %s', (code, category, expected) => {
    expect(cpvIsUnder(code, category)).toBe(expected)
  })
})

describe('linkReason', () => {
  it('links by CPV at the category level and says which codes', () => {
    const reason = linkReason(WASTE, contract('k1', 'preston', 'Veolia ES (UK) Ltd', ['90511000']))
    expect(reason).toEqual({ kind: 'cpv', contractCode: '90511000', categoryCode: '90500000', text: "CPV 90511000 is under the category's 90500000" })
  })

  it('says when the code is the category code itself, and tries every code of the contract', () => {
    expect(linkReason(LIGHTING, contract('k2', 'chorley', 'Electricity North West', ['31520000', '50232100']))?.text).toBe("CPV 50232100 is the category's CPV code")
  })

  it('does not link a code broader than the category', () => {
    expect(linkReason(LIGHTING, contract('k3', 'chorley', 'Any Ltd', ['45316000']))).toBeNull()
  })

  it("links by the contract's own ProClass code under the category's spend codes", () => {
    expect(linkReason(GROUNDS, contract('k4', 'chorley', 'Any Ltd', [], '241000'))).toEqual({ kind: 'proclass', contractCode: '241000', categoryCode: '241000', text: "ProClass 241000 is the category's ProClass code" })
    expect(linkReason({ id: 'g', cpvCodes: [], spendCodes: ['24'] }, contract('k4', 'chorley', 'Any Ltd', [], '241200'))?.text).toBe("ProClass 241200 is under the category's 24")
    expect(linkReason(GROUNDS, contract('k4', 'chorley', 'Any Ltd', [], '180000'))).toBeNull()
  })

  it("links by supplier when the body's spend in the category names it and the category has no CPV codes", () => {
    const reason = linkReason(GROUNDS, contract('k5', 'chorley', 'idverde Ltd', ['77313000']), SUPPLIERS)
    expect(reason).toEqual({ kind: 'supplier', supplier: 'idverde Ltd', supplierKey: autoSupplierKey('idverde Ltd'), text: "supplier idverde Ltd is in this category's spend" })
  })

  it("uses the contract's own body's spend only", () => {
    expect(linkReason(GROUNDS, contract('k6', 'preston', 'idverde Ltd', []), SUPPLIERS)).toBeNull()
  })

  it('links by supplier a contract without CPV codes even when the category lists some', () => {
    expect(linkReason(WASTE, contract('k7', 'preston', 'VEOLIA ES (UK) LTD', []), SUPPLIERS)?.kind).toBe('supplier')
  })

  it('does not link by supplier when both give CPV codes and they disagree', () => {
    expect(linkReason(WASTE, contract('k8', 'preston', 'Veolia ES (UK) Ltd', ['77310000']), SUPPLIERS)).toBeNull()
  })

  it('never links withheld supplier names', () => {
    const withheld: CategorySuppliers = new Map([['grounds', new Map([['chorley', new Set([''])]])]])
    expect(linkReason(GROUNDS, contract('k9', 'chorley', 'Redacted personal data', []), withheld)).toBeNull()
  })
})

describe('linkContractsToCategories', () => {
  const contracts = [
    contract('c-waste', 'preston', 'Veolia ES (UK) Ltd', ['90511000']),
    contract('c-grounds', 'chorley', 'idverde Ltd', []),
    contract('c-lamps', 'chorley', 'Electricity North West', ['50232100']),
    contract('c-veolia-nocpv', 'preston', 'Veolia ES (UK) Limited', []),
    contract('c-stationery', 'chorley', 'Office Ltd', ['30192000']),
  ]

  it('gives each category its contracts with reasons, and leaves unrelated ones out', () => {
    const links = linkContractsToCategories(BOARD, contracts, SUPPLIERS)
    expect([...links.keys()]).toEqual(['waste', 'grounds', 'lighting'])
    expect(links.get('waste')?.map((l) => [l.contract.id, l.reason.kind])).toEqual([
      ['c-veolia-nocpv', 'supplier'],
      ['c-waste', 'cpv'],
    ])
    expect(links.get('grounds')?.map((l) => [l.contract.id, l.reason.text])).toEqual([['c-grounds', "supplier idverde Ltd is in this category's spend"]])
    expect(links.get('lighting')?.map((l) => l.contract.id)).toEqual(['c-lamps'])
  })

  it('does not also take a contract by supplier into another category when some category takes it by code', () => {
    // Veolia's waste contract (CPV 90511000) would match Grounds by supplier if Chorley's grounds spend named Veolia.
    const suppliers: CategorySuppliers = new Map([['grounds', new Map([['preston', new Set([autoSupplierKey('Veolia ES (UK) Ltd')])]])]])
    const links = linkContractsToCategories(BOARD, [contract('c-waste', 'preston', 'Veolia ES (UK) Ltd', ['90511000'])], suppliers)
    expect(links.get('waste')?.map((l) => l.contract.id)).toEqual(['c-waste'])
    expect(links.get('grounds')).toEqual([])
  })

  it('puts a contract in every category whose codes take it', () => {
    const both = [WASTE, { id: 'refuse', cpvCodes: ['90510000'], spendCodes: [] }]
    const links = linkContractsToCategories(both, [contract('c-waste', 'preston', 'Veolia ES (UK) Ltd', ['90511000'])])
    expect(links.get('waste')?.length).toBe(1)
    expect(links.get('refuse')?.[0]?.reason.text).toBe("CPV 90511000 is under the category's 90510000")
  })
})
