/**
 * Who sees which contracts, whose contract each is, and which procurements were joint. Published notices and
 * registers are public data: every signed-in person sees every contract, except those an importing organisation
 * marked confidential, which only members of the organisations that imported them see (they are left out for
 * everyone else, not masked).
 *
 * Everything derived (buyer matches, joint detection, rows) is built once per data version and organisation list
 * (a snapshot), then filtered per caller; any import, removal, match decision or confidential mark bumps the version.
 */
import { findJointProcurements, type JointNoticeInput, type JointProcurement } from '../../shared/contracts/joint.ts'
import { buyerKey, buyerStatusFor, resolveBuyer, splitBuyerNames, type BuyerDecision, type BuyerResolution, type MatchableOrg } from '../../shared/contracts/buyer-match.ts'
import { normaliseBodyName } from '../../shared/contracts/public-body-name.ts'
import type { NoticeParty } from '../../shared/contracts/model.ts'
import type { ContractRow } from '../../shared/schema/contracts-api.ts'
import type { z } from 'zod'
import type { BuyerMatchSchema, JointProcurementSchema } from '../../shared/schema/contracts-api.ts'
import type { Storage } from '../storage/types.ts'
import { bumpContractsVersion, contractsVersion, type ContractsDb } from './contracts-db.ts'

export type JointProcurementRow = z.infer<typeof JointProcurementSchema>
export type BuyerMatchRow = z.infer<typeof BuyerMatchSchema>

/**
 * A contract as the planning views need it: the REST row plus the Pooled organisations it belongs to.
 * - `buyerOrgIds`: organisations its buyers (and, for a joint procurement, every body in it) are matched to, confirmed
 *   or suggested and not rejected.
 * - `importerOrgIds`: organisations that imported it (any file).
 * - `orgIds`: `buyerOrgIds` plus the importers whose own publication it is (their extract or register, or a national
 *   feed's notice whose buyer is them) — whose contract it is. An organisation that imported a national feed does not
 *   own the other bodies' contracts in it.
 */
export interface VisibleContract extends ContractRow {
  readonly orgIds: readonly string[]
  readonly buyerOrgIds: readonly string[]
  readonly importerOrgIds: readonly string[]
}

type AccountsForContracts = Pick<Storage['accounts'], 'listOrgs' | 'getUser' | 'getOrg'>

interface NoticeDbRow {
  id: string
  title: string
  description: string
  buyer: string
  parties_json: string
  url: string
  stage: string
  status: string
  published_date: string | null
  deadline_date: string | null
  award_date: string | null
  start_date: string | null
  end_date: string | null
  value_pence: number | null
  cpv_json: string
}

/**
 * A published notice with the organisations it belongs to (for planned procurements in the forward plan). Notices
 * are published data: every signed-in person sees every notice.
 */
export interface VisibleNotice {
  readonly id: string
  readonly title: string
  readonly description: string
  /** Buyer names as published, joint bodies included. */
  readonly buyers: readonly string[]
  readonly buyerOrgIds: readonly string[]
  readonly importerOrgIds: readonly string[]
  /** As {@link VisibleContract.orgIds}. */
  readonly orgIds: readonly string[]
  /** 'planning' | 'tender' | 'award' | 'contract' … as published, lower case. */
  readonly stage: string
  readonly status: string
  readonly publishedDate: string | null
  readonly deadlineDate: string | null
  readonly awardDate: string | null
  readonly startDate: string | null
  readonly endDate: string | null
  readonly valuePence: number | null
  readonly cpvCodes: readonly string[]
  readonly url: string
  readonly isJoint: boolean
  /** Contracts stored under this notice. */
  readonly contractIds: readonly string[]
}

interface ContractDbRow {
  id: string
  org_id: string
  file_id: string
  filename: string
  notice_id: string | null
  reference: string
  title: string
  supplier: string
  buyer: string
  value_pence: number | null
  start: string | null
  end: string | null
  end_is_estimated: number
  end_basis_kind: 'stated' | 'wording' | 'cpv-typical' | 'unknown'
  end_basis_quote: string
  end_with_extensions: string | null
  cpv_json: string
  confidential: number
  place: string
}

interface BuyerName {
  buyer: string
  records: Set<string>
  /** Organisations whose files carry the name. */
  importers: Set<string>
}

