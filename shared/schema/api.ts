/**
 * The REST contract between client and server: request and response bodies plus the one error envelope.
 * Both sides parse with these schemas; types come from z.infer.
 */
import { z } from 'zod'

/** Board ids: 22 characters of base64url, i.e. 132 random bits. Validated before anything reaches storage. */
export const BOARD_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/
export const BoardIdSchema = z.string().regex(BOARD_ID_PATTERN, 'board id must be 22 URL-safe characters')

export const BOARD_TITLE_MAX_CHARS = 200
export const BoardTitleSchema = z
  .string()
  .trim()
  .min(1, 'title must not be empty')
  .max(BOARD_TITLE_MAX_CHARS, `title must be at most ${BOARD_TITLE_MAX_CHARS} characters`)

export const BoardSchema = z.object({
  id: BoardIdSchema,
  title: z.string(),
  /** ISO 8601 timestamp (UTC). */
  createdAt: z.string(),
  /** ISO 8601 timestamp (UTC). */
  updatedAt: z.string(),
})
export type Board = z.infer<typeof BoardSchema>

export const CreateBoardBodySchema = z.object({ title: BoardTitleSchema }).strict()
export type CreateBoardBody = z.infer<typeof CreateBoardBodySchema>

export const UpdateBoardBodySchema = z.object({ title: BoardTitleSchema }).strict()
export type UpdateBoardBody = z.infer<typeof UpdateBoardBodySchema>

export const BoardListSchema = z.object({ boards: z.array(BoardSchema) })
export type BoardList = z.infer<typeof BoardListSchema>

export const HealthSchema = z.object({ status: z.enum(['ok', 'unavailable']) })

/** Closed set of error codes the API returns. */
export const ErrorCode = {
  BadRequest: 'bad_request',
  ValidationFailed: 'validation_failed',
  NotFound: 'not_found',
  Unauthorized: 'unauthorized',
  Forbidden: 'forbidden',
  Conflict: 'conflict',
  PayloadTooLarge: 'payload_too_large',
  TooManyRequests: 'too_many_requests',
  Unavailable: 'unavailable',
  Internal: 'internal',
} as const
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode]

export const ErrorEnvelopeSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
    requestId: z.string().optional(),
  }),
})
export type ErrorEnvelope = z.infer<typeof ErrorEnvelopeSchema>
