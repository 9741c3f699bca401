/**
 * The one REST transport of the client, over the contracts in `shared/schema/`. Every response body is parsed with
 * its zod schema, the error envelope `{ error: { code, message, details? } }` is mapped here once, and every failure
 * becomes an `ApiError` whose message is fit to show to the user. Features call the typed functions in client/api/
 * and never `fetch` themselves.
 */
import type { z } from 'zod'
import {
  BoardListSchema,
  BoardSchema,
  ErrorEnvelopeSchema,
  ErrorIssueListSchema,
  type Board,
  type CreateBoardBody,
  type ErrorIssue,
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
  /** The located problems in `details` (`[{ path, message }]`, as validation failures send them), else empty. */
  readonly issues: readonly ErrorIssue[]
  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.details = details
    const issues = ErrorIssueListSchema.safeParse(details)
    this.issues = issues.success ? issues.data : []
  }
  get isNotFound(): boolean {
    return this.status === 404
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  /** A JSON value, or raw bytes (a `Blob`/`File`, `ArrayBuffer` or byte view) sent as they are: uploads. */
  body?: unknown
  signal?: AbortSignal | undefined
  /** The media type asked for; JSON unless a text download is read (the report). */
  accept?: string
}

/** Sends one request; resolves with the response when it is 2xx, rejects with an `ApiError` otherwise. */
export async function send(path: string, options: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { accept: options.accept ?? 'application/json' }
  const init: RequestInit = { method: options.method ?? 'GET', headers, credentials: 'same-origin' }
  if (options.signal) init.signal = options.signal
  if (options.body !== undefined) {
    const raw = rawBody(options.body)
    if (raw !== null) {
      headers['content-type'] = (options.body instanceof Blob && options.body.type) || 'application/octet-stream'
      init.body = raw
    } else {
      headers['content-type'] = 'application/json'
      init.body = JSON.stringify(options.body)
    }
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

/** The body as bytes when it is a file or binary data (sent unchanged), else null (it is sent as JSON). */
function rawBody(body: unknown): Blob | ArrayBuffer | ArrayBufferView<ArrayBuffer> | null {
  if (body instanceof Blob || body instanceof ArrayBuffer) return body
  if (ArrayBuffer.isView(body) && body.buffer instanceof ArrayBuffer) return body as ArrayBufferView<ArrayBuffer>
  return null
}

async function toApiError(response: Response): Promise<ApiError> {
  const body: unknown = await response.json().catch(() => null)
  const envelope = ErrorEnvelopeSchema.safeParse(body)
  if (envelope.success) return new ApiError(response.status, envelope.data.error.code, envelope.data.error.message, envelope.data.error.details)
  // A proxy or the runtime, not our error mapper, answered: say what we know.
  if (response.status === 413) return new ApiError(413, 'bad_response', 'This is too large to send to the server.')
  return new ApiError(response.status, 'bad_response', `The server answered ${response.status} ${response.statusText}`.trim())
}

/** Sends one request and parses the JSON answer with `schema`; an answer that does not fit is an `ApiError`. */
export async function requestJson<S extends z.ZodType>(schema: S, path: string, options: RequestOptions = {}): Promise<z.infer<S>> {
  const response = await send(path, options)
  const body: unknown = await response.json().catch(() => undefined)
  const parsed = schema.safeParse(body)
  if (!parsed.success) {
    const where = parsed.error.issues[0]?.path.join('.')
    throw new ApiError(
      response.status,
      'bad_response',
      `Unexpected answer from the server for ${options.method ?? 'GET'} ${path}${where ? ` (at ${where})` : ''}. Reload the page; if it persists, the server may be a different version.`,
    )
  }
  return parsed.data
}

/** Sends one request and reads the answer as text (Markdown downloads). */
export async function requestText(path: string, options: RequestOptions = {}): Promise<string> {
  const response = await send(path, options)
  return response.text()
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

/** Where the Markdown and CSV reports of a board are downloaded from (same origin: the session cookie goes along). */
export function reportUrl(boardId: string, format: 'md' | 'csv'): string {
  return `${config.apiBase}${boardPath(boardId)}/report.${format}`
}

/** The board's category plan report as Markdown. */
export function getReportMarkdown(boardId: string, signal?: AbortSignal): Promise<string> {
  return requestText(`${boardPath(boardId)}/report.md`, { signal, accept: 'text/markdown' })
}

/** A message for any thrown value, for display. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.message
  if (error instanceof Error) return error.message
  return 'Something went wrong.'
}
