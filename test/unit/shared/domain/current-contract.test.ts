/** One contract model (issue 10 A6): the current contract, its shortcut id, and a legacy date read as a contract. */
import { describe, expect, it } from 'vitest'
import { contractFromEntryEnd, currentContractId, pickCurrentContract } from '../../../../shared/domain/current-contract.ts'
import type { IsoDate } from '../../../../shared/domain/dates.ts'
import { ContractIdSchema } from '../../../../shared/domain/ids.ts'
import type { CategoryId, ContractId, OrgId } from '../../../../shared/domain/ids.ts'

const TODAY = '2025-06-01' as IsoDate
const k = (id: string, end: string, categoryId = 'tyres') => ({ id: id as ContractId, end: end as IsoDate, categoryId: categoryId as CategoryId })

describe('pickCurrentContract', () => {
  it('is the contract ending first on or after today, in this category only', () => {
    const contracts = [k('a', '2027-01-31'), k('b', '2026-03-31'), k('c', '2024-12-31'), k('d', '2025-07-01', 'fuel')]
    expect(pickCurrentContract(contracts, 'tyres', TODAY)?.id).toBe('b')
    expect(pickCurrentContract(contracts, 'fuel', TODAY)?.id).toBe('d')
  })
  it('ends today still counts as current', () => {
    expect(pickCurrentContract([k('a', '2025-06-01'), k('b', '2026-01-01')], 'tyres', TODAY)?.id).toBe('a')
  })
  it('when all have ended, is the one that ended last (an overdue renewal still shows)', () => {
    expect(pickCurrentContract([k('a', '2023-01-31'), k('b', '2024-12-31')], 'tyres', TODAY)?.id).toBe('b')
  })
  it('is null without contracts in the category', () => {
    expect(pickCurrentContract([k('a', '2026-01-01', 'fuel')], 'tyres', TODAY)).toBeNull()
  })
})

describe('currentContractId', () => {
  const long = 'c'.repeat(64)
  it('is a valid contract id, the same every time, and different per organisation and category', () => {
    const ids = [currentContractId('police' as OrgId, 'tyres' as CategoryId), currentContractId('fire' as OrgId, 'tyres' as CategoryId), currentContractId('police' as OrgId, 'fuel' as CategoryId), currentContractId('police' as OrgId, long as CategoryId)]
    for (const id of ids) expect(ContractIdSchema.safeParse(id).success).toBe(true)
    expect(new Set(ids).size).toBe(4)
    expect(currentContractId('police' as OrgId, 'tyres' as CategoryId)).toBe(ids[0])
  })
})

describe('contractFromEntryEnd', () => {
  const org = 'police' as OrgId
  const cat = 'tyres' as CategoryId
  it('reads a legacy "current contract ends" date as a derived contract', () => {
    expect(contractFromEntryEnd(org, cat, { contractEnd: '2026-03-31' as IsoDate }, [])).toEqual({
      id: currentContractId(org, cat),
      orgId: org,
      categoryId: cat,
      supplier: '',
      end: '2026-03-31',
      extensionOptions: [],
      isDerived: true,
    })
  })
  it('derives nothing without a date, when a contract already ends that day, or once the shortcut record exists', () => {
    expect(contractFromEntryEnd(org, cat, {}, [])).toBeNull()
    expect(contractFromEntryEnd(org, cat, { contractEnd: '2026-03-31' as IsoDate }, [k('x', '2026-03-31')])).toBeNull()
    expect(contractFromEntryEnd(org, cat, { contractEnd: '2026-03-31' as IsoDate }, [k(currentContractId(org, cat), '2027-01-01')])).toBeNull()
  })
  it('a contract ending the same day in another category does not count', () => {
    expect(contractFromEntryEnd(org, cat, { contractEnd: '2026-03-31' as IsoDate }, [k('x', '2026-03-31', 'fuel')])?.isDerived).toBe(true)
  })
})
