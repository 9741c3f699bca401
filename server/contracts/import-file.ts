/**
 * Turns a read contract file into stored rows: every contract gets an end (stated, else estimated with its basis,
 * shared/contracts/end-date.ts), a dedupe key, and is written with the file's notices in ONE transaction, so a failed
 * or cancelled import stores nothing. A notice or contract already stored (by this or another organisation) gains
 * only a source row.
 */
import { randomBytes } from 'node:crypto'
import { addDays, addMonths, type IsoDate } from '../../shared/domain/dates.ts'
import { estimateEndDate } from '../../shared/contracts/end-date.ts'
import { nameMatchReason } from '../../shared/contracts/buyer-match.ts'
import type { ContractFileRead, ContractReadIssue, ReadContract, ReadNotice } from '../../shared/contracts/model.ts'
import type { ContractImportIssue, ContractImportResult } from '../../shared/schema/contracts-api.ts'
import { supplierNameKey } from '../../shared/spend/supplier-key.ts'
import { bumpContractsVersion, type ContractsDb } from './contracts-db.ts'

export const newContractsId = (): string => randomBytes(12).toString('base64url')

/** A contract ready to store: the read record with its end worked out and its identity. */
export interface PreparedContract {
  readonly dedupeKey: string
  readonly noticeId: string | null
  readonly reference: string
  readonly title: string
  readonly description: string
  readonly supplier: string
  readonly supplierCompanyNumber: string
  readonly buyer: string
  readonly valuePence: number | null
  readonly start: IsoDate | null
  readonly awardDate: IsoDate | null
  readonly end: IsoDate | null
  readonly endIsEstimated: boolean
  readonly endBasis: { kind: 'stated' | 'wording' | 'cpv-typical' | 'unknown'; quote: string }
  readonly endWithExtensions: IsoDate | null
  readonly extensionMonths: readonly number[]
  readonly cpvCodes: readonly string[]
  readonly proclass: string
  readonly place: string
}

/** The identity of a supplier name for deduplication: the legal name folded (Ltd/Limited, case, punctuation). */
export function supplierDedupeKey(name: string): string {
  return supplierNameKey(name) || name.trim().toLowerCase()
}

/**
 * The key that makes a second import of the same contract add only a source: a contract awarded under a notice is
 * (notice id, supplier) across every organisation; a register row without a notice is (organisation, reference,
 * supplier, start) — independent of the file, so next year's register does not duplicate this year's rows.
 */
export function contractDedupeKey(orgId: string, c: { noticeId: string | null; reference: string; supplier: string; start: string | null }): string {
  if (c.noticeId !== null && c.noticeId !== '') return `n|${c.noticeId}|${supplierDedupeKey(c.supplier)}`
  return `r|${orgId}|${c.reference.trim().toLowerCase()}|${supplierDedupeKey(c.supplier)}|${c.start ?? ''}`
}

const joinText = (...parts: ReadonlyArray<string | undefined>): string => {
  const seen: string[] = []
  for (const p of parts) if (p !== undefined && p.trim() !== '' && !seen.includes(p.trim())) seen.push(p.trim())
  return seen.join(' | ')
}

