/**
 * The REST calls the planning UI needs beyond the board itself: who I am (and my organisation), who the board is
 * shared with, and the organisations' names and colours. Every body is parsed with its shared/schema/api.ts schema.
 */
import type { z } from 'zod'
import { MeResponseSchema, OrganisationListSchema, ShareListSchema, type MeResponse, type Organisation, type Share } from '../../../shared/schema/api'
import { ApiError } from '../../api/client'
import { config } from '../../config'

async function getJson<S extends z.ZodType>(schema: S, path: string, signal?: AbortSignal): Promise<z.infer<S>> {
  let response: Response
  try {
    response = await fetch(`${config.apiBase}${path}`, { headers: { accept: 'application/json' }, credentials: 'same-origin', ...(signal ? { signal } : {}) })
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error
    throw new ApiError(0, 'network', 'Could not reach the Pooled server. Check your connection and try again.')
  }
  if (!response.ok) throw new ApiError(response.status, 'bad_response', `The server answered ${response.status} for ${path}`)
  const parsed = schema.safeParse(await response.json().catch(() => undefined))
  if (!parsed.success) throw new ApiError(response.status, 'bad_response', `Unexpected answer from the server for GET ${path}`)
  return parsed.data
}

const boardPath = (boardId: string) => `/api/boards/${encodeURIComponent(boardId)}`

/** The signed-in person and their organisation; null when accounts are off (401 means not signed in). */
export async function fetchMe(signal?: AbortSignal): Promise<MeResponse | null> {
  try {
    return await getJson(MeResponseSchema, '/api/auth/me', signal)
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 404)) return null
    throw error
  }
}

/** Who the board is shared with (owner first). */
export async function fetchShares(boardId: string, signal?: AbortSignal): Promise<Share[]> {
  return (await getJson(ShareListSchema, `${boardPath(boardId)}/shares`, signal)).shares
}

/** Every organisation on this deployment (names and colours for dots and badges). */
export async function fetchOrganisations(signal?: AbortSignal): Promise<Organisation[]> {
  return (await getJson(OrganisationListSchema, '/api/orgs', signal)).organisations
}

/** Where the Markdown and CSV reports of a board are downloaded from. */
export function reportUrl(boardId: string, format: 'md' | 'csv'): string {
  return `${config.apiBase}${boardPath(boardId)}/report.${format}`
}
