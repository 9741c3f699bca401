/**
 * Field-level messages for forms, from either the client-side zod check or the server's error envelope
 * (`details: [{ path, message }]`). Keys are dotted paths such as `organisation.shortName`.
 */
import type { z } from 'zod'

export type FieldErrors = Record<string, string>

function capitalise(text: string): string {
  return text.length > 0 ? text[0]!.toUpperCase() + text.slice(1) : text
}

/** First message per field from an envelope's `details`, if it has the usual shape. */
export function fieldErrorsFromDetails(details: unknown): FieldErrors {
  const out: FieldErrors = {}
  if (!Array.isArray(details)) return out
  for (const item of details) {
    if (typeof item !== 'object' || item === null) continue
    const { path, message } = item as { path?: unknown; message?: unknown }
    if (typeof path !== 'string' || typeof message !== 'string') continue
    const key = path.replace(/^body\./, '')
    // zod's generic wording for an empty required string reads like a developer message.
    const text = /^too small: expected string to have >=1 characters?$/i.test(message) ? 'This field is required' : message
    if (!(key in out)) out[key] = capitalise(text)
  }
  return out
}

/** First message per field from a zod error. */
export function fieldErrorsFromZod(error: z.ZodError): FieldErrors {
  return fieldErrorsFromDetails(error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })))
}
