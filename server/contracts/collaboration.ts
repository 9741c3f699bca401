/**
 * Inputs for the opportunity finder and the forward plan (shared/contracts/collaboration.ts, forward-plan.ts), from
 * the contracts store: the contracts a person may see with the organisations each belongs to, the joint
 * procurements, planned procurements (notices not yet awarded) and the bodies a person works with. Rules in
 * docs/contracts-collaboration.md.
 */
import { readFileSync } from 'node:fs'
import { resolveBuyer, splitBuyerNames, type BuyerDecision, type MatchableOrg } from '../../shared/contracts/buyer-match.ts'
import type { CollaborationJoint } from '../../shared/contracts/collaboration.ts'
import type { ForwardPlanContract, PlannedProcurement } from '../../shared/contracts/forward-plan.ts'
import type { NoticeParty } from '../../shared/contracts/model.ts'
import { isValidIsoDate, type IsoDate } from '../../shared/domain/dates.ts'
import type { CpvMap } from '../../shared/taxonomy/search.ts'
import { boardsForUser } from '../auth/access.ts'
import type { Storage, UserRow } from '../storage/types.ts'
import type { ContractsDb } from './contracts-db.ts'
import type { JointProcurementRow, VisibleContract } from './contracts-service.ts'

let cpvLabels: CpvMap | null = null

/** CPV 2008 labels (`shared/taxonomy/cpv.json`), read once. */
export function loadCpvLabels(): CpvMap {
  cpvLabels ??= JSON.parse(readFileSync(new URL('../../shared/taxonomy/cpv.json', import.meta.url), 'utf8')) as CpvMap
  return cpvLabels
}

const isoOrNull = (s: string | null): IsoDate | null => (s !== null && isValidIsoDate(s) ? (s as IsoDate) : null)

/** A visible contract as the finder and the plan take it. */
export function toPlanContract(c: VisibleContract): ForwardPlanContract {
  return {
    id: c.id,
    orgIds: c.orgIds,
    title: c.title,
    supplier: c.supplier,
    valuePence: c.valuePence,
    end: isoOrNull(c.end),
    endIsEstimated: c.endIsEstimated,
    cpvCodes: c.cpvCodes,
    noticeIds: c.noticeIds,
    start: isoOrNull(c.start),
    endBasis: c.endBasis,
    endWithExtensions: isoOrNull(c.endWithExtensions),
  }
}

/** Joint procurements with the Pooled organisations they name. */
export function toCollaborationJoint(p: JointProcurementRow): CollaborationJoint {
  return { noticeIds: p.noticeIds, title: p.title, orgIds: [...new Set(p.bodyOrgIds.filter((id): id is string => id !== null))] }
}

interface PlannedNoticeRow {
  id: string
  title: string
  buyer: string
  parties_json: string
  status: string
  published_date: string | null
  deadline_date: string | null
  value_pence: number | null
  cpv_json: string
}

/** Statuses of a notice that will not lead to a tender. */
const CLOSED_STATUSES = new Set(['withdrawn', 'cancelled', 'unsuccessful', 'awarded', 'complete'])

/**
 * Planned procurements: notices at the planning or tender stage with no contract awarded under them and not
 * withdrawn or cancelled. The date is the tender deadline, else the published date (marked estimated). The
 * organisations are those its buyer names match (confirmed or suggested, not rejected) and those that published it
 * as their own. Notices are published data: the same for every signed-in person.
 */
export function listPlannedProcurements(db: ContractsDb, orgs: readonly MatchableOrg[]): PlannedProcurement[] {
  const decisions = db.prepare('SELECT buyer_key AS buyerKey, org_id AS orgId, status FROM buyer_matches ORDER BY decided_at, buyer_key, org_id').all() as BuyerDecision[]
  const rows = db
    .prepare(
      `SELECT n.id, n.title, n.buyer, n.parties_json, n.status, n.published_date, n.deadline_date, n.value_pence, n.cpv_json
       FROM notices n
       WHERE n.stage IN ('planning', 'tender') AND NOT EXISTS (SELECT 1 FROM contracts c WHERE c.notice_id = n.id)
       ORDER BY n.id`,
    )
    .all() as PlannedNoticeRow[]
  const own = new Map<string, Set<string>>()
  for (const s of db.prepare('SELECT notice_id AS noticeId, org_id AS orgId FROM notice_sources WHERE own = 1').all() as Array<{ noticeId: string; orgId: string }>) {
    const set = own.get(s.noticeId) ?? new Set<string>()
    set.add(s.orgId)
    own.set(s.noticeId, set)
  }
  const out: PlannedProcurement[] = []
  for (const n of rows) {
    if (CLOSED_STATUSES.has(n.status)) continue
    const deadline = isoOrNull(n.deadline_date)
    const published = isoOrNull(n.published_date)
    const date = deadline ?? published
    if (date === null) continue
    const parties = JSON.parse(n.parties_json) as NoticeParty[]
    const names = [...splitBuyerNames(n.buyer), ...parties.filter((p) => p.roles.includes('buyer') || p.roles.includes('procuringEntity')).map((p) => p.name)]
    const orgIds = new Set(own.get(n.id) ?? [])
    for (const name of names) {
      const r = resolveBuyer(name, orgs, decisions)
      if (r.orgId !== null) orgIds.add(r.orgId)
    }
    if (orgIds.size === 0) continue
    out.push({
      noticeId: n.id,
      orgIds: [...orgIds].sort(),
      title: n.title,
      cpvCodes: JSON.parse(n.cpv_json) as string[],
      date,
      valuePence: n.value_pence,
      dateIsEstimated: deadline === null,
    })
  }
  return out
}

/**
 * The bodies a person works with: their own organisation; every organisation a board they can open is shared with;
 * the organisation of each such board's owner and of each person it is shared with directly. Sorted ids.
 */
export async function orgsWorkedWith(storage: Storage, user: UserRow): Promise<string[]> {
  const ids = new Set<string>([user.orgId])
  const people = new Set<string>()
  for (const { board } of await boardsForUser(storage, user)) {
    if (board.ownerId) people.add(board.ownerId)
    for (const share of await storage.shares.listForBoard(board.id)) {
      if (share.principalType === 'org') ids.add(share.principalId)
      else people.add(share.principalId)
    }
  }
  for (const id of people) {
    const person = await storage.accounts.getUser(id)
    if (person) ids.add(person.orgId)
  }
  return [...ids].sort()
}
