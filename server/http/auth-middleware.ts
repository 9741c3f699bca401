/**
 * Resolves the caller from `Authorization: Bearer <token>` or the `pooled_session` cookie, once per request.
 * Routes call `requireUser(c)`; an unauthenticated caller gets 401 in the error envelope.
 */
import type { Context, MiddlewareHandler } from 'hono'
import { getCookie } from 'hono/cookie'
import { ErrorCode } from '../../shared/schema/api'
import { resolveSession, type Principal } from '../auth/access'
import type { Storage } from '../storage/types'
import type { AppEnv } from './app-env'
import { AppError } from './errors'

export const SESSION_COOKIE = 'pooled_session'

export function tokenFromRequest(c: Context): string | null {
  const header = c.req.header('authorization')
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header)
    return match ? (match[1] ?? null) : null
  }
  return getCookie(c, SESSION_COOKIE) ?? null
}

export function createAuthMiddleware(storage: Storage, now: () => Date): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = tokenFromRequest(c)
    c.set('principal', token ? await resolveSession(storage, token, now()) : null)
    await next()
  }
}

export function currentPrincipal(c: Context<AppEnv>): Principal | null {
  // Unset on routes outside /api (the middleware runs only there).
  return c.get('principal') ?? null
}

/** The signed-in caller, or a 401. */
export function requireUser(c: Context<AppEnv>): Principal {
  const principal = currentPrincipal(c)
  if (!principal) throw new AppError(401, ErrorCode.Unauthorized, 'sign in to continue')
  return principal
}
