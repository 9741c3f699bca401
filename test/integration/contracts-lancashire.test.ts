/**
 * The fifteen Lancashire councils each import their own Contracts Finder extract (../shared/data/contracts; skipped
 * when that folder is absent): every import finishes, every council has contracts, and the one notice both Chorley
 * and South Ribble published is one joint procurement of both.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ContractImportJobSchema, ContractListSchema, JointListSchema } from '../../shared/schema/contracts-api'
import { startTestServer, type TestAccount, type TestServer } from '../support/start-test-server'

const DIR = join(import.meta.dirname, '../../../shared/data/contracts/lancashire-contracts-finder')
const COUNCILS: ReadonlyArray<[file: string, name: string]> = [
  ['blackburn', 'Blackburn with Darwen Borough Council'], ['blackpool', 'Blackpool Council'], ['burnley', 'Burnley Borough Council'],
  ['chorley', 'Chorley Council'], ['fylde', 'Fylde Borough Council'], ['hyndburn', 'Hyndburn Borough Council'],
  ['lancashire_cc', 'Lancashire County Council'], ['lancaster', 'Lancaster City Council'], ['pendle', 'Pendle Borough Council'],
  ['preston', 'Preston City Council'], ['ribble_valley', 'Ribble Valley Borough Council'], ['rossendale', 'Rossendale Borough Council'],
  ['south_ribble', 'South Ribble Borough Council'], ['west_lancashire', 'West Lancashire Borough Council'], ['wyre', 'Wyre Council'],
]
const SHARED = 'b8258fbe-c110-466d-8db4-f7f70d7acc9c'

describe.skipIf(!existsSync(DIR))('fifteen Lancashire councils import their notices', () => {
  let server: TestServer
  const accounts = new Map<string, TestAccount>()

  beforeAll(async () => {
    server = await startTestServer()
    for (const [file, name] of COUNCILS) accounts.set(file, await server.signup(`Buyer ${file}`, name))
  })
  afterAll(async () => {
    await server.destroy()
  })

  it('imports every file, each to done with its notices', async () => {
    const started = Date.now()
    const ids: Array<[string, string]> = []
    for (const [file] of COUNCILS) {
      const who = accounts.get(file)!
      const res = await fetch(`${server.url}/api/orgs/${who.orgId}/contracts/files?filename=${file}.json`, {
        method: 'POST',
        headers: { authorization: `Bearer ${who.token}`, 'content-type': 'application/octet-stream' },
        body: new Uint8Array(readFileSync(join(DIR, `${file}.json`))),
      })
      expect(res.status).toBe(202)
      ids.push([file, ((await res.json()) as { importId: string }).importId])
    }
    for (const [file, importId] of ids) {
      const who = accounts.get(file)!
      for (;;) {
        const job = ContractImportJobSchema.parse(await (await server.api(who.token, 'GET', `/api/contracts/imports/${importId}`)).json())
        if (job.status === 'queued' || job.status === 'running') {
          await new Promise((r) => setTimeout(r, 50))
          continue
        }
        expect(job.status, `${file}: ${job.error?.message ?? ''}`).toBe('done')
        const total = (JSON.parse(readFileSync(join(DIR, `${file}.json`), 'utf8')) as { contracts: unknown[] }).contracts.length
        expect(job.result!.notices + job.result!.errors.length).toBe(total)
        break
      }
    }
    expect(Date.now() - started).toBeLessThan(60_000)
  })

  it('gives every council with awards its contracts, each with an end or the reason there is none', async () => {
    const viewer = accounts.get('pendle')!
    for (const [file] of COUNCILS) {
      const res = await server.api(viewer.token, 'GET', `/api/orgs/${accounts.get(file)!.orgId}/contracts`)
      const { contracts } = ContractListSchema.parse(await res.json())
      // Ribble Valley's notices name no awarded supplier: notices, but no contracts.
      const entries = (JSON.parse(readFileSync(join(DIR, `${file}.json`), 'utf8')) as { contracts: Array<{ awarded_supplier: string | null }> }).contracts
      if (entries.some((e) => (e.awarded_supplier ?? '').trim() !== '')) expect(contracts.length, file).toBeGreaterThan(0)
      else expect(contracts, file).toEqual([])
      for (const c of contracts) {
        if (c.end === null) expect(c.endBasis.kind).toBe('unknown')
        else expect(c.endBasis.quote).not.toBe('')
      }
    }
  })

  it('finds the notice Chorley and South Ribble both published as one joint procurement of both', async () => {
    const { procurements } = JointListSchema.parse(await (await server.api(accounts.get('wyre')!.token, 'GET', '/api/contracts/joint')).json())
    const shared = procurements.filter((p) => p.noticeIds.includes(SHARED))
    expect(shared).toHaveLength(1)
    expect(shared[0]!.bodyOrgIds).toEqual(expect.arrayContaining([accounts.get('chorley')!.orgId, accounts.get('south_ribble')!.orgId]))
    for (const p of procurements) {
      expect(p.bodies.length).toBeGreaterThanOrEqual(2)
      expect(p.evidence.length).toBeGreaterThan(0)
    }
  })
})
