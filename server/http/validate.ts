/** Request body and parameter parsing with zod, reporting failures in our error envelope. */
import type { Context } from 'hono'
import type { z } from 'zod'
import { ErrorCode } from '../../shared/schema/api'
import { AppError } from './errors'

/** Parse the JSON body with `schema`; throws AppError 400 with field details on failure. */
export async function parseJsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  const type = c.req.header('content-type') ?? ''
  if (!type.toLowerCase().includes('application/json')) {
    throw new AppError(415, ErrorCode.BadRequest, 'request body must be JSON (content-type: application/json)')
  }
  let raw: unknown
  try {
    raw = await c.req.json()
  } catch {
    throw new AppError(400, ErrorCode.BadRequest, 'request body is not valid JSON')
  }
  return parseWith(schema, raw, 'body')
}

/** Parse any value with `schema`; throws AppError 400 naming the failing fields. */
export function parseWith<S extends z.ZodType>(schema: S, raw: unknown, where: string): z.infer<S> {
  const parsed = schema.safeParse(raw)
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))
    const first = details[0]
    const message = first ? `invalid ${where}: ${first.path ? `${first.path}: ` : ''}${first.message}` : `invalid ${where}`
    throw new AppError(400, ErrorCode.ValidationFailed, message, details)
  }
  return parsed.data
}