interface Snapshot {
  readonly key: string
  readonly contracts: readonly VisibleContract[]
  readonly notices: readonly VisibleNotice[]
  readonly joint: readonly JointProcurementRow[]
  /** Every buyer name (by buyerKey) in notices and contracts, with the records naming it (confidential contracts apart). */
  readonly buyerNames: ReadonlyMap<string, BuyerName>
  readonly confidentialBuyerNames: ReadonlyMap<string, BuyerName>
  readonly orgs: readonly MatchableOrg[]
  readonly decisions: readonly BuyerDecision[]
}

const buyerRoles = (p: NoticeParty) => p.roles.includes('buyer') || p.roles.includes('procuringEntity')

/** Memoises a pure function of a string (names repeat across thousands of notices). */
function memo<T>(fn: (s: string) => T): (s: string) => T {
  const cache = new Map<string, T>()
  return (s) => {
    let v = cache.get(s)
    if (v === undefined) {
      v = fn(s)
      if (cache.size >= 50_000) cache.clear()
      cache.set(s, v)
    }
    return v
  }
}
const bodyKey = memo((name: string) => normaliseBodyName(name) || buyerKey(name))
const splitBuyers = memo(splitBuyerNames)

/** Distinct bodies by {@link normaliseBodyName} (or the written key), first spelling kept. */
function distinctNames(names: Iterable<string>): string[] {
  const seen = new Map<string, string>()
  for (const n of names) {
    const t = n.trim()
    if (t === '') continue
    const key = bodyKey(t)
    if (!seen.has(key)) seen.set(key, t)
  }
  return [...seen.values()]
}

function compareByEnd(a: ContractRow, b: ContractRow): number {
  if (a.end !== b.end) {
    if (a.end === null) return 1
    if (b.end === null) return -1
    return a.end < b.end ? -1 : 1
  }
  return a.title.localeCompare(b.title) || a.id.localeCompare(b.id)
}

export class ContractsService {
  private snapshot: Snapshot | null = null
  /** Joint judgement per notice id, with the inputs it was made on (JSON), reused across snapshots. */
  private jointByNotice = new Map<string, { input: string; joint: JointProcurement | null }>()

  constructor(private readonly deps: { readonly db: ContractsDb; readonly accounts: AccountsForContracts }) {}

  /** Drop derived views (after an import finished elsewhere; the version already tells, this is belt and braces). */
  invalidate(): void {
    this.snapshot = null
  }

  /** Every contract the person may see, with the organisations each belongs to, sorted by end. Empty for unknown people. */
  async listVisibleContracts(userId: string): Promise<VisibleContract[]> {
    const user = await this.deps.accounts.getUser(userId)
    if (!user || !user.isActive) return []
    const snap = await this.current()
    return snap.contracts.filter((c) => this.canSee(c, user.orgId))
  }

  /** Every notice (published data, the same for every signed-in person), with the organisations each belongs to. */
  async listNotices(): Promise<VisibleNotice[]> {
    return [...(await this.current()).notices]
  }

  /** The contracts of an organisation (imported by it, or bought by it by buyer match) that `viewerOrgId` may see. */
  async listOrgContracts(viewerOrgId: string, orgId: string): Promise<VisibleContract[]> {
    const snap = await this.current()
    return snap.contracts.filter((c) => (c.importerOrgIds.includes(orgId) || c.buyerOrgIds.includes(orgId)) && this.canSee(c, viewerOrgId))
  }

  /** Joint procurements among all imported notices (notices are published data: the same for every signed-in person). */
  async listJoint(): Promise<JointProcurementRow[]> {
    return [...(await this.current()).joint]
  }

  /**
   * Marks a contract confidential or public. Only an organisation that imported the contract may ('not-found'
   * otherwise, so the route answers 404), and a mark is lifted only by the organisation that set it
   * ('marked-by-another').
   */
  setConfidential(orgId: string, contractId: string, confidential: boolean): 'ok' | 'not-found' | 'marked-by-another' {
    const { db } = this.deps
    return db.transaction(() => {
      const imported = db.prepare('SELECT 1 FROM contract_sources WHERE contract_id = ? AND org_id = ? LIMIT 1').get(contractId, orgId)
      if (imported === undefined) return 'not-found'
      const current = db.prepare('SELECT confidential, confidential_by_org AS byOrg FROM contracts WHERE id = ?').get(contractId) as { confidential: number; byOrg: string | null }
      if (current.confidential === 1 && current.byOrg !== null && current.byOrg !== orgId) return 'marked-by-another'
      db.prepare('UPDATE contracts SET confidential = ?, confidential_by_org = ? WHERE id = ?').run(confidential ? 1 : 0, confidential ? orgId : null, contractId)
      bumpContractsVersion(db)
      return 'ok'
    })()
  }

