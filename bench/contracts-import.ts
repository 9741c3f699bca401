/**
 * Scenario `contracts-import` (Pooled only; issue 12, "Done when": fifteen councils' published notices loaded in a
 * few minutes). The real server runs as a child process on loopback with a temp DATA_DIR (bench/targets/pooled.ts).
 *
 *   npm run bench -- --only=contracts-import --targets=pooled
 *
 * Fifteen organisations sign up, named as the buyers in their files, and each uploads its own Contracts Finder extract
 * from ../shared/data/contracts/lancashire-contracts-finder (CONTRACTS_DATA_DIR overrides), one after another and then
 * all at once. Each import is timed from the start of its upload until GET /api/contracts/imports/:id says done;
 * then the shared views are timed as a person opens them: joint procurements, the opportunity finder (pairs) and the
 * forward plan. Also the server's peak RSS. Skipped when the data is absent. Figures are for one machine only.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { basename, join, resolve } from 'node:path'
import type { ContractImportJob } from '../shared/schema/contracts-api'
import type { BenchConfig } from './lib/config'
import { rssBytes, startRssPeak } from './lib/proc'
import { sleep } from './lib/wait'
import { HOST } from './targets/server-process'
import type { Target } from './targets/types'

/** Where the published extract is (one file per council). */
export const CONTRACTS_DATA_DIR = resolve(process.env.CONTRACTS_DATA_DIR ?? '../shared/data/contracts/lancashire-contracts-finder')

export interface ContractsImportRun {
  file: string
  org: string
  bytes: number
  notices: number
  contracts: number
  totalMs: number
}

export interface ContractsImportResult {
  skipped?: string
  /** One council at a time. */
  sequential: ContractsImportRun[]
  sequentialTotalMs: number
  /** The same fifteen files uploaded again by fifteen fresh organisations, all at once (notices already known). */
  concurrentTotalMs: number
  /** Time to answer each shared view once every file is in (ms; first request, then the median of five more). */
  views: Record<string, { firstMs: number; medianMs: number; items: number }>
  noticesRead: number
  jointProcurements: number
  pairs: number
  rssBeforeBytes: number
  rssPeakBytes: number
  loadAvg1: number
}

/** The buyer name a file uses most often: the council it belongs to. */
function councilName(path: string): string {
  const data = JSON.parse(readFileSync(path, 'utf8')) as { contracts?: { organisation?: string }[] }
  const counts = new Map<string, number>()
  for (const c of data.contracts ?? []) if (c.organisation) counts.set(c.organisation, (counts.get(c.organisation) ?? 0) + 1)
  const name = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? basename(path, '.json')
  // Published in capitals by some councils: a person would type it in title case.
  return name === name.toUpperCase() ? name.toLowerCase().replace(/\b\w/g, (ch) => ch.toUpperCase()) : name
}

