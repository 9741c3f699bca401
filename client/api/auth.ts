/**
 * Typed calls for accounts, organisations, board sharing, invite links, people lookup and deployment settings,
 * through the one transport in ./client. Every request and response body is a contract in shared/schema/api.ts.
 */
import {
  AcceptInviteResultSchema,
  InviteListSchema,
  InvitePreviewSchema,
  InviteSchema,
  MeResponseSchema,
  OrganisationDetailSchema,
  OrganisationListSchema,
  OrganisationSchema,
  OkResponseSchema,
  OrgInviteListSchema,
  OrgInviteSchema,
  PersonLookupSchema,
  PublicSettingsSchema,
  SessionResponseSchema,
  SettingsSchema,
  ShareListSchema,
  type AcceptInviteResult,
  type CreateInviteBody,
  type CreateOrgInviteBody,
  type Invite,
  type InvitePreview,
  type LoginBody,
  type MeResponse,
  type Organisation,
  type OrganisationDetail,
  type OrgInvite,
  type OrgRole,
  type PersonLookup,
  type PublicSettings,
  type PutShareBody,
  type SessionResponse,
  type Settings,
  type Share,
  type SignupBody,
  type UpdateMemberBody,
  type UpdateOrganisationBody,
  type UpdateSettingsBody,
} from '../../shared/schema/api'
import { requestJson, send } from './client'

const enc = encodeURIComponent

// ---- accounts ---------------------------------------------------------------------------------------------

export function getPublicSettings(signal?: AbortSignal): Promise<PublicSettings> {
  return requestJson(PublicSettingsSchema, '/api/auth/settings', signal ? { signal } : {})
}

export function signUp(body: SignupBody): Promise<SessionResponse> {
  return requestJson(SessionResponseSchema, '/api/auth/signup', { method: 'POST', body })
}

export function signIn(body: LoginBody): Promise<SessionResponse> {
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

export function getOrganisation(orgId: string, signal?: AbortSignal): Promise<OrganisationDetail> {
  return requestJson(OrganisationDetailSchema, `/api/orgs/${enc(orgId)}`, signal ? { signal } : {})
}

export function updateOrganisation(orgId: string, body: UpdateOrganisationBody): Promise<Organisation> {
  return requestJson(OrganisationSchema, `/api/orgs/${enc(orgId)}`, { method: 'PATCH', body })
}

export async function setMemberRole(orgId: string, userId: string, orgRole: OrgRole): Promise<void> {
  const body: UpdateMemberBody = { orgRole }
  await requestJson(OkResponseSchema, `/api/orgs/${enc(orgId)}/members/${enc(userId)}`, { method: 'PATCH', body })
}

export async function removeMember(orgId: string, userId: string): Promise<void> {
  await send(`/api/orgs/${enc(orgId)}/members/${enc(userId)}`, { method: 'DELETE' })
}

export function createOrgInvite(orgId: string, body: CreateOrgInviteBody): Promise<OrgInvite> {
  return requestJson(OrgInviteSchema, `/api/orgs/${enc(orgId)}/invites`, { method: 'POST', body })
}

export function listOrgInvites(orgId: string, signal?: AbortSignal): Promise<OrgInvite[]> {
  return requestJson(OrgInviteListSchema, `/api/orgs/${enc(orgId)}/invites`, signal ? { signal } : {}).then((r) => r.invites)
}

export async function revokeOrgInvite(orgId: string, inviteId: string): Promise<void> {
  await send(`/api/orgs/${enc(orgId)}/invites/${enc(inviteId)}`, { method: 'DELETE' })
}

// ---- board sharing ----------------------------------------------------------------------------------------

const boardPath = (boardId: string) => `/api/boards/${enc(boardId)}`

export function listShares(boardId: string, signal?: AbortSignal): Promise<Share[]> {
  return requestJson(ShareListSchema, `${boardPath(boardId)}/shares`, signal ? { signal } : {}).then((r) => r.shares)
}

export function putShare(boardId: string, body: PutShareBody): Promise<Share[]> {
  return requestJson(ShareListSchema, `${boardPath(boardId)}/shares`, { method: 'PUT', body }).then((r) => r.shares)
}

export function removeShare(boardId: string, principalType: 'user' | 'org', principalId: string): Promise<Share[]> {
  return requestJson(ShareListSchema, `${boardPath(boardId)}/shares/${principalType}/${enc(principalId)}`, { method: 'DELETE' }).then(
    (r) => r.shares,
  )
}

export function createBoardInvite(boardId: string, body: CreateInviteBody): Promise<Invite> {
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

export function acceptInvite(token: string): Promise<AcceptInviteResult> {
  return requestJson(AcceptInviteResultSchema, `/api/invites/${enc(token)}/accept`, { method: 'POST' })
}

// ---- people and deployment settings -----------------------------------------------------------------------

export function lookupPerson(email: string, signal?: AbortSignal): Promise<PersonLookup> {
  return requestJson(PersonLookupSchema, `/api/users/lookup?email=${enc(email)}`, signal ? { signal } : {})
}

export function getDeploymentSettings(signal?: AbortSignal): Promise<Settings> {
  return requestJson(SettingsSchema, '/api/admin/settings', signal ? { signal } : {})
}

export function updateDeploymentSettings(body: UpdateSettingsBody): Promise<Settings> {
  return requestJson(SettingsSchema, '/api/admin/settings', { method: 'PATCH', body })
}