  /**
   * Buyer names that match or could match an organisation: those the name rule suggests, those a person confirmed or
   * rejected for it, and names in its own files that match no organisation (so a person can claim them).
   */
  async listBuyers(orgId: string): Promise<BuyerMatchRow[]> {
    const snap = await this.current()
    const org = snap.orgs.find((o) => o.id === orgId)
    if (!org) return []
    const names = new Map<string, BuyerName>()
    for (const [key, name] of snap.buyerNames) names.set(key, name)
    // Buyers of this organisation's own confidential contracts are its to match too.
    for (const [key, name] of snap.confidentialBuyerNames) if (!names.has(key) && name.importers.has(orgId)) names.set(key, name)
    for (const d of snap.decisions) {
      if (d.orgId === orgId && !names.has(d.buyerKey)) {
        const written = this.deps.db.prepare('SELECT buyer FROM buyer_matches WHERE buyer_key = ? AND org_id = ?').get(d.buyerKey, orgId) as { buyer: string } | undefined
        names.set(d.buyerKey, { buyer: written?.buyer ?? d.buyerKey, records: new Set(), importers: new Set() })
      }
    }
    const out: BuyerMatchRow[] = []
    for (const name of names.values()) {
      const status = buyerStatusFor(name.buyer, org, snap.decisions)
      const resolved = resolveBuyer(name.buyer, snap.orgs, snap.decisions)
      if (status.status === 'none') {
        if (!(name.importers.has(orgId) && resolved.orgId === null)) continue
        out.push({ buyer: name.buyer, notices: name.records.size, orgId: null, orgName: null, status: 'none', reason: 'named in this organisation’s files; matches no organisation' })
        continue
      }
      const matchedOrg = status.status === 'rejected' ? snap.orgs.find((o) => o.id === resolved.orgId) : org
      out.push({ buyer: name.buyer, notices: name.records.size, orgId: matchedOrg?.id ?? null, orgName: matchedOrg?.name ?? null, status: status.status, reason: status.reason })
    }
    const rank = { confirmed: 0, suggested: 1, none: 2, rejected: 3 } as const
    return out.sort((a, b) => rank[a.status] - rank[b.status] || b.notices - a.notices || a.buyer.localeCompare(b.buyer))
  }

  /** Records a person's decision that a buyer name is (or is not) the organisation. */
  setBuyerMatch(orgId: string, buyer: string, isThisOrg: boolean, by: string, at: string): void {
    const { db } = this.deps
    const key = buyerKey(buyer)
    db.transaction(() => {
      db.prepare(
        `INSERT INTO buyer_matches (buyer_key, org_id, buyer, status, decided_by, decided_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (buyer_key, org_id) DO UPDATE SET buyer = excluded.buyer, status = excluded.status, decided_by = excluded.decided_by, decided_at = excluded.decided_at`,
      ).run(key, orgId, buyer.trim(), isThisOrg ? 'confirmed' : 'rejected', by, at)
      bumpContractsVersion(db)
    })()
  }

  private canSee(c: VisibleContract, viewerOrgId: string): boolean {
    return !c.confidential || c.importerOrgIds.includes(viewerOrgId)
  }

  private async current(): Promise<Snapshot> {
    const orgRows = await this.deps.accounts.listOrgs()
    const orgs: MatchableOrg[] = orgRows.map((o) => ({ id: o.id, name: o.name }))
    const key = `${contractsVersion(this.deps.db)}|${orgs.map((o) => `${o.id}:${o.name}`).join('|')}`
    if (this.snapshot?.key !== key) this.snapshot = this.build(key, orgs)
    return this.snapshot
  }