async function signUp(base: string, n: number, orgName: string): Promise<{ token: string; orgId: string }> {
  const res = await fetch(`${base}/api/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      name: `Contracts Lead ${n}`,
      email: `contracts.lead.${n}@pooled.invalid`,
      password: 'bench-password-0123',
      organisation: { name: orgName, shortName: `C${n}`, colour: '#1f77b4' },
    }),
  })
  if (res.status !== 201) throw new Error(`sign-up of ${orgName} failed: ${res.status} ${await res.text()}`)
  const body = (await res.json()) as { token: string; user: { orgId: string } }
  return { token: body.token, orgId: body.user.orgId }
}

async function importFile(base: string, who: { token: string; orgId: string }, path: string): Promise<{ notices: number; contracts: number; ms: number }> {
  const auth = { authorization: `Bearer ${who.token}` }
  const t0 = performance.now()
  const res = await fetch(`${base}/api/orgs/${who.orgId}/contracts/files?filename=${encodeURIComponent(basename(path))}`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/octet-stream' },
    body: new Uint8Array(readFileSync(path)),
  })
  if (res.status !== 202) throw new Error(`upload of ${basename(path)}: ${res.status} ${await res.text()}`)
  const { importId } = (await res.json()) as { importId: string }
  for (;;) {
    const r = await fetch(`${base}/api/contracts/imports/${importId}`, { headers: auth })
    if (r.status !== 200) throw new Error(`GET /api/contracts/imports/${importId}: ${r.status} ${await r.text()}`)
    const job = (await r.json()) as ContractImportJob
    if (job.status === 'done' && job.result) return { notices: job.result.notices, contracts: job.result.contracts, ms: performance.now() - t0 }
    if (job.status !== 'queued' && job.status !== 'running') throw new Error(`import of ${basename(path)}: ${job.status} ${JSON.stringify(job.error ?? {})}`)
    if (performance.now() - t0 > 5 * 60_000) throw new Error(`import of ${basename(path)} still ${job.status} after 5 minutes`)
    await sleep(20)
  }
}

async function timeView(base: string, token: string, path: string, count: (body: unknown) => number) {
  const get = async () => {
    const t0 = performance.now()
    const r = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } })
    if (r.status !== 200) throw new Error(`GET ${path}: ${r.status} ${await r.text()}`)
    const body: unknown = await r.json()
    return { ms: performance.now() - t0, body }
  }
  const first = await get()
  const rest: number[] = []
  for (let i = 0; i < 5; i++) rest.push((await get()).ms)
  rest.sort((a, b) => a - b)
  return { firstMs: first.ms, medianMs: rest[2] ?? first.ms, items: count(first.body) }
}

export async function runContractsImport(target: Target, _cfg: BenchConfig): Promise<ContractsImportResult> {
  const empty = { sequential: [], sequentialTotalMs: 0, concurrentTotalMs: 0, views: {}, noticesRead: 0, jointProcurements: 0, pairs: 0, rssBeforeBytes: 0, rssPeakBytes: 0, loadAvg1: loadavg()[0] ?? 0 }
  if (!existsSync(CONTRACTS_DATA_DIR)) return { ...empty, skipped: `${CONTRACTS_DATA_DIR} is absent` }
  const files = readdirSync(CONTRACTS_DATA_DIR).filter((f) => f.endsWith('.json')).sort().map((f) => join(CONTRACTS_DATA_DIR, f))
  const base = `http://${HOST}:${target.port}`
  const rssBefore = rssBytes(target.pid)
  const rss = startRssPeak(target.pid, 100)
  const loadAvg1 = loadavg()[0] ?? 0
  const people: { token: string; orgId: string }[] = []
  for (const [i, f] of files.entries()) people.push(await signUp(base, i, councilName(f)))

  const sequential: ContractsImportRun[] = []
  const t0 = performance.now()
  for (const [i, f] of files.entries()) {
    const who = people[i]
    if (!who) continue
    const r = await importFile(base, who, f)
    sequential.push({ file: basename(f), org: councilName(f), bytes: readFileSync(f).length, notices: r.notices, contracts: r.contracts, totalMs: r.ms })
  }
  const sequentialTotalMs = performance.now() - t0

  const views = {
    joint: await timeView(base, people[0]?.token ?? '', '/api/contracts/joint', (b) => (b as { procurements: unknown[] }).procurements.length),
    pairs: await timeView(base, people[0]?.token ?? '', '/api/collaboration/pairs?windowMonths=18', (b) => (b as { pairs: unknown[] }).pairs.length),
    forwardPlan: await timeView(base, people[0]?.token ?? '', '/api/contracts/forward-plan?months=36', (b) => (b as { rows: unknown[] }).rows.length),
    orgContracts: await timeView(base, people[0]?.token ?? '', `/api/orgs/${people[0]?.orgId ?? ''}/contracts`, (b) => (b as { contracts: unknown[] }).contracts.length),
  }

  // The same files again, by fifteen more organisations at once: every notice is already known.
  const more: { token: string; orgId: string }[] = []
  for (const [i, f] of files.entries()) more.push(await signUp(base, 100 + i, `${councilName(f)} (second copy)`))
  const t1 = performance.now()
  await Promise.all(files.map((f, i) => importFile(base, more[i] ?? { token: '', orgId: '' }, f)))
  const concurrentTotalMs = performance.now() - t1
  const rssPeak = rss.stop()

  return {
    sequential,
    sequentialTotalMs,
    concurrentTotalMs,
    views,
    noticesRead: sequential.reduce((a, r) => a + r.notices, 0),
    jointProcurements: views.joint.items,
    pairs: views.pairs.items,
    rssBeforeBytes: rssBefore,
    rssPeakBytes: rssPeak,
    loadAvg1,
  }
}
