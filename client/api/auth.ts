/**
 * Typed calls for accounts, organisations, board sharing, invite links, people lookup and deployment settings.
 * Every response is parsed with the shared zod schemas (extended here only where the server adds a field).
 */
import { z } from 'zod'
import {
  InviteListSchema,
  InvitePreviewSchema,
  InviteSchema,
  MeResponseSchema,
  OrganisationDetailSchema,
  OrganisationListSchema,
  OrganisationSchema,
  OrgRoleSchema,
  PublicSettingsSchema,
  SessionResponseSchema,
  SettingsSchema,
  ShareListSchema,
  type Invite,
  type InvitePreview,
  type MeResponse,
  type NewOrganisation,
  type Organisation,
  type OrgRole,
  type SessionResponse,
  type Share,
  type SignupBody,
} from '../../shared/schema/api'
import type { BoardRole } from '../../shared/access/roles'
import { requestJson, send } from './client'

const enc = encodeURIComponent

// ---- accounts ---------------------------------------------------------------------------------------------

export type PublicSettings = z.infer<typeof PublicSettingsSchema>

export function getPublicSettings(signal?: AbortSignal): Promise<PublicSettings> {
  return requestJson(PublicSettingsSchema, '/api/auth/settings', signal ? { signal } : {})
}

export function signUp(body: SignupBody): Promise<SessionResponse> {
  return requestJson(SessionResponseSchema, '/api/auth/signup', { method: 'POST', body })
}

export function signIn(body: { email: string; password: string }): Promise<SessionResponse> {
  return requestJson(SessionResponseSchema, '/api/auth/login', { method: 'POST', body })
}

export async function signOutRequest(): Promise<void> {
  await send('/api/auth/logout', { method: 'POST' })
}

export function getMe(signal?: AbortSignal): Promise<MeResponse> {
  return requestJson(MeResponseSchema, '/api/auth/me', signal ? { signal } : {})
}

// ---- organisations ----------------------------------------------------------------------------------------

export function listOrganisations(signal?: AbortSignal): Promise<Organisation[]> {
  return requestJson(OrganisationListSchema, '/api/orgs', signal ? { signal } : {}).then((r) => r.organisations)
}

/** The server adds `canManage` (may the caller administer this organisation) to the shared detail. */
const OrganisationDetailWithRightsSchema = OrganisationDetailSchema.extend({ canManage: z.boolean().default(false) })
export type OrganisationDetail = z.infer<typeof OrganisationDetailWithRightsSchema>
export type Member = OrganisationDetail['members'][number]

export function getOrganisation(orgId: string, signal?: AbortSignal): Promise<OrganisationDetail> {
  return requestJson(OrganisationDetailWithRightsSchema, `/api/orgs/${enc(orgId)}`, signal ? { signal } : {})
}

export function updateOrganisation(orgId: string, body: Partial<NewOrganisation>): Promise<Organisation> {
  return requestJson(OrganisationSchema, `/api/orgs/${enc(orgId)}`, { method: 'PATCH', body })
}

const OkSchema = z.object({ ok: z.boolean() })

export async function setMemberRole(orgId: string, userId: string, orgRole: OrgRole): Promise<void> {
  await requestJson(OkSchema, `/api/orgs/${enc(orgId)}/members/${enc(userId)}`, { method: 'PATCH', body: { orgRole } })
}

export async function removeMember(orgId: string, userId: string): Promise<void> {
  await send(`/api/orgs/${enc(orgId)}/members/${enc(userId)}`, { method: 'DELETE' })
}

/** Organisation invites share the board invite's shape, but their role is an organisation role. */
const OrgInviteSchema = InviteSchema.extend({ role: OrgRoleSchema })
export type OrgInvite = z.infer<typeof OrgInviteSchema>

export function createOrgInvite(orgId: string, body: { role: OrgRole; expiresInDays: number }): Promise<OrgInvite> {
  return requestJson(OrgInviteSchema, `/api/orgs/${enc(orgId)}/invites`, { method: 'POST', body })
}

