/** server/auth/signup.ts and invites.ts: the account rules return Result values (no HTTP), on a real SQLite store. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { acceptInvite, issueInvite } from '../../../../server/auth/invites'
import { SIGNUP_MODE_KEY, signUp, type SignupContext } from '../../../../server/auth/signup'
import { openSqliteStorage } from '../../../../server/storage/sqlite/sqlite-storage'
import type { Storage } from '../../../../server/storage/types'

let dir: string
let storage: Storage
let counter = 0
const now = new Date('2026-12-01T10:00:00Z')
const ctx: SignupContext = { now, newId: () => `id${++counter}`, configuredMode: 'open', hashPassword: async (p) => `hash:${p.length}` }
const person = (email: string, orgName?: string) => ({
  name: 'Pat',
  email,
  password: 'correct horse battery',
  ...(orgName ? { organisation: { name: orgName, shortName: orgName.slice(0, 8), colour: '#1F77B4' } } : {}),
})

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pooled-signup-'))
  storage = openSqliteStorage({ filename: join(dir, 'pooled.sqlite') })
})
afterEach(async () => {
  await storage.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('signUp', () => {
  it('makes the first account the administrator of a new organisation', async () => {
    const result = await signUp(storage, person('a@example.gov.uk', 'Alpha Council'), ctx)
    expect(result.ok && { isAdmin: result.value.user.isAdmin, orgRole: result.value.user.orgRole, colour: result.value.org.colour }).toEqual({ isAdmin: true, orgRole: 'admin', colour: '#1f77b4' })
  })

  it('refuses without an invite in invite-only mode, a taken email, a missing or existing organisation', async () => {
    await signUp(storage, person('a@example.gov.uk', 'Alpha Council'), ctx)
    expect(await signUp(storage, person('a@example.gov.uk', 'Beta Council'), ctx)).toMatchObject({ ok: false, error: { code: 'email-taken' } })
    expect(await signUp(storage, person('b@example.gov.uk'), ctx)).toMatchObject({ ok: false, error: { code: 'organisation-required' } })
    expect(await signUp(storage, person('b@example.gov.uk', 'Alpha Council'), ctx)).toMatchObject({ ok: false, error: { code: 'organisation-exists' } })
    await storage.accounts.setSetting(SIGNUP_MODE_KEY, 'invite-only')
    expect(await signUp(storage, person('b@example.gov.uk', 'Beta Council'), ctx)).toMatchObject({ ok: false, error: { code: 'signup-invite-only' } })
  })

  it('joins the organisation of an invite, and refuses an expired or unknown one', async () => {
    const first = await signUp(storage, person('a@example.gov.uk', 'Alpha Council'), ctx)
    if (!first.ok) throw new Error('setup')
    const { row, token } = await issueInvite(storage, { id: 'inv1', kind: 'org', targetId: first.value.org.id, role: 'member', expiresInDays: 7, createdBy: first.value.user.id }, now)
    const later = { ...ctx, now: new Date(Date.parse(row.expiresAt) + 1) }
    expect(await signUp(storage, { ...person('b@example.gov.uk'), orgInviteToken: token }, later)).toMatchObject({ ok: false, error: { code: 'invite-no-longer-valid' } })
    const joined = await signUp(storage, { ...person('b@example.gov.uk'), orgInviteToken: token }, ctx)
    expect(joined.ok && [joined.value.org.id, joined.value.user.orgRole]).toEqual([first.value.org.id, 'member'])
    expect(await signUp(storage, { ...person('c@example.gov.uk'), orgInviteToken: 'not-a-real-token-at-all' }, ctx)).toMatchObject({ ok: false, error: { code: 'invite-not-found' } })
  })
})

describe('acceptInvite', () => {
  it('raises a role on the board, never lowers it, and refuses another organisation', async () => {
    const owner = await signUp(storage, person('a@example.gov.uk', 'Alpha Council'), ctx)
    const guest = await signUp(storage, person('b@example.gov.uk', 'Beta Council'), ctx)
    if (!owner.ok || !guest.ok) throw new Error('setup')
    await storage.boards.create({ id: 'b'.repeat(22), title: 'Board', createdAt: now.toISOString(), updatedAt: now.toISOString(), ownerId: owner.value.user.id })
    const editor = await issueInvite(storage, { id: 'inv1', kind: 'board', targetId: 'b'.repeat(22), role: 'editor', expiresInDays: 7, createdBy: owner.value.user.id }, now)
    const viewer = await issueInvite(storage, { id: 'inv2', kind: 'board', targetId: 'b'.repeat(22), role: 'viewer', expiresInDays: 7, createdBy: owner.value.user.id }, now)
    expect(await acceptInvite(storage, guest.value.user, editor.token, now)).toEqual({ ok: true, value: { kind: 'board', boardId: 'b'.repeat(22), isAccessChanged: true } })
    expect(await acceptInvite(storage, guest.value.user, viewer.token, now)).toEqual({ ok: true, value: { kind: 'board', boardId: 'b'.repeat(22), isAccessChanged: false } })
    const orgInvite = await issueInvite(storage, { id: 'inv3', kind: 'org', targetId: owner.value.org.id, role: 'member', expiresInDays: 7, createdBy: owner.value.user.id }, now)
    expect(await acceptInvite(storage, guest.value.user, orgInvite.token, now)).toMatchObject({ ok: false, error: { code: 'already-in-an-organisation' } })
  })
})
