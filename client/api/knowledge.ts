/**
 * Typed client for the knowledge base (`/api/methodologies`) over `shared/schema/knowledge-api.ts`. Every response
 * is parsed; every failure is an `ApiError` (a `KnowledgeApiError` carries the server's per-path issues when given).
 */
import { z } from 'zod'
import { ErrorEnvelopeSchema } from '../../shared/schema/api'
import {
  ImportResultSchema,
  MethodologyDetailSchema,
  MethodologyDiffSchema,
  MethodologyListSchema,
  MethodologyVersionListSchema,
  type ImportResult,
  type MethodologyDetail,
  type MethodologyDiff,
  type MethodologyListItem,
  type MethodologyVersionSummary,
} from '../../shared/schema/knowledge-api'
import type { CategoryStage } from '../../shared/knowledge/methodology'
import type { Template } from '../../shared/knowledge/template'
import { ApiError } from './client'
import { config } from '../config'

/** One problem the server found, located by a path such as `template.shapes[3].text`. */
export interface ApiIssue {
  readonly path: string
  readonly message: string
}

/** An API failure with the server's issue list (400 validation, 413 too large). */
export class KnowledgeApiError extends ApiError {
  readonly issues: readonly ApiIssue[]
  constructor(status: number, code: string, message: string, issues: readonly ApiIssue[]) {
    super(status, code, message)
    this.name = 'KnowledgeApiError'
    this.issues = issues
  }
}

const IssuesSchema = z.array(z.object({ path: z.string(), message: z.string() }))

const BASE = '/api/methodologies'

async function send(path: string, init: { method?: 'GET' | 'POST' | 'PUT'; body?: unknown; signal?: AbortSignal | undefined } = {}): Promise<Response> {
  const request: RequestInit = { method: init.method ?? 'GET', credentials: 'same-origin', headers: { accept: 'application/json' } }
  if (init.signal) request.signal = init.signal
  if (init.body !== undefined) {
    request.headers = { accept: 'application/json', 'content-type': 'application/json' }
    request.body = JSON.stringify(init.body)
  }
  let response: Response
  try {
    response = await fetch(`${config.apiBase}${BASE}${path}`, request)
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error
    throw new ApiError(0, 'network', 'Could not reach the Pooled server. Check your connection and try again.')
  }
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => null)
    const envelope = ErrorEnvelopeSchema.safeParse(body)
    if (!envelope.success) {
      const fallback = response.status === 413 ? 'This is too large to save.' : `The server answered ${response.status} ${response.statusText}`.trim()
      throw new KnowledgeApiError(response.status, 'bad_response', fallback, [])
    }
    const issues = IssuesSchema.safeParse(envelope.data.error.details)
    throw new KnowledgeApiError(response.status, envelope.data.error.code, envelope.data.error.message, issues.success ? issues.data : [])
  }
  return response
}

async function json<S extends z.ZodType>(schema: S, path: string, init: Parameters<typeof send>[1] = {}): Promise<z.infer<S>> {
  const response = await send(path, init)
  const parsed = schema.safeParse(await response.json().catch(() => undefined))
  if (!parsed.success) throw new ApiError(response.status, 'bad_response', `Unexpected answer from the server for ${init.method ?? 'GET'} ${BASE}${path}`)
  return parsed.data
}

const enc = encodeURIComponent

/** Sort orders the list endpoint understands. */
export type MethodologySort = 'relevance' | 'most-used' | 'recent' | 'title'

/** Search/filter query for the list. */
export interface MethodologyQuery {
  q?: string
  tag?: string
  stage?: CategoryStage | ''
  org?: string
  sort?: MethodologySort
}

export function searchMethodologies(query: MethodologyQuery, signal?: AbortSignal): Promise<MethodologyListItem[]> {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) if (typeof value === 'string' && value.trim() !== '') params.set(key, value.trim())
  const qs = params.toString()
  return json(MethodologyListSchema, qs ? `?${qs}` : '', { signal }).then((r) => r.methodologies)
}

export function getMethodology(slug: string, signal?: AbortSignal): Promise<MethodologyDetail> {
  return json(MethodologyDetailSchema, `/${enc(slug)}`, { signal })
}

/** The editable fields of a methodology. */
export interface MethodologyFields {
  title: string
  stage: CategoryStage
  summary: string
  whenToUse: string
  tags: string[]
  body: string
  template: Template | unknown
}

export function createMethodology(fields: MethodologyFields & { slug: string; changeNote?: string }): Promise<MethodologyDetail> {
  return json(MethodologyDetailSchema, '', { method: 'POST', body: fields })
}

export function updateMethodology(slug: string, fields: MethodologyFields & { baseVersion: number; changeNote: string }): Promise<MethodologyDetail> {
  return json(MethodologyDetailSchema, `/${enc(slug)}`, { method: 'PUT', body: fields })
}

export function listVersions(slug: string, signal?: AbortSignal): Promise<MethodologyVersionSummary[]> {
  return json(MethodologyVersionListSchema, `/${enc(slug)}/versions`, { signal }).then((r) => r.versions)
}

export function getVersionDiff(slug: string, version: number, against: number, signal?: AbortSignal): Promise<MethodologyDiff> {
  return json(MethodologyDiffSchema, `/${enc(slug)}/versions/${version}/diff?against=${against}`, { signal })
}

export function restoreVersion(slug: string, version: number): Promise<MethodologyDetail> {
  return json(MethodologyDetailSchema, `/${enc(slug)}/restore`, { method: 'POST', body: { version } })
}

export async function recordUsage(slug: string, boardId: string, version: number): Promise<void> {
  await send(`/${enc(slug)}/usage`, { method: 'POST', body: { boardId, version } })
}

export function importMarkdownFiles(files: { filename: string; content: string }[], overwrite: boolean): Promise<ImportResult> {
  return json(ImportResultSchema, '/import', { method: 'POST', body: { files, overwrite } })
}

/** Same-origin download links (the session cookie goes with them). */
export const exportMarkdownHref = (slug: string): string => `${config.apiBase}${BASE}/${enc(slug)}/export.md`
export const exportLibraryHref = (): string => `${config.apiBase}${BASE}/export.zip`

/** A message for the user: the server's message plus, for validation failures, the first few located issues. */
export function describeKnowledgeError(error: unknown): string {
  if (error instanceof KnowledgeApiError) {
    if (error.status === 409) return error.message
    if (error.status === 413) return `Too large to save: ${error.message.replace(/^methodology too large: /, '')}`
    return error.message
  }
  if (error instanceof Error) return error.message
  return 'Something went wrong.'
}