  private build(key: string, orgs: readonly MatchableOrg[]): Snapshot {
    const { db } = this.deps
    const decisions: BuyerDecision[] = (db.prepare('SELECT buyer_key AS buyerKey, org_id AS orgId, status FROM buyer_matches ORDER BY decided_at, buyer_key, org_id').all() as BuyerDecision[])
    const resolutions = new Map<string, BuyerResolution>()
    const resolve = (name: string): BuyerResolution => {
      const k = buyerKey(name)
      let r = resolutions.get(k)
      if (r === undefined) {
        r = resolveBuyer(name, orgs, decisions)
        resolutions.set(k, r)
      }
      return r
    }

    const notices = new Map<string, NoticeDbRow & { parties: NoticeParty[] }>()
    for (const n of db.prepare('SELECT id, title, description, buyer, parties_json, url, stage, status, published_date, deadline_date, award_date, start_date, end_date, value_pence, cpv_json FROM notices ORDER BY id').all() as NoticeDbRow[]) {
      notices.set(n.id, { ...n, parties: JSON.parse(n.parties_json) as NoticeParty[] })
    }
    const noticeSources = db.prepare('SELECT notice_id AS noticeId, org_id AS orgId, publisher, own FROM notice_sources ORDER BY rowid').all() as Array<{ noticeId: string; orgId: string; publisher: string; own: number }>

    // Joint detection: one input per notice per source (the same notice under two publishers is evidence). Each
    // notice is judged on its own copies only, so a judgement is reused while its copies are unchanged.
    const inputsById = new Map<string, JointNoticeInput[]>()
    const seenInput = new Set<string>()
    for (const s of noticeSources) {
      const n = notices.get(s.noticeId)
      if (!n) continue
      const k = `${s.noticeId}\u0000${s.publisher}`
      if (seenInput.has(k)) continue
      seenInput.add(k)
      const list = inputsById.get(n.id) ?? []
      list.push({ id: n.id, title: n.title, description: n.description, publisher: s.publisher, buyer: n.buyer, parties: n.parties })
      inputsById.set(n.id, list)
    }
    const judged = new Map<string, { input: string; joint: JointProcurement | null }>()
    const detected: JointProcurement[] = []
    for (const [id, copies] of inputsById) {
      const input = JSON.stringify(copies)
      let verdict = this.jointByNotice.get(id)
      if (verdict?.input !== input) verdict = { input, joint: findJointProcurements(copies).procurements[0] ?? null }
      judged.set(id, verdict)
      if (verdict.joint !== null) detected.push(verdict.joint)
    }
    this.jointByNotice = judged
    const jointOf = new Map<string, JointProcurement>()
    for (const p of detected) for (const id of p.noticeIds) jointOf.set(id, p)
    const joint: JointProcurementRow[] = detected
      .map((p) => ({ noticeIds: [...p.noticeIds], title: p.title, bodies: [...p.bodies], bodyOrgIds: p.bodies.map((b) => resolve(b).orgId), evidence: p.evidence.map((e) => ({ ...e })) }))
      .sort((a, b) => a.title.localeCompare(b.title) || (a.noticeIds[0] ?? '').localeCompare(b.noticeIds[0] ?? ''))

    const sources = new Map<string, Array<{ orgId: string; own: boolean }>>()
    for (const s of db.prepare('SELECT contract_id AS contractId, org_id AS orgId, own FROM contract_sources ORDER BY rowid').all() as Array<{ contractId: string; orgId: string; own: number }>) {
      const list = sources.get(s.contractId) ?? []
      list.push({ orgId: s.orgId, own: s.own === 1 })
      sources.set(s.contractId, list)
    }

    const buyerNames = new Map<string, BuyerName>()
    const confidentialBuyerNames = new Map<string, BuyerName>()
    const noteBuyer = (into: Map<string, BuyerName>, name: string, record: string, importers: Iterable<string>) => {
      const k = buyerKey(name)
      if (k === '') return
      let entry = into.get(k)
      if (!entry) {
        entry = { buyer: name.trim(), records: new Set(), importers: new Set() }
        into.set(k, entry)
      }
      entry.records.add(record)
      for (const o of importers) entry.importers.add(o)
    }
    const noticeImporters = new Map<string, Set<string>>()
    for (const s of noticeSources) {
      const set = noticeImporters.get(s.noticeId) ?? new Set<string>()
      set.add(s.orgId)
      noticeImporters.set(s.noticeId, set)
    }
    for (const n of notices.values()) {
      const importers = noticeImporters.get(n.id) ?? new Set<string>()
      for (const b of splitBuyers(n.buyer)) noteBuyer(buyerNames, b, `n:${n.id}`, importers)
      for (const p of n.parties) if (buyerRoles(p)) noteBuyer(buyerNames, p.name, `n:${n.id}`, importers)
    }

    const rows = db
      .prepare(
        `SELECT c.id, c.org_id, c.file_id, f.filename, c.notice_id, c.reference, c.title, c.supplier, c.buyer, c.value_pence, c.start, c."end", c.end_is_estimated,
                c.end_basis_kind, c.end_basis_quote, c.end_with_extensions, c.cpv_json, c.confidential, c.place
         FROM contracts c JOIN contract_files f ON f.id = c.file_id`,
      )
      .all() as ContractDbRow[]
    const contracts: VisibleContract[] = []
    for (const r of rows) {
      const notice = r.notice_id === null ? undefined : notices.get(r.notice_id)
      const jointP = r.notice_id === null ? undefined : jointOf.get(r.notice_id)
      const published = distinctNames([
        ...splitBuyers(r.buyer),
        ...(notice ? splitBuyers(notice.buyer) : []),
        ...(notice ? notice.parties.filter(buyerRoles).map((p) => p.name) : []),
      ])
      const buyers = distinctNames([...published, ...(jointP?.bodies ?? [])])
      const buyerMatches = buyers.map((name) => {
        const res = resolve(name)
        return { name, orgId: res.orgId, match: res.match }
      })
      const primary = published[0] ?? buyers[0] ?? ''
      const jointWith = jointP ? jointP.bodies.filter((b) => primary === '' || bodyKey(b) !== bodyKey(primary)) : []
      const jointWithOrgIds = [...new Set(jointWith.map((b) => resolve(b).orgId).filter((id): id is string => id !== null))]
      const src = sources.get(r.id) ?? []
      const importerOrgIds = [...new Set(src.map((s) => s.orgId))]
      const buyerOrgIds = [...new Set(buyerMatches.map((m) => m.orgId).filter((id): id is string => id !== null))]
      const orgIds = [...new Set([...buyerOrgIds, ...src.filter((s) => s.own).map((s) => s.orgId)])]
      const confidential = r.confidential === 1
      for (const b of splitBuyers(r.buyer)) noteBuyer(confidential ? confidentialBuyerNames : buyerNames, b, r.notice_id === null ? `c:${r.id}` : `n:${r.notice_id}`, importerOrgIds)
      contracts.push({
        id: r.id,
        noticeIds: r.notice_id === null ? [] : [r.notice_id],
        title: r.title,
        supplier: r.supplier,
        valuePence: r.value_pence,
        start: r.start,
        end: r.end,
        endIsEstimated: r.end_is_estimated === 1,
        endBasis: { kind: r.end_basis_kind, quote: r.end_basis_quote },
        endWithExtensions: r.end_with_extensions,
        cpvCodes: JSON.parse(r.cpv_json) as string[],
        buyers,
        buyerMatches,
        jointWith,
        jointWithOrgIds,
        confidential,
        importedBy: r.org_id,
        reference: r.reference,
        url: notice?.url ?? '',
        source: { fileId: r.file_id, filename: r.filename, place: r.place },
        orgIds,
        buyerOrgIds,
        importerOrgIds,
      })
    }
    contracts.sort(compareByEnd)

    const contractsOfNotice = new Map<string, string[]>()
    for (const c of contracts) for (const id of c.noticeIds) contractsOfNotice.set(id, [...(contractsOfNotice.get(id) ?? []), c.id])
    const ownImporters = new Map<string, Set<string>>()
    for (const s of noticeSources) if (s.own === 1) ownImporters.set(s.noticeId, (ownImporters.get(s.noticeId) ?? new Set<string>()).add(s.orgId))
    const noticeRows: VisibleNotice[] = [...notices.values()].map((n) => {
      const jointP = jointOf.get(n.id)
      const buyers = distinctNames([...splitBuyers(n.buyer), ...n.parties.filter(buyerRoles).map((p) => p.name), ...(jointP?.bodies ?? [])])
      const buyerOrgIds = [...new Set(buyers.map((b) => resolve(b).orgId).filter((id): id is string => id !== null))]
      return {
        id: n.id,
        title: n.title,
        description: n.description,
        buyers,
        buyerOrgIds,
        importerOrgIds: [...(noticeImporters.get(n.id) ?? [])],
        orgIds: [...new Set([...buyerOrgIds, ...(ownImporters.get(n.id) ?? [])])],
        stage: n.stage,
        status: n.status,
        publishedDate: n.published_date,
        deadlineDate: n.deadline_date,
        awardDate: n.award_date,
        startDate: n.start_date,
        endDate: n.end_date,
        valuePence: n.value_pence,
        cpvCodes: JSON.parse(n.cpv_json) as string[],
        url: n.url,
        isJoint: jointP !== undefined,
        contractIds: contractsOfNotice.get(n.id) ?? [],
      }
    })
    return { key, contracts, notices: noticeRows, joint, buyerNames, confidentialBuyerNames, orgs, decisions }
  }
}
