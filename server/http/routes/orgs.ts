/** Organisations and their members. Members see their own organisation; its administrators (and the deployment's) manage it. */
import { Hono } from 'hono'
import { CreateOrgInviteBodySchema, ErrorCode, UpdateMemberBodySchema, UpdateOrganisationBodySchema } from '../../../shared/schema/api'
import type { Principal } from '../../auth/access'
import { issueInvite } from '../../auth/invites'
import type { AppDeps, AppEnv } from '../app-env'
import { requireUser } from '../auth-middleware'
import { AppError, notFound } from '../errors'
import { inviteUrl, presentInvite, toOrganisation } from '../presenters'
import { parseJsonBody } from '../validate'

const canManage = (p: Principal, orgId: string) => p.user.isAdmin || (p.user.orgId === orgId && p.user.orgRole === 'admin')

export function createOrgRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()

  app.get('/', async (c) => {
    requireUser(c)
    const orgs = await deps.storage.accounts.listOrgs()
    return c.json({ organisations: orgs.map(toOrganisation) })
  })

  const loadManaged = async (principal: Principal, orgId: string) => {
    const org = await deps.storage.accounts.getOrg(orgId)
    if (!org) throw notFound('organisation')
    if (!canManage(principal, orgId)) throw new AppError(403, ErrorCode.Forbidden, `only administrators of ${org.name} can do this`)
    return org
  }

  app.get('/:id', async (c) => {
    const principal = requireUser(c)
    const org = await deps.storage.accounts.getOrg(c.req.param('id'))
    if (!org) throw notFound('organisation')
    const isMember = principal.user.orgId === org.id || principal.user.isAdmin
    const members = isMember ? await deps.storage.accounts.listUsersInOrg(org.id) : []
    return c.json({
      organisation: toOrganisation(org),
      members: members.map((m) => ({ id: m.id, name: m.name, email: m.email, orgRole: m.orgRole, createdAt: m.createdAt })),
      canManage: canManage(principal, org.id),
    })
  })

  app.patch('/:id', async (c) => {
    const principal = requireUser(c)
    await loadManaged(principal, c.req.param('id'))
    const body = await parseJsonBody(c, UpdateOrganisationBodySchema)
    if (body.name) {
      const clash = await deps.storage.accounts.findOrgByName(body.name)
      if (clash && clash.id !== c.req.param('id')) throw new AppError(409, ErrorCode.Conflict, `${clash.name} already exists`)
    }
    const updated = await deps.storage.accounts.updateOrg(c.req.param('id'), {
      ...(body.name ? { name: body.name } : {}),
      ...(body.shortName ? { shortName: body.shortName } : {}),
      ...(body.colour ? { colour: body.colour.toLowerCase() } : {}),
    })
    if (!updated) throw notFound('organisation')
    return c.json(toOrganisation(updated))
  })

  app.patch('/:id/members/:userId', async (c) => {
    const principal = requireUser(c)
    const org = await loadManaged(principal, c.req.param('id'))
    const body = await parseJsonBody(c, UpdateMemberBodySchema)
    const member = await deps.storage.accounts.getUser(c.req.param('userId'))
    if (!member || member.orgId !== org.id || !member.isActive) throw notFound('member')
    if (body.orgRole === 'member' && member.orgRole === 'admin') {
      const admins = (await deps.storage.accounts.listUsersInOrg(org.id)).filter((m) => m.orgRole === 'admin')
      if (admins.length <= 1) throw new AppError(409, ErrorCode.Conflict, `${org.name} needs at least one administrator`)
    }
    await deps.storage.accounts.updateUser(member.id, { orgRole: body.orgRole })
    return c.json({ ok: true })
  })

  app.delete('/:id/members/:userId', async (c) => {
    const principal = requireUser(c)
    const org = await loadManaged(principal, c.req.param('id'))
    const member = await deps.storage.accounts.getUser(c.req.param('userId'))
    if (!member || member.orgId !== org.id || !member.isActive) throw notFound('member')
    if (member.id === principal.user.id) throw new AppError(409, ErrorCode.Conflict, 'you cannot remove yourself; ask another administrator')
    // A person belongs to one organisation: leaving it closes the account and every live session.
    await deps.storage.accounts.updateUser(member.id, { isActive: false })
    await deps.storage.accounts.deleteSessionsOfUser(member.id)
    deps.onUserDeactivated(member.id)
    return c.body(null, 204)
  })

  app.post('/:id/invites', async (c) => {
    const principal = requireUser(c)
    const org = await loadManaged(principal, c.req.param('id'))
    const body = await parseJsonBody(c, CreateOrgInviteBodySchema)
    const { row, token } = await issueInvite(deps.storage, { id: deps.newId(), kind: 'org', targetId: org.id, role: body.role, expiresInDays: body.expiresInDays, createdBy: principal.user.id }, deps.now())
    return c.json(await presentInvite(deps.storage, row, { token, url: inviteUrl(c.req.url, token) }), 201)
  })

  app.get('/:id/invites', async (c) => {
    const principal = requireUser(c)
    const org = await loadManaged(principal, c.req.param('id'))
    const rows = await deps.storage.invites.listFor('org', org.id)
    return c.json({ invites: await Promise.all(rows.map((r) => presentInvite(deps.storage, r))) })
  })

  app.delete('/:id/invites/:inviteId', async (c) => {
    const principal = requireUser(c)
    const org = await loadManaged(principal, c.req.param('id'))
    const ok = await deps.storage.invites.revoke(c.req.param('inviteId'), 'org', org.id, deps.now().toISOString())
    if (!ok) throw notFound('invite')
    return c.body(null, 204)
  })

  return app
}
