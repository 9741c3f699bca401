/**
 * Typed calls for the knowledge base (`/api/methodologies`) over `shared/schema/knowledge-api.ts`, through the one
 * transport in ./client. Every response is parsed; every failure is an `ApiError` (with the server's per-path
 * `issues` for validation failures).
 */
import {
  ImportResultSchema,
  MethodologyDetailSchema,
  MethodologyDiffSchema,
  MethodologyListSchema,
  MethodologyVersionListSchema,
  type CreateMethodologyBody,
  type ImportLibraryBody,
  type ImportResult,
  type MethodologyDetail,
  type MethodologyDiff,
  type MethodologyListItem,
  type MethodologyQuery,
  type MethodologyVersionSummary,
  type RecordUsageBody,
  type RestoreVersionBody,
  type UpdateMethodologyBody,
} from '../../shared/schema/knowledge-api'
import { ApiError, requestJson, send } from './client'
import { config } from '../config'

const BASE = '/api/methodologies'

const enc = encodeURIComponent

/** The library's search form: the query's fields, where an empty string means "any". */
export type MethodologySearch = { [K in keyof MethodologyQuery]?: MethodologyQuery[K] | '' }

export function searchMethodologies(query: MethodologySearch, signal?: AbortSignal): Promise<MethodologyListItem[]> {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) if (typeof value === 'string' && value.trim() !== '') params.set(key, value.trim())
  const qs = params.toString()
  return requestJson(MethodologyListSchema, `${BASE}${qs ? `?${qs}` : ''}`, { signal }).then((r) => r.methodologies)
}

export function getMethodology(slug: string, signal?: AbortSignal): Promise<MethodologyDetail> {
  return requestJson(MethodologyDetailSchema, `${BASE}/${enc(slug)}`, { signal })
}

export function createMethodology(body: CreateMethodologyBody): Promise<MethodologyDetail> {
  return requestJson(MethodologyDetailSchema, BASE, { method: 'POST', body })
}

export function updateMethodology(slug: string, body: UpdateMethodologyBody): Promise<MethodologyDetail> {
  return requestJson(MethodologyDetailSchema, `${BASE}/${enc(slug)}`, { method: 'PUT', body })
}

export function listVersions(slug: string, signal?: AbortSignal): Promise<MethodologyVersionSummary[]> {
  return requestJson(MethodologyVersionListSchema, `${BASE}/${enc(slug)}/versions`, { signal }).then((r) => r.versions)
}

export function getVersionDiff(slug: string, version: number, against: number, signal?: AbortSignal): Promise<MethodologyDiff> {
  return requestJson(MethodologyDiffSchema, `${BASE}/${enc(slug)}/versions/${version}/diff?against=${against}`, { signal })
}

export function restoreVersion(slug: string, version: number): Promise<MethodologyDetail> {
  const body: RestoreVersionBody = { version }
  return requestJson(MethodologyDetailSchema, `${BASE}/${enc(slug)}/restore`, { method: 'POST', body })
}

export async function recordUsage(slug: string, boardId: string, version: number): Promise<void> {
  const body: RecordUsageBody = { boardId, version }
  await send(`${BASE}/${enc(slug)}/usage`, { method: 'POST', body })
}

export function importMarkdownFiles(files: { filename: string; content: string }[], overwrite: boolean): Promise<ImportResult> {
  const body: ImportLibraryBody = { files, overwrite }
  return requestJson(ImportResultSchema, `${BASE}/import`, { method: 'POST', body })
}

/** Same-origin download links (the session cookie goes with them). */
export const exportMarkdownHref = (slug: string): string => `${config.apiBase}${BASE}/${enc(slug)}/export.md`
export const exportLibraryHref = (): string => `${config.apiBase}${BASE}/export.zip`

/** A message for the user: the server's message, with a size refusal said plainly. Located issues are in `issues`. */
export function describeKnowledgeError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 409) return error.message
    if (error.status === 413) return error.code === 'bad_response' ? 'Too large to save.' : `Too large to save: ${error.message.replace(/^methodology too large: /, '')}`
    return error.message
  }
  if (error instanceof Error) return error.message
  return 'Something went wrong.'
}