/** Works out one contract's end (stated, a stated term in days, the wording, a typical CPV term) and its identity. */
export function prepareContract(c: ReadContract, notice: ReadNotice | undefined, orgId: string): PreparedContract {
  const title = c.title !== '' ? c.title : (notice?.title ?? '')
  const cpvCodes = c.cpvCodes.length > 0 ? c.cpvCodes : (notice?.cpvCodes ?? [])
  const start = c.start ?? notice?.startDate ?? null
  const awardDate = c.awardDate ?? notice?.awardDate ?? null
  const statedEnd = c.end ?? notice?.endDate ?? null
  let end: IsoDate | null
  let endIsEstimated: boolean
  let endBasis: PreparedContract['endBasis']
  let wordingWithExtensions: IsoDate | null = null
  const days = notice?.durationDays ?? null
  const termFrom = start ?? awardDate
  if (statedEnd === null && days !== null && days > 0 && termFrom !== null) {
    // A term the notice states in days (Scotland, Wales `durationInDays`), counted from the start.
    const counted = addDays(termFrom, days)
    end = counted.ok ? counted.value : null
    endIsEstimated = start === null
    endBasis = { kind: 'stated', quote: `a term of ${days} days from ${start === null ? 'the award on ' : ''}${termFrom}` }
  } else {
    const estimate = estimateEndDate({
      title,
      description: joinText(c.description, notice?.description),
      awardDate,
      startDate: start,
      endDate: statedEnd,
      cpvCodes,
    })
    end = estimate.end
    endIsEstimated = estimate.isEstimated
    endBasis = {
      kind: estimate.basis.kind,
      quote: estimate.basis.kind === 'stated' ? `${c.end !== null ? 'contract end date' : 'notice contract period ends'} ${statedEnd ?? ''}`.trim() : estimate.basis.quote,
    }
    wordingWithExtensions = estimate.endWithExtensions ?? null
  }
  let endWithExtensions: IsoDate | null = c.endWithExtensions ?? wordingWithExtensions
  const extensionTotal = c.extensionMonths.reduce((a, m) => a + m, 0)
  if (endWithExtensions === null && end !== null && extensionTotal > 0) {
    const extended = addMonths(end, extensionTotal)
    endWithExtensions = extended.ok ? extended.value : null
  }
  return {
    dedupeKey: contractDedupeKey(orgId, { noticeId: c.noticeId, reference: c.reference, supplier: c.supplier, start }),
    noticeId: c.noticeId,
    reference: c.reference,
    title,
    description: c.description,
    supplier: c.supplier,
    supplierCompanyNumber: c.supplierCompanyNumber,
    buyer: c.buyer !== '' ? c.buyer : (notice?.buyer ?? ''),
    valuePence: c.valuePence,
    start,
    awardDate,
    end,
    endIsEstimated,
    endBasis,
    endWithExtensions,
    extensionMonths: c.extensionMonths,
    cpvCodes,
    proclass: c.proclassCode,
    place: c.place.label,
  }
}

/**
 * Who published a notice in an organisation's file (the evidence for "the same notice under two publishers"), and
 * whether the file is the organisation's own publication of it (`own`: the organisation's contract, for the planning
 * views).
 * - A Contracts Finder extract or a register is one body's own list. Its publisher is the importing organisation when
 *   the file names it (or names nobody), else the body the file names: a county importing a district's extract does
 *   not become a publisher of the district's notices, so that import alone makes nothing joint. The importer chose to
 *   import it as its list: `own`.
 * - An OCDS file may be a national feed with every buyer's notices: the importing organisation is the publisher, and
 *   owner, only of notices whose buyer is it by name; the rest keep the file's publisher ("Contracts Finder"), so two
 *   organisations importing the same feed do not make every notice joint.
 */
export function noticeSource(read: ContractFileRead, notice: ReadNotice, org: { id: string; name: string }): { publisher: string; own: boolean } {
  if (read.format !== 'ocds') {
    const isOrgs = read.publisher.trim() === '' || nameMatchReason(read.publisher, org) !== null
    return { publisher: isOrgs ? org.name : read.publisher, own: true }
  }
  const buyers = [notice.buyer, ...notice.parties.filter((p) => p.roles.includes('buyer') || p.roles.includes('procuringEntity')).map((p) => p.name)]
  if (buyers.some((b) => b.trim() !== '' && nameMatchReason(b, org) !== null)) return { publisher: org.name, own: true }
  return { publisher: read.publisher, own: false }
}

export function toImportIssue(issue: ContractReadIssue): ContractImportIssue {
  return { line: issue.place?.index ?? 0, place: issue.place?.label ?? 'the file', code: issue.code, reason: issue.message, kept: issue.kept }
}

export interface ContractFileToStore {
  readonly fileId: string
  readonly org: { readonly id: string; readonly name: string }
  readonly filename: string
  readonly sha256: string
  readonly sizeBytes: number
  readonly uploadedBy: string
  readonly uploadedAt: string
  readonly read: ContractFileRead
  readonly contracts: readonly PreparedContract[]
}

