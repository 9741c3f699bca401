/**
 * Suppliers and classification over HTTP (issue 11 parts 2 and 3): codes from the file, learned from the
 * organisation's and partners' coded lines with reasons; withheld names kept out of suppliers but in totals;
 * confirming a code, rules, merge and split, each remembered for later imports; privacy and bad input.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ClassificationRule, ImportJob, OrgSpendDataset, SpendSupplier } from '../../shared/schema/spend-api'
import { startTestServer, type TestAccount, type TestServer } from '../support/start-test-server'

let server: TestServer
let alice: TestAccount
let bob: TestAccount

beforeAll(async () => {
  server = await startTestServer()
  alice = await server.signup('Alice', 'Coded Borough Council')
  bob = await server.signup('Bob', 'Uncoded City Council')
})
afterAll(async () => {
  await server.destroy()
})

const HEADER = 'BeneficiaryName,PaymentDate,Amount,Purpose,OrganisationalUnit,ProclassCode,VATRegistrationNumber'
const csv = (rows: string[]) => new TextEncoder().encode([HEADER, ...rows].join('\r\n') + '\r\n')

async function importFile(who: TestAccount, filename: string, bytes: Uint8Array): Promise<ImportJob> {
  const res = await fetch(`${server.url}/api/orgs/${who.orgId}/spend/files?filename=${encodeURIComponent(filename)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${who.token}`, 'content-type': 'application/octet-stream' },
    body: bytes as Uint8Array<ArrayBuffer>,
  })
  expect(res.status).toBe(202)
  const { importId } = (await res.json()) as { importId: string }
  for (let i = 0; i < 600; i++) {
    const job = (await (await server.api(who.token, 'GET', `/api/spend/imports/${importId}`)).json()) as ImportJob
    if (job.status !== 'queued' && job.status !== 'running') {
      expect(job.status).toBe('done')
      return job
    }
    await new Promise((r) => setTimeout(r, 40))
  }
  throw new Error('import did not finish')
}

async function suppliers(who: TestAccount, orgId = who.orgId): Promise<{ suppliers: SpendSupplier[]; withheld?: { transactions: number; totalPence: number } }> {
  const res = await server.api(who.token, 'GET', `/api/orgs/${orgId}/spend/suppliers`)
  expect(res.status).toBe(200)
  return (await res.json()) as { suppliers: SpendSupplier[]; withheld?: { transactions: number; totalPence: number } }
}
const find = (list: SpendSupplier[], name: RegExp): SpendSupplier => {
  const s = list.find((x) => name.test(x.name))
  if (!s) throw new Error(`no supplier ${name} in ${list.map((x) => x.name).join(', ')}`)
  return s
}

describe('suppliers and classification', () => {
  it('takes codes from the file, keeps withheld names out of suppliers and in totals, and picks the code with most spend', async () => {
    await importFile(
      alice,
      'coded.csv',
      csv([
        'Kids Planet Day Nurseries Ltd,2026-04-02,1000.00,PRIVATE CONTRACTORS,Childrens Services,321115,',
        'KIDS PLANET DAY NURSERIES LIMITED,2026-04-09,500.00,PRIVATE CONTRACTORS,Childrens Services,321115,',
        'Kids Planet Day Nurseries,2026-04-10,20.00,Training,Childrens Services,281000,',
        'Amey LG Ltd,2026-04-03,9000.00,Highways works,Highways,151100,GB111111111',
        'Amey Local Government,2026-04-04,100.00,Highways works,Highways,151100,GB 111 1111 11',
        'Redacted personal data,2026-04-05,250.00,Care,Adults,321000,',
      ]),
    )
    const list = await suppliers(alice)
    expect(list.suppliers).toHaveLength(2)
    const kids = find(list.suppliers, /kids planet/i)
    expect(kids).toMatchObject({ transactions: 3, totalPence: 152_000, proclassCode: '321115', source: 'file', confidence: 1 })
    expect(kids.names).toHaveLength(3)
    // Two names with one VAT number are one supplier, named by the most paid.
    const amey = find(list.suppliers, /amey/i)
    expect(amey).toMatchObject({ name: 'Amey LG Ltd', transactions: 2, totalPence: 910_000, vatNumber: 'GB111111111' })
    expect(list.withheld).toEqual({ transactions: 1, totalPence: 25_000 })
    const d = (await (await server.api(alice.token, 'GET', `/api/orgs/${alice.orgId}/spend`)).json()) as OrgSpendDataset
    expect(d.totalPence).toBe(152_000 + 910_000 + 25_000)
    expect(d.suppliers).toBe(2)
  })

  it('suggests codes for an uncoded body from partners’ lines for the same supplier and says why', async () => {
    await importFile(
      bob,
      'uncoded.csv',
      csv([
        'Kids Planet Day Nurseries Ltd.,2026-04-02,300.00,Private provision,Early Years,,',
        'Little Acorns Nurseries,2026-04-03,80.00,Private provision,Early Years,,',
        'Zzyzx Qwerty,2026-04-04,10.00,,,,',
      ]),
    )
    const list = await suppliers(bob)
    const kids = find(list.suppliers, /kids planet/i)
    expect(kids.proclassCode).toBe('321115')
    expect(kids.source).toBe('learned')
    expect(kids.reason).toBe('coded 321115 in 2 lines of Coded Borough Council for this supplier')
    expect(kids.confidence).toBeGreaterThan(0.4)
    expect(kids.confidence).toBeLessThan(1)
    const unknown = find(list.suppliers, /zzyzx/i)
    expect(unknown).toMatchObject({ proclassCode: null, source: null, confidence: null })
  })

  it('confirms a supplier’s code, re-classifying past lines and lines imported later', async () => {
    const acorns = find((await suppliers(bob)).suppliers, /acorns/i)
    const res = await server.api(bob.token, 'PUT', `/api/orgs/${bob.orgId}/spend/suppliers/${encodeURIComponent(acorns.key)}/code`, { proclassCode: '321115' })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ key: acorns.key, proclassCode: '321115', source: 'confirmed', confidence: 1 })
    await importFile(bob, 'later.csv', csv(['LITTLE ACORNS NURSERIES,2026-05-03,90.00,Other,Finance,,']))
    const again = find((await suppliers(bob)).suppliers, /acorns/i)
    expect(again).toMatchObject({ transactions: 2, totalPence: 17_000, proclassCode: '321115', source: 'confirmed' })
    const lines = (await (await server.api(bob.token, 'GET', `/api/orgs/${bob.orgId}/spend/lines?supplier=${encodeURIComponent(acorns.key)}`)).json()) as { lines: Array<{ source: string }> }
    expect(lines.lines.map((l) => l.source)).toEqual(['confirmed', 'confirmed'])
  })

  it('classifies by a rule on purpose and unit, and lists the rule with what it covers', async () => {
    const res = await server.api(bob.token, 'POST', `/api/orgs/${bob.orgId}/spend/rules`, { purpose: 'private provision', unit: 'EARLY YEARS', proclassCode: '321100' })
    expect(res.status).toBe(201)
    const rule = (await res.json()) as ClassificationRule
    expect(rule).toMatchObject({ purpose: 'private provision', unit: 'EARLY YEARS', proclassCode: '321100', createdBy: 'Bob' })
    // The supplier rule on Little Acorns is more specific than the purpose rule; Kids Planet follows the rule.
    const list = await suppliers(bob)
    expect(find(list.suppliers, /kids planet/i)).toMatchObject({ proclassCode: '321100', source: 'confirmed' })
    expect(find(list.suppliers, /acorns/i).proclassCode).toBe('321115')
    const rules = (await (await server.api(bob.token, 'GET', `/api/orgs/${bob.orgId}/spend/rules`)).json()) as { rules: ClassificationRule[] }
    const listed = rules.rules.find((r) => r.id === rule.id)
    expect(listed).toMatchObject({ transactions: 1, totalPence: 30_000 })
    expect(rules.rules.find((r) => r.supplierKey !== null)).toMatchObject({ proclassCode: '321115', transactions: 2, totalPence: 17_000 })
    expect((await server.api(bob.token, 'DELETE', `/api/orgs/${bob.orgId}/spend/rules/${rule.id}`)).status).toBe(204)
    expect(find((await suppliers(bob)).suppliers, /kids planet/i).source).toBe('learned')
  })

  it('merges two identities and splits them again; the merge is replayed on later imports', async () => {
    const before = (await suppliers(bob)).suppliers
    const kids = find(before, /kids planet/i)
    const zz = find(before, /zzyzx/i)
    const res = await server.api(bob.token, 'POST', `/api/orgs/${bob.orgId}/spend/suppliers/merge`, { keys: [zz.key, kids.key], name: 'Kids Planet (all)' })
    expect(res.status).toBe(200)
    const merged = (await res.json()) as SpendSupplier
    expect(merged).toMatchObject({ key: kids.key, name: 'Kids Planet (all)', transactions: 2, totalPence: 31_000 })
    await importFile(bob, 'more.csv', csv(['ZZYZX QWERTY LTD,2026-05-05,5.00,,,,']))
    expect(find((await suppliers(bob)).suppliers, /kids planet/i)).toMatchObject({ transactions: 3, totalPence: 31_500 })
    const split = await server.api(bob.token, 'POST', `/api/orgs/${bob.orgId}/spend/suppliers/${encodeURIComponent(kids.key)}/split`)
    expect(split.status).toBe(200)
    const parts = ((await split.json()) as { suppliers: SpendSupplier[] }).suppliers
    expect(parts.map((p) => p.transactions).sort()).toEqual([1, 2])
    expect((await server.api(bob.token, 'POST', `/api/orgs/${bob.orgId}/spend/suppliers/${encodeURIComponent(kids.key)}/split`)).status).toBe(409)
  })

  it('splits names joined by a shared VAT number, and keeps them apart on re-import', async () => {
    const amey = find((await suppliers(alice)).suppliers, /amey/i)
    const res = await server.api(alice.token, 'POST', `/api/orgs/${alice.orgId}/spend/suppliers/${encodeURIComponent(amey.key)}/split`)
    expect(res.status).toBe(200)
    expect(((await res.json()) as { suppliers: SpendSupplier[] }).suppliers).toHaveLength(2)
    expect((await suppliers(alice)).suppliers.filter((s) => /amey/i.test(s.name))).toHaveLength(2)
  })

  it('refreshes a partner’s suggestions when coded spend for its suppliers arrives later', async () => {
    await importFile(bob, 'early.csv', csv(['Qorvexa Ltd,2026-04-02,700.00,,,,']))
    expect(find((await suppliers(bob)).suppliers, /qorvexa/i).proclassCode).toBeNull()
    await importFile(alice, 'lifts.csv', csv(['QORVEXA LIMITED,2026-04-02,900.00,Lift maintenance,Facilities,191400,']))
    let lifts: SpendSupplier | undefined
    for (let i = 0; i < 200 && lifts?.proclassCode !== '191400'; i++) {
      await new Promise((r) => setTimeout(r, 50))
      lifts = find((await suppliers(bob)).suppliers, /qorvexa/i)
    }
    expect(lifts).toMatchObject({ proclassCode: '191400', source: 'learned', reason: 'coded 191400 in 1 line of Coded Borough Council for this supplier' })
  })

  it('answers 404 to other organisations on every route, and refuses bad input with nothing changed', async () => {
    const kids = find((await suppliers(alice)).suppliers, /kids planet/i)
    const enc = encodeURIComponent(kids.key)
    for (const [method, path, body] of [
      ['GET', `/api/orgs/${alice.orgId}/spend/suppliers`, undefined],
      ['PUT', `/api/orgs/${alice.orgId}/spend/suppliers/${enc}/code`, { proclassCode: '100000' }],
      ['GET', `/api/orgs/${alice.orgId}/spend/rules`, undefined],
      ['POST', `/api/orgs/${alice.orgId}/spend/rules`, { purpose: 'x', proclassCode: '100000' }],
      ['POST', `/api/orgs/${alice.orgId}/spend/suppliers/merge`, { keys: [kids.key, 'n:x'] }],
      ['POST', `/api/orgs/${alice.orgId}/spend/suppliers/${enc}/split`, undefined],
    ] as const) {
      const res = await server.api(bob.token, method, path, body)
      expect(res.status, `${method} ${path}`).toBe(404)
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found')
    }
    const put = (body: unknown, key = enc) => server.api(alice.token, 'PUT', `/api/orgs/${alice.orgId}/spend/suppliers/${key}/code`, body)
    expect((await put({ proclassCode: '999999' })).status).toBe(422)
    expect((await put({ proclassCode: '12' })).status).toBe(400)
    expect((await put({})).status).toBe(400)
    expect((await put({ proclassCode: '100000' }, 'n%3Anobody')).status).toBe(404)
    expect((await server.api(alice.token, 'POST', `/api/orgs/${alice.orgId}/spend/rules`, { proclassCode: '100000' })).status).toBe(400)
    expect((await server.api(alice.token, 'POST', `/api/orgs/${alice.orgId}/spend/suppliers/merge`, { keys: [kids.key, kids.key] })).status).toBe(422)
    expect(find((await suppliers(alice)).suppliers, /kids planet/i)).toMatchObject({ proclassCode: '321115', source: 'file' })
  })
})
