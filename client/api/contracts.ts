/**
 * Typed calls for contracts data (issue 12, docs/contracts-data.md) over `shared/schema/contracts-api.ts`, through
 * the one transport in ./client: contract-file uploads and their import jobs, an organisation's contracts and buyer
 * names, joint procurements, collaboration pairs and the forward plan with its downloads.
 */
import {
  BuyerMatchListSchema,
  CollaborationPairsSchema,
  ContractFileIssuesSchema,
  ContractFileListSchema,
  ContractImportJobSchema,
  ContractListSchema,
  ForwardPlanSchema,
  JointListSchema,
  OpenOpportunityBoardResponseSchema,
  PipelineNoticeSchema,
  type ContractFileSummary,
  type ContractImportJob,
  type ContractRow,
} from '../../shared/schema/contracts-api'
import { ImportAcceptedSchema } from '../../shared/schema/spend-api'
import type { z } from 'zod'
import { config } from '../config'
import { requestJson, send } from './client'

const enc = encodeURIComponent
const orgContracts = (orgId: string) => `/api/orgs/${enc(orgId)}/contracts`

export type BuyerMatchList = z.infer<typeof BuyerMatchListSchema>
export type BuyerMatch = BuyerMatchList['buyers'][number]
export type JointList = z.infer<typeof JointListSchema>
export type JointProcurement = JointList['procurements'][number]
export type CollaborationPairs = z.infer<typeof CollaborationPairsSchema>
export type ForwardPlan = z.infer<typeof ForwardPlanSchema>
export type ForwardPlanRow = ForwardPlan['rows'][number]

/** Sends one contract file's bytes; the server answers 202 with the id of the import job that reads it. */
export function uploadContractFile(orgId: string, file: Blob, filename: string, signal?: AbortSignal): Promise<string> {
  return requestJson(ImportAcceptedSchema, `${orgContracts(orgId)}/files?filename=${enc(filename)}`, { method: 'POST', body: file, signal }).then((r) => r.importId)
}

export function getContractImportJob(importId: string, signal?: AbortSignal): Promise<ContractImportJob> {
  return requestJson(ContractImportJobSchema, `/api/contracts/imports/${enc(importId)}`, { signal })
}

export function cancelContractImportJob(importId: string): Promise<ContractImportJob> {
  return requestJson(ContractImportJobSchema, `/api/contracts/imports/${enc(importId)}/cancel`, { method: 'POST' })
}

export function listContractFiles(orgId: string, signal?: AbortSignal): Promise<ContractFileSummary[]> {
  return requestJson(ContractFileListSchema, `${orgContracts(orgId)}/files`, { signal }).then((r) => r.files)
}

export type ContractFileIssues = z.infer<typeof ContractFileIssuesSchema>

export function getContractFileIssues(orgId: string, fileId: string, signal?: AbortSignal): Promise<ContractFileIssues> {
  return requestJson(ContractFileIssuesSchema, `${orgContracts(orgId)}/files/${enc(fileId)}/issues`, { signal })
}

/** Removes a file: its contracts leave the organisation's list (a notice another file or organisation also holds stays). */
export async function removeContractFile(orgId: string, fileId: string): Promise<void> {
  await send(`${orgContracts(orgId)}/files/${enc(fileId)}`, { method: 'DELETE' })
}

export function listOrgContracts(orgId: string, signal?: AbortSignal): Promise<ContractRow[]> {
  return requestJson(ContractListSchema, orgContracts(orgId), { signal }).then((r) => r.contracts)
}

/** Marks a contract confidential (only the organisation's members see it) or public again. */
export async function setContractConfidential(orgId: string, contractId: string, confidential: boolean): Promise<void> {
  await send(`${orgContracts(orgId)}/${enc(contractId)}/confidential`, { method: 'PUT', body: { confidential } })
}

export function listBuyerMatches(orgId: string, signal?: AbortSignal): Promise<BuyerMatchList> {
  return requestJson(BuyerMatchListSchema, `${orgContracts(orgId)}/buyers`, { signal })
}

/** Confirms (true) or rejects (false) that a buyer name as published is this organisation. */
export async function answerBuyerMatch(orgId: string, buyer: string, isThisOrg: boolean): Promise<void> {
  await send(`${orgContracts(orgId)}/buyers`, { method: 'PUT', body: { buyer, isThisOrg } })
}

export function listJointProcurements(signal?: AbortSignal): Promise<JointList> {
  return requestJson(JointListSchema, '/api/contracts/joint', { signal })
}

export function getCollaborationPairs(windowMonths: number, signal?: AbortSignal): Promise<CollaborationPairs> {
  return requestJson(CollaborationPairsSchema, `/api/collaboration/pairs?windowMonths=${windowMonths}`, { signal })
}

/** Opens a board for an opportunity with the bodies' organisations invited; answers with the new board's id and the category seeded for `cpvGroup`. */
export function openOpportunityBoard(body: { orgIds: string[]; title: string; cpvGroup?: string }): Promise<{ boardId: string; categoryId?: string | undefined }> {
  return requestJson(OpenOpportunityBoardResponseSchema, '/api/collaboration/boards', { method: 'POST', body })
}

export function getForwardPlan(months: number, signal?: AbortSignal): Promise<ForwardPlan> {
  return requestJson(ForwardPlanSchema, `/api/contracts/forward-plan?months=${months}`, { signal })
}

/** Where the forward plan's CSV is downloaded from (same origin: the session cookie goes along). */
export function forwardPlanCsvUrl(months: number): string {
  return `${config.apiBase}/api/contracts/forward-plan.csv?months=${months}`
}

export type PipelineNotice = z.infer<typeof PipelineNoticeSchema>

/** The organisation's pipeline notice data (members only). */
export function getPipelineNotice(orgId: string, signal?: AbortSignal): Promise<PipelineNotice> {
  return requestJson(PipelineNoticeSchema, `${orgContracts(orgId)}/pipeline-notice`, { signal })
}

/** Where an organisation's pipeline notice data (Procurement Act 2023) is downloaded from, as JSON. */
export function pipelineNoticeUrl(orgId: string): string {
  return `${config.apiBase}${orgContracts(orgId)}/pipeline-notice`
}
