/** Accounts: sign up, sign in, sign out, who am I, and the public sign-up settings. */
import { Hono, type Context } from 'hono'
import { deleteCookie, setCookie } from 'hono/cookie'
import { getConnInfo } from '@hono/node-server/conninfo'
import {
  ErrorCode,
  LoginBodySchema,
  SignupBodySchema,
  type MeResponse,
  type SessionResponse,
} from '../../../shared/schema/api'
import { SESSION_TTL_MS } from '../../auth/access'
import { dummyPasswordHash, hashPassword, verifyPassword } from '../../auth/password'
import { signupMode, signUp } from '../../auth/signup'
import { hashToken, newSecretToken } from '../../auth/tokens'
import type { OrgRow, UserRow } from '../../storage/types'
import type { AppDeps, AppEnv } from '../app-env'
import { currentPrincipal, requireUser, SESSION_COOKIE } from '../auth-middleware'
import { authErrorToAppError } from '../auth-errors'
import { AppError } from '../errors'
import { toOrganisation, toUser } from '../presenters'
import { parseJsonBody } from '../validate'

function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown'
  } catch {
    // reason: app.request() in tests has no socket
    return 'unknown'
  }
}

const isHttps = (c: Context) => new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https'

async function startSession(c: Context, deps: AppDeps, user: UserRow, org: OrgRow): Promise<SessionResponse> {
  const token = newSecretToken()
  const now = deps.now()
  await deps.storage.accounts.createSession({
    tokenHash: hashToken(token),
    userId: user.id,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + SESSION_TTL_MS).toISOString(),
  })
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: isHttps(c),
    path: '/',
    maxAge: Math.floor(SESSION_TTL_MS / 1000),
  })
  return { token, user: toUser(user), organisation: toOrganisation(org) }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export function createAuthRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()

  app.get('/settings', async (c) => {
    return c.json({ signupMode: await signupMode(deps.storage, deps.defaultSignupMode), hasUsers: (await deps.storage.accounts.countUsers()) > 0 })
  })

  app.post('/signup', async (c) => {
    const body = await parseJsonBody(c, SignupBodySchema)
    const signedUp = await signUp(deps.storage, body, {
      now: deps.now(),
      newId: deps.newId,
      configuredMode: deps.defaultSignupMode ?? 'open',
      hashPassword: (password) => hashPassword(password, deps.scrypt),
    })
    if (!signedUp.ok) throw authErrorToAppError(signedUp.error)
    const { user, org, boardId } = signedUp.value
    if (boardId) await deps.onAccessChanged(boardId)
    deps.log.info({ userId: user.id, orgId: org.id, isAdmin: user.isAdmin }, 'account created')
    return c.json(await startSession(c, deps, user, org), 201)
  })

  app.post('/login', async (c) => {
    const body = await parseJsonBody(c, LoginBodySchema)
    const keys = [`email:${body.email}`, `ip:${clientAddress(c)}`]
    const decision = deps.throttle.check(keys)
    if (!decision.allowed) {
      c.header('retry-after', String(decision.retryAfterSeconds))
      throw new AppError(429, ErrorCode.TooManyRequests, `too many failed sign-in attempts; try again in ${Math.ceil(decision.retryAfterSeconds / 60)} minutes`)
    }
    if (decision.delayMs > 0) await sleep(decision.delayMs)
    const user = await deps.storage.accounts.findUserByEmail(body.email)
    const hash = user?.passwordHash ?? (await dummyPasswordHash(deps.scrypt))
    const isValid = (await verifyPassword(body.password, hash)) && user !== null && user.isActive
    if (!isValid || !user) {
      deps.throttle.recordFailure(keys)
      deps.log.warn({ ip: keys[1] }, 'failed sign-in')
      throw new AppError(401, ErrorCode.Unauthorized, 'email or password is incorrect')
    }
    deps.throttle.recordSuccess([keys[0] as string])
    const org = await deps.storage.accounts.getOrg(user.orgId)
    if (!org) throw new AppError(500, ErrorCode.Internal, 'account has no organisation')
    return c.json(await startSession(c, deps, user, org))
  })

  app.post('/logout', async (c) => {
    const principal = currentPrincipal(c)
    if (principal) await deps.storage.accounts.deleteSession(principal.tokenHash)
    deleteCookie(c, SESSION_COOKIE, { path: '/' })
    return c.body(null, 204)
  })

  app.get('/me', (c) => {
    const { user, org } = requireUser(c)
    const body: MeResponse = { user: toUser(user), organisation: toOrganisation(org) }
    return c.json(body)
  })

  return app
}
