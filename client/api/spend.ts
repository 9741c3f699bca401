/**
 * Typed calls for an organisation's spend data (issue 11, docs/spend-data.md) over `shared/schema/spend-api.ts`,
 * through the one transport in ./client: uploads and their import jobs, the dataset, suppliers and rules.
 */
import { z } from 'zod'
import {
  ClassificationRuleSchema,
  ClassificationRulesSchema,
  FileIssuesSchema,
  ImportAcceptedSchema,
  ImportJobSchema,
  OrgSpendDatasetSchema,
  SpendSupplierSchema,
  SpendSuppliersSchema,
  SplitSuppliersResultSchema,
  type ClassificationRule,
  type ImportJob,
  type NewClassificationRule,
  type OrgSpendDataset,
  type SpendSupplier,
} from '../../shared/schema/spend-api'
import { requestJson, send } from './client'

const enc = encodeURIComponent
const orgSpend = (orgId: string) => `/api/orgs/${enc(orgId)}/spend`

export type FileIssues = z.infer<typeof FileIssuesSchema>
export type SpendSuppliers = z.infer<typeof SpendSuppliersSchema>

/** Sends one spend file's bytes; the server answers 202 with the id of the import job that reads it. */
export function uploadSpendFile(orgId: string, file: Blob, filename: string, signal?: AbortSignal): Promise<string> {
  return requestJson(ImportAcceptedSchema, `${orgSpend(orgId)}/files?filename=${enc(filename)}`, { method: 'POST', body: file, signal }).then((r) => r.importId)
}

export function getImportJob(importId: string, signal?: AbortSignal): Promise<ImportJob> {
  return requestJson(ImportJobSchema, `/api/spend/imports/${enc(importId)}`, { signal })
}

export function cancelImportJob(importId: string): Promise<ImportJob> {
  return requestJson(ImportJobSchema, `/api/spend/imports/${enc(importId)}/cancel`, { method: 'POST' })
}

export function getSpendDataset(orgId: string, signal?: AbortSignal): Promise<OrgSpendDataset> {
  return requestJson(OrgSpendDatasetSchema, orgSpend(orgId), { signal })
}

export function getFileIssues(orgId: string, fileId: string, signal?: AbortSignal): Promise<FileIssues> {
  return requestJson(FileIssuesSchema, `${orgSpend(orgId)}/files/${enc(fileId)}/issues`, { signal })
}

export async function removeSpendFile(orgId: string, fileId: string): Promise<void> {
  await send(`${orgSpend(orgId)}/files/${enc(fileId)}`, { method: 'DELETE' })
}

export function getSpendSuppliers(orgId: string, signal?: AbortSignal): Promise<SpendSuppliers> {
  return requestJson(SpendSuppliersSchema, `${orgSpend(orgId)}/suppliers`, { signal })
}

/** Confirms (same code) or corrects a supplier's ProClass code; the server reclassifies its lines. */
export function setSupplierCode(orgId: string, key: string, proclassCode: string): Promise<SpendSupplier> {
  return requestJson(SpendSupplierSchema, `${orgSpend(orgId)}/suppliers/${enc(key)}/code`, { method: 'PUT', body: { proclassCode } })
}

export function mergeSuppliers(orgId: string, keys: readonly string[], name?: string): Promise<SpendSupplier> {
  return requestJson(SpendSupplierSchema, `${orgSpend(orgId)}/suppliers/merge`, { method: 'POST', body: name === undefined ? { keys } : { keys, name } })
}

export function splitSupplier(orgId: string, key: string): Promise<SpendSupplier[]> {
  return requestJson(SplitSuppliersResultSchema, `${orgSpend(orgId)}/suppliers/${enc(key)}/split`, { method: 'POST' }).then((r) => r.suppliers)
}

export function listRules(orgId: string, signal?: AbortSignal): Promise<ClassificationRule[]> {
  return requestJson(ClassificationRulesSchema, `${orgSpend(orgId)}/rules`, { signal }).then((r) => r.rules)
}

export function addRule(orgId: string, rule: NewClassificationRule): Promise<ClassificationRule> {
  return requestJson(ClassificationRuleSchema, `${orgSpend(orgId)}/rules`, { method: 'POST', body: rule })
}

export async function deleteRule(orgId: string, ruleId: string): Promise<void> {
  await send(`${orgSpend(orgId)}/rules/${enc(ruleId)}`, { method: 'DELETE' })
}
