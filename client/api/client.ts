/**
 * Typed REST client over `shared/schema/api.ts`. Every response body is parsed with its zod schema; every failure
 * becomes an `ApiError` whose message is fit to show to the user.
 */
import type { z } from 'zod'
import {
  BoardListSchema,
  BoardSchema,
  ErrorEnvelopeSchema,
  type Board,
  type CreateBoardBody,
  type UpdateBoardBody,
} from '../../shared/schema/api'
import { config } from '../config'

/** Client-side failure codes, on top of the server's `ErrorCode` strings. */
export type ClientErrorCode = 'network' | 'bad_response'

export class ApiError extends Error {
  /** HTTP status, or 0 when the server could not be reached. */
  readonly status: number
  readonly code: string
  /** The envelope's `details` (e.g. field-level validation failures), when the server sent any. */
  readonly details: unknown
  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.details = details
  }
  get isNotFound(): boolean {
    return this.status === 404
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  body?: unknown
  signal?: AbortSignal
}

export async function send(path: string, options: RequestOptions): Promise<Response> {
  const init: RequestInit = { method: options.method ?? 'GET', headers: { accept: 'application/json' }, credentials: 'same-origin' }
  if (options.signal) init.signal = options.signal
  if (options.body !== undefined) {
    init.headers = { accept: 'application/json', 'content-type': 'application/json' }
    init.body = JSON.stringify(options.body)
  }
  let response: Response
  try {
    response = await fetch(`${config.apiBase}${path}`, init)
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error
    throw new ApiError(0, 'network', 'Could not reach the Pooled server. Check your connection and try again.')
  }
  if (!response.ok) throw await toApiError(response)
  return response
}

async function toApiError(response: Response): Promise<ApiError> {
  const body: unknown = await response.json().catch(() => null)
  const envelope = ErrorEnvelopeSchema.safeParse(body)
  if (envelope.success) return new ApiError(response.status, envelope.data.error.code, envelope.data.error.message, envelope.data.error.details)
  return new ApiError(response.status, 'bad_response', `The server answered ${response.status} ${response.statusText}`.trim())
}

export async function requestJson<S extends z.ZodType>(schema: S, path: string, options: RequestOptions = {}): Promise<z.infer<S>> {
  const response = await send(path, options)
  const body: unknown = await response.json().catch(() => undefined)
  const parsed = schema.safeParse(body)
  if (!parsed.success) {
    throw new ApiError(response.status, 'bad_response', `Unexpected answer from the server for ${options.method ?? 'GET'} ${path}`)
  }
  return parsed.data
}

function boardPath(boardId: string): string {
  return `/api/boards/${encodeURIComponent(boardId)}`
}

export function listBoards(signal?: AbortSignal): Promise<Board[]> {
  return requestJson(BoardListSchema, '/api/boards', signal ? { signal } : {}).then((list) => list.boards)
}

export function getBoard(boardId: string, signal?: AbortSignal): Promise<Board> {
  return requestJson(BoardSchema, boardPath(boardId), signal ? { signal } : {})
}

export function createBoard(body: CreateBoardBody): Promise<Board> {
  return requestJson(BoardSchema, '/api/boards', { method: 'POST', body })
}

export function renameBoard(boardId: string, body: UpdateBoardBody): Promise<Board> {
  return requestJson(BoardSchema, boardPath(boardId), { method: 'PATCH', body })
}

export async function deleteBoard(boardId: string): Promise<void> {
  await send(boardPath(boardId), { method: 'DELETE' })
}

/** A message for any thrown value, for display. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.message
  if (error instanceof Error) return error.message
  return 'Something went wrong.'
}