/** Stores a file's notices, contracts, sources and issues in one transaction. Returns the import's result. */
export function storeContractFile(db: ContractsDb, f: ContractFileToStore): ContractImportResult {
  const { read } = f
  const noticeIds = [...new Set(read.notices.map((n) => n.id))]
  const fileNoticeIds = new Set(noticeIds)
  const insertFile = db.prepare(
    `INSERT INTO contract_files (id, org_id, filename, sha256, size_bytes, format, publisher, uploaded_by, uploaded_at, notices, contracts, notices_already_known)
     VALUES (@id, @orgId, @filename, @sha256, @size, @format, @publisher, @by, @at, @notices, @contracts, @known)`,
  )
  const isKnown = db.prepare('SELECT 1 FROM notices WHERE id = ?')
  const upsertNotice = db.prepare(
    `INSERT INTO notices (id, title, description, buyer, parties_json, stage, status, published_date, deadline_date, award_date, start_date, end_date, duration_days, value_pence, cpv_json, url, first_file_id)
     VALUES (@id, @title, @description, @buyer, @parties, @stage, @status, @published, @deadline, @award, @start, @end, @duration, @value, @cpv, @url, @fileId)
     ON CONFLICT (id) DO UPDATE SET
       title = CASE WHEN notices.title = '' THEN excluded.title ELSE notices.title END,
       description = CASE WHEN notices.description = '' THEN excluded.description ELSE notices.description END,
       buyer = CASE WHEN notices.buyer = '' THEN excluded.buyer ELSE notices.buyer END,
       parties_json = CASE WHEN notices.parties_json = '[]' THEN excluded.parties_json ELSE notices.parties_json END,
       award_date = COALESCE(notices.award_date, excluded.award_date),
       start_date = COALESCE(notices.start_date, excluded.start_date),
       end_date = COALESCE(notices.end_date, excluded.end_date),
       duration_days = COALESCE(notices.duration_days, excluded.duration_days),
       value_pence = COALESCE(notices.value_pence, excluded.value_pence),
       cpv_json = CASE WHEN notices.cpv_json = '[]' THEN excluded.cpv_json ELSE notices.cpv_json END,
       url = CASE WHEN notices.url = '' THEN excluded.url ELSE notices.url END`,
  )
  const insertNoticeSource = db.prepare('INSERT OR IGNORE INTO notice_sources (notice_id, file_id, org_id, publisher, own, place) VALUES (?, ?, ?, ?, ?, ?)')
  const insertContract = db.prepare(
    `INSERT INTO contracts (id, dedupe_key, org_id, file_id, notice_id, reference, title, description, supplier, supplier_company_number, buyer, value_pence, start, award_date, "end",
       end_is_estimated, end_basis_kind, end_basis_quote, end_with_extensions, extension_json, cpv_json, proclass, place)
     VALUES (@id, @key, @orgId, @fileId, @noticeId, @reference, @title, @description, @supplier, @companyNumber, @buyer, @value, @start, @award, @end,
       @estimated, @basisKind, @basisQuote, @withExtensions, @extensions, @cpv, @proclass, @place)
     ON CONFLICT (dedupe_key) DO UPDATE SET dedupe_key = contracts.dedupe_key
     RETURNING id`,
  )
  const insertContractSource = db.prepare('INSERT OR IGNORE INTO contract_sources (contract_id, file_id, org_id, own, place) VALUES (?, ?, ?, ?, ?)')
  const insertIssue = db.prepare('INSERT INTO contract_issues (file_id, seq, line, place, code, reason, kept) VALUES (?, ?, ?, ?, ?, ?, ?)')

  return db.transaction((): ContractImportResult => {
    const known = noticeIds.filter((id) => isKnown.get(id) !== undefined).length
    insertFile.run({
      id: f.fileId, orgId: f.org.id, filename: f.filename, sha256: f.sha256, size: f.sizeBytes, format: read.format, publisher: read.publisher,
      by: f.uploadedBy, at: f.uploadedAt, notices: noticeIds.length, contracts: f.contracts.length, known,
    })
    const ownNotices = new Set<string>()
    for (const n of read.notices) {
      const { publisher, own } = noticeSource(read, n, f.org)
      if (own) ownNotices.add(n.id)
      upsertNotice.run({
        id: n.id, title: n.title, description: n.description, buyer: n.buyer, parties: JSON.stringify(n.parties.map((p) => ({ name: p.name, roles: [...p.roles] }))),
        stage: n.stage, status: n.status, published: n.publishedDate, deadline: n.deadlineDate, award: n.awardDate, start: n.startDate, end: n.endDate,
        duration: n.durationDays, value: n.valuePence, cpv: JSON.stringify(n.cpvCodes), url: n.url, fileId: f.fileId,
      })
      insertNoticeSource.run(n.id, f.fileId, f.org.id, publisher, own ? 1 : 0, n.place.label)
    }
    for (const c of f.contracts) {
      // A contract already stored (this or another organisation) keeps its values: the no-op update returns its id.
      const { id } = insertContract.get({
        id: newContractsId(), key: c.dedupeKey, orgId: f.org.id, fileId: f.fileId, noticeId: c.noticeId, reference: c.reference, title: c.title,
        description: c.description, supplier: c.supplier, companyNumber: c.supplierCompanyNumber, buyer: c.buyer, value: c.valuePence, start: c.start,
        award: c.awardDate, end: c.end, estimated: c.endIsEstimated ? 1 : 0, basisKind: c.endBasis.kind, basisQuote: c.endBasis.quote,
        withExtensions: c.endWithExtensions, extensions: JSON.stringify(c.extensionMonths), cpv: JSON.stringify(c.cpvCodes), proclass: c.proclass, place: c.place,
      }) as { id: string }
      // A contract is the organisation's own unless it came with another body's notice in a national feed.
      const own = read.format !== 'ocds' || c.noticeId === null || ownNotices.has(c.noticeId) || !fileNoticeIds.has(c.noticeId)
      insertContractSource.run(id, f.fileId, f.org.id, own ? 1 : 0, c.place)
    }
    const issues = read.issues.map(toImportIssue)
    issues.forEach((issue, seq) => insertIssue.run(f.fileId, seq, issue.line, issue.place, issue.code, issue.reason, issue.kept ? 1 : 0))
    bumpContractsVersion(db)
    return {
      fileId: f.fileId,
      notices: noticeIds.length,
      contracts: f.contracts.length,
      errors: issues.filter((i) => !i.kept),
      recovered: issues.filter((i) => i.kept),
      format: read.format,
      noticesAlreadyKnown: known,
    }
  })()
}