export function listOrgInvites(orgId: string, signal?: AbortSignal): Promise<OrgInvite[]> {
  return requestJson(z.object({ invites: z.array(OrgInviteSchema) }), `/api/orgs/${enc(orgId)}/invites`, signal ? { signal } : {}).then((r) => r.invites)
}

export async function revokeOrgInvite(orgId: string, inviteId: string): Promise<void> {
  await send(`/api/orgs/${enc(orgId)}/invites/${enc(inviteId)}`, { method: 'DELETE' })
}

// ---- board sharing ----------------------------------------------------------------------------------------

const boardPath = (boardId: string) => `/api/boards/${enc(boardId)}`

export function listShares(boardId: string, signal?: AbortSignal): Promise<Share[]> {
  return requestJson(ShareListSchema, `${boardPath(boardId)}/shares`, signal ? { signal } : {}).then((r) => r.shares)
}

export function putShare(boardId: string, body: { principalType: 'user' | 'org'; principalId: string; role: BoardRole }): Promise<Share[]> {
  return requestJson(ShareListSchema, `${boardPath(boardId)}/shares`, { method: 'PUT', body }).then((r) => r.shares)
}

export function removeShare(boardId: string, principalType: 'user' | 'org', principalId: string): Promise<Share[]> {
  return requestJson(ShareListSchema, `${boardPath(boardId)}/shares/${principalType}/${enc(principalId)}`, { method: 'DELETE' }).then(
    (r) => r.shares,
  )
}

export function createBoardInvite(boardId: string, body: { role: Exclude<BoardRole, 'owner'>; expiresInDays: number }): Promise<Invite> {
  return requestJson(InviteSchema, `${boardPath(boardId)}/invites`, { method: 'POST', body })
}

export function listBoardInvites(boardId: string, signal?: AbortSignal): Promise<Invite[]> {
  return requestJson(InviteListSchema, `${boardPath(boardId)}/invites`, signal ? { signal } : {}).then((r) => r.invites)
}

export async function revokeBoardInvite(boardId: string, inviteId: string): Promise<void> {
  await send(`${boardPath(boardId)}/invites/${enc(inviteId)}`, { method: 'DELETE' })
}

// ---- invite links (public preview, acceptance) -------------------------------------------------------------

export function previewInvite(token: string, signal?: AbortSignal): Promise<InvitePreview> {
  return requestJson(InvitePreviewSchema, `/api/invites/${enc(token)}`, signal ? { signal } : {})
}

const AcceptResultSchema = z.union([
  z.object({ kind: z.literal('board'), boardId: z.string() }),
  z.object({ kind: z.literal('org'), orgId: z.string() }),
])
export type AcceptResult = z.infer<typeof AcceptResultSchema>

export function acceptInvite(token: string): Promise<AcceptResult> {
  return requestJson(AcceptResultSchema, `/api/invites/${enc(token)}/accept`, { method: 'POST' })
}

// ---- people and deployment settings -----------------------------------------------------------------------

const PersonLookupSchema = z.object({
  id: z.string(),
  name: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  orgShortName: z.string(),
  colour: z.string(),
})
export type PersonLookup = z.infer<typeof PersonLookupSchema>

export function lookupPerson(email: string, signal?: AbortSignal): Promise<PersonLookup> {
  return requestJson(PersonLookupSchema, `/api/users/lookup?email=${enc(email)}`, signal ? { signal } : {})
}

export type DeploymentSettings = z.infer<typeof SettingsSchema>

export function getDeploymentSettings(signal?: AbortSignal): Promise<DeploymentSettings> {
  return requestJson(SettingsSchema, '/api/admin/settings', signal ? { signal } : {})
}

export function updateDeploymentSettings(body: DeploymentSettings): Promise<DeploymentSettings> {
  return requestJson(SettingsSchema, '/api/admin/settings', { method: 'PATCH', body })
}
