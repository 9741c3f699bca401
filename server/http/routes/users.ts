/** People lookup for sharing (exact email only, so the directory cannot be scraped) and deployment settings. */
import { Hono } from 'hono'
import { EmailSchema, ErrorCode, UpdateSettingsBodySchema } from '../../../shared/schema/api'
import { SIGNUP_MODE_KEY, signupMode } from '../../auth/signup'
import type { AppDeps, AppEnv } from '../app-env'
import { requireUser } from '../auth-middleware'
import { AppError, notFound } from '../errors'
import { parseJsonBody, parseWith } from '../validate'

export function createUserRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()
  app.get('/lookup', async (c) => {
    requireUser(c)
    const email = parseWith(EmailSchema, c.req.query('email') ?? '', 'email')
    const user = await deps.storage.accounts.findUserByEmail(email)
    if (!user || !user.isActive) throw notFound('person with that email')
    const org = await deps.storage.accounts.getOrg(user.orgId)
    return c.json({ id: user.id, name: user.name, orgId: user.orgId, orgName: org?.name ?? '', orgShortName: org?.shortName ?? '', colour: org?.colour ?? '#888888' })
  })
  return app
}

export function createAdminRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()
  app.get('/settings', async (c) => {
    const { user } = requireUser(c)
    if (!user.isAdmin) throw new AppError(403, ErrorCode.Forbidden, 'only the deployment administrator can see settings')
    return c.json({ signupMode: await signupMode(deps.storage, deps.defaultSignupMode) })
  })
  app.patch('/settings', async (c) => {
    const { user } = requireUser(c)
    if (!user.isAdmin) throw new AppError(403, ErrorCode.Forbidden, 'only the deployment administrator can change settings')
    const body = await parseJsonBody(c, UpdateSettingsBodySchema)
    await deps.storage.accounts.setSetting(SIGNUP_MODE_KEY, body.signupMode)
    return c.json({ signupMode: body.signupMode })
  })
  return app
}