/**
 * Removes a file: its sources go, and notices and contracts no longer carried by any file go with them. A contract
 * whose first importer's file is removed moves to another source. Returns false when there is no such file.
 */
export function removeContractFile(db: ContractsDb, orgId: string, fileId: string): boolean {
  return db.transaction((): boolean => {
    const gone = db.prepare('DELETE FROM contract_files WHERE id = ? AND org_id = ?').run(fileId, orgId)
    if (gone.changes === 0) return false
    // Sources cascade with the file; what no file carries any more goes too.
    db.prepare('DELETE FROM contracts WHERE NOT EXISTS (SELECT 1 FROM contract_sources s WHERE s.contract_id = contracts.id)').run()
    db.prepare('DELETE FROM notices WHERE NOT EXISTS (SELECT 1 FROM notice_sources s WHERE s.notice_id = notices.id)').run()
    db.prepare(
      `UPDATE contracts SET
         file_id = (SELECT s.file_id FROM contract_sources s JOIN contract_files f ON f.id = s.file_id WHERE s.contract_id = contracts.id ORDER BY f.uploaded_at, f.id LIMIT 1),
         org_id = (SELECT s.org_id FROM contract_sources s JOIN contract_files f ON f.id = s.file_id WHERE s.contract_id = contracts.id ORDER BY f.uploaded_at, f.id LIMIT 1),
         place = (SELECT s.place FROM contract_sources s JOIN contract_files f ON f.id = s.file_id WHERE s.contract_id = contracts.id ORDER BY f.uploaded_at, f.id LIMIT 1)
       WHERE file_id = ?`,
    ).run(fileId)
    db.prepare(
      `UPDATE notices SET first_file_id = (SELECT s.file_id FROM notice_sources s JOIN contract_files f ON f.id = s.file_id WHERE s.notice_id = notices.id ORDER BY f.uploaded_at, f.id LIMIT 1)
       WHERE first_file_id = ?`,
    ).run(fileId)
    // A confidential mark by an organisation that no longer imports the contract lapses.
    db.prepare(
      `UPDATE contracts SET confidential = 0, confidential_by_org = NULL
       WHERE confidential = 1 AND NOT EXISTS (SELECT 1 FROM contract_sources s WHERE s.contract_id = contracts.id AND s.org_id = contracts.confidential_by_org)`,
    ).run()
    bumpContractsVersion(db)
    return true
  })()
}
