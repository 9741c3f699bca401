/**
 * AppError and the one mapper from errors to the JSON envelope `{ error: { code, message, details? } }`.
 * Handlers throw AppError; `app.onError` maps it once. Unknown errors become 500 with the request id, logged once.
 */
import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { ErrorCode, type ErrorEnvelope } from '../../shared/schema/api'
import type { Logger } from '../log'
import type { AppEnv } from './app-env'

export class AppError extends Error {
  readonly code: ErrorCode
  readonly status: ContentfulStatusCode
  readonly details?: unknown

  constructor(status: ContentfulStatusCode, code: ErrorCode, message: string, details?: unknown) {
    super(message)
    this.name = 'AppError'
    this.status = status
    this.code = code
    this.details = details
  }
}

export const notFound = (what: string) => new AppError(404, ErrorCode.NotFound, `${what} not found`)

/** Build the envelope body. */
export function errorBody(code: ErrorCode, message: string, details?: unknown, requestId?: string): ErrorEnvelope {
  const error: ErrorEnvelope['error'] = { code, message }
  if (details !== undefined) error.details = details
  if (requestId !== undefined) error.requestId = requestId
  return { error }
}

/** Map any thrown value to a JSON error response. */
export function respondWithError(c: Context<AppEnv>, err: unknown, log: Logger): Response {
  const requestId: string | undefined = c.get('requestId')
  if (err instanceof AppError) {
    return c.json(errorBody(err.code, err.message, err.details), err.status)
  }
  // Hono's HTTPException (e.g. from body-limit) carries a status.
  const status = (err as { status?: unknown } | null)?.status
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const code = status === 413 ? ErrorCode.PayloadTooLarge : ErrorCode.BadRequest
    return c.json(errorBody(code, (err as Error).message || 'bad request'), status as ContentfulStatusCode)
  }
  log.error({ requestId, err: err instanceof Error ? { message: err.message, stack: err.stack } : String(err) }, 'unhandled error')
  return c.json(errorBody(ErrorCode.Internal, 'internal server error', undefined, requestId), 500)
}
