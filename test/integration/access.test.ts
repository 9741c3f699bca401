/**
 * Accounts and access: every route and the websocket refuse a caller without a session; a token for board X does
 * not open board Y; viewers cannot write; role changes apply to live connections; presence identity is stamped by
 * the server; one organisation cannot write another's data; login is throttled; passwords are never stored in clear.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { encodeAwarenessMessage, encodeSyncStep1, encodeSyncUpdate, encodeStateVector } from '../../server/sync/protocol'
import { ENTRIES_KEY } from '../../shared/doc/planning-schema'
import { CloseCode } from '../../shared/wire/protocol'
import { startTestServer, type TestAccount, type TestServer } from '../support/start-test-server'
import { rawConnect } from '../support/raw-ws'
import { connectSynced, type YClient } from '../support/yclient'
import { waitFor } from '../support/wait-for'
import { geoShape } from '../support/tl-records'

let server: TestServer
let ann: TestAccount // owner, organisation A
let bob: TestAccount // organisation B
let board: string
const clients: YClient[] = []
/** An organisation's figures for one category, as the planning layout stores them (the server refuses other values). */
const figures = (annualSpend: number) => ({ annualSpend, supplierCount: 0, mainSuppliers: [], notes: '', sourceLineIds: [] })
const connect = async (room: string, token: string) => {
  const c = await connectSynced(server.wsUrl, room, { params: { token } })
  clients.push(c)
  return c
}

beforeAll(async () => {
  server = await startTestServer()
  ann = await server.signup('Ann', 'Lancashire County Council')
  bob = await server.signup('Bob', 'Lancashire Constabulary')
  board = await server.createBoard('Fleet', ann.token)
})
afterAll(async () => {
  for (const c of clients) c.destroy()
  await server.destroy()
})

const share = (token: string, principalType: 'user' | 'org', principalId: string, role: string, id = board) =>
  server.api(token, 'PUT', `/api/boards/${id}/shares`, { principalType, principalId, role })

describe('refusing callers without a session', () => {
  it('every REST route answers 401 without a session', async () => {
    const id = board
    const routes: Array<[string, string, unknown?]> = [
      ['GET', '/api/boards'],
      ['POST', '/api/boards', { title: 'x' }],
      ['GET', `/api/boards/${id}`],
      ['PATCH', `/api/boards/${id}`, { title: 'x' }],
      ['DELETE', `/api/boards/${id}`],
      ['GET', `/api/boards/${id}/shares`],
      ['PUT', `/api/boards/${id}/shares`, { principalType: 'user', principalId: 'x', role: 'viewer' }],
      ['DELETE', `/api/boards/${id}/shares/user/x`],
      ['POST', `/api/boards/${id}/invites`, { role: 'viewer' }],
      ['GET', `/api/boards/${id}/invites`],
      ['DELETE', `/api/boards/${id}/invites/x`],
      ['GET', '/api/auth/me'],
      ['GET', '/api/orgs'],
      ['GET', `/api/orgs/${ann.orgId}`],
      ['PATCH', `/api/orgs/${ann.orgId}`, { name: 'x' }],
      ['POST', `/api/orgs/${ann.orgId}/invites`, {}],
      ['GET', `/api/orgs/${ann.orgId}/invites`],
      ['PATCH', `/api/orgs/${ann.orgId}/members/${ann.userId}`, { orgRole: 'member' }],
      ['DELETE', `/api/orgs/${ann.orgId}/members/${ann.userId}`],
      ['POST', '/api/invites/sometoken1234/accept'],
      ['GET', '/api/users/lookup?email=a@b.cd'],
      ['GET', '/api/admin/settings'],
      ['PATCH', '/api/admin/settings', { signupMode: 'open' }],
    ]
    for (const [method, path, body] of routes) {
      const res = await server.api(null, method, path, body)
      expect(res.status, `${method} ${path}`).toBe(401)
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthorized')
      const forged = await server.api('forged-token-that-is-long-enough', method, path, body)
      expect(forged.status, `${method} ${path} with a forged token`).toBe(401)
    }
  })

  it('the websocket refuses an upgrade without a session, before any byte', async () => {
    for (const url of [`${server.wsUrl}/${board}`, `${server.wsUrl}/${board}?token=nonsense-token-nonsense-token`]) {
      const raw = rawConnect(url)
      await expect(raw.opened).rejects.toThrow('upgrade refused: 401')
      expect(raw.messages).toHaveLength(0)
    }
  })

  it("a person's token for board X does not open board Y", async () => {
    const other = await server.createBoard('Other', ann.token)
    const mine = await server.createBoard('Bob board', bob.token)
    const raw = rawConnect(`${server.wsUrl}/${other}?token=${bob.token}`)
    await expect(raw.opened).rejects.toThrow('upgrade refused: 404')
    expect((await server.api(bob.token, 'GET', `/api/boards/${other}`)).status).toBe(404)
    expect((await server.api(bob.token, 'GET', `/api/boards/${mine}`)).status).toBe(200)
    const list = (await (await server.api(bob.token, 'GET', '/api/boards')).json()) as { boards: Array<{ id: string }> }
    expect(list.boards.map((b) => b.id)).toEqual([mine])
  })
})

describe('roles on a live board', () => {
  it("a viewer's updates leave the document unchanged for everyone, and promotion applies live", async () => {
    expect((await share(ann.token, 'user', bob.userId, 'viewer')).status).toBe(200)
    const owner = await connect(board, ann.token)
    const viewer = await connect(board, bob.token)
    viewer.records.set('shape:from-viewer', geoShape('shape:from-viewer'))
    owner.records.set('shape:from-owner', geoShape('shape:from-owner'))
    await waitFor(() => viewer.records.has('shape:from-owner'), 5000, 'viewer receives live updates')
    const fresh = await connect(board, ann.token)
    expect(fresh.records.has('shape:from-viewer')).toBe(false)
    expect(owner.records.has('shape:from-viewer')).toBe(false)
    // Promote: within a second the same live connection may write.
    expect((await share(ann.token, 'user', bob.userId, 'editor')).status).toBe(200)
    const started = Date.now()
    await waitFor(async () => {
      viewer.records.set('shape:after-promotion', geoShape('shape:after-promotion', Date.now()))
      await new Promise((r) => setTimeout(r, 20))
      return owner.records.has('shape:after-promotion')
    }, 3000, 'promoted writes reach the owner')
    expect(Date.now() - started).toBeLessThan(1000)
  })

  it('removing access closes the live connection with 4403 within a second', async () => {
    const carol = await server.signup('Carol', 'Lancashire Fire and Rescue Service')
    await share(ann.token, 'user', carol.userId, 'editor')
    const raw = rawConnect(`${server.wsUrl}/${board}?token=${carol.token}`)
    await raw.opened
    const started = Date.now()
    expect((await server.api(ann.token, 'DELETE', `/api/boards/${board}/shares/user/${carol.userId}`)).status).toBe(200)
    const closed = await raw.closed
    expect(closed.code).toBe(4403)
    expect(Date.now() - started).toBeLessThan(1000)
  })

  it('an editor cannot share, rename or delete; a facilitator cannot grant ownership', async () => {
    const dan = await server.signup('Dan', 'Blackpool Council')
    await share(ann.token, 'user', dan.userId, 'editor')
    expect((await server.api(dan.token, 'PATCH', `/api/boards/${board}`, { title: 'mine' })).status).toBe(403)
    expect((await server.api(dan.token, 'DELETE', `/api/boards/${board}`)).status).toBe(403)
    expect((await share(dan.token, 'user', dan.userId, 'owner')).status).toBe(403)
    await share(ann.token, 'user', dan.userId, 'facilitator')
    expect((await server.api(dan.token, 'PATCH', `/api/boards/${board}`, { title: 'Fleet (renamed)' })).status).toBe(200)
    expect((await share(dan.token, 'user', dan.userId, 'owner')).status).toBe(403)
    expect((await server.api(dan.token, 'DELETE', `/api/boards/${board}`)).status).toBe(403)
  })

  it('an organisation share gives every member access', async () => {
    const orgBoard = await server.createBoard('Org shared', ann.token)
    const bob2 = await server.signup('Bobby', undefined, { orgInviteToken: await orgInvite(bob.token, bob.orgId) })
    expect(bob2.orgId).toBe(bob.orgId)
    expect((await server.api(bob2.token, 'GET', `/api/boards/${orgBoard}`)).status).toBe(404)
    await share(ann.token, 'org', bob.orgId, 'viewer', orgBoard)
    expect((await server.api(bob2.token, 'GET', `/api/boards/${orgBoard}`)).status).toBe(200)
  })
})

async function orgInvite(token: string, orgId: string): Promise<string> {
  const res = await server.api(token, 'POST', `/api/orgs/${orgId}/invites`, { role: 'member' })
  expect(res.status).toBe(201)
  return ((await res.json()) as { token: string }).token
}

describe('invite links', () => {
  it('take a new person through sign-up onto the board with the invite role; revoked and expired links fail', async () => {
    const inviteBoard = await server.createBoard('Invite board', ann.token)
    const res = await server.api(ann.token, 'POST', `/api/boards/${inviteBoard}/invites`, { role: 'viewer', expiresInDays: 7 })
    expect(res.status).toBe(201)
    const invite = (await res.json()) as { token: string; url: string; id: string }
    expect(invite.url).toContain(`/invite/${invite.token}`)
    const preview = (await (await server.api(null, 'GET', `/api/invites/${invite.token}`)).json()) as { title: string; isValid: boolean }
    expect(preview).toMatchObject({ title: 'Invite board', isValid: true })
    const eve = await server.signup('Eve', 'Preston City Council', { boardInviteToken: invite.token })
    const board = (await (await server.api(eve.token, 'GET', `/api/boards/${inviteBoard}`)).json()) as { myRole: string }
    expect(board.myRole).toBe('viewer')
    expect((await server.api(ann.token, 'DELETE', `/api/boards/${inviteBoard}/invites/${invite.id}`)).status).toBe(204)
    const frank = await server.signup('Frank', 'Wyre Council')
    expect((await server.api(frank.token, 'POST', `/api/invites/${invite.token}/accept`)).status).toBe(410)
  })
})

describe('identity in presence comes from the server', () => {
  it('a spoofed name and colour in awareness are overwritten', async () => {
    await share(ann.token, 'user', bob.userId, 'editor')
    const watcher = await connect(board, ann.token)
    const raw = rawConnect(`${server.wsUrl}/${board}?token=${bob.token}`)
    await raw.opened
    const spoof = { user: { name: 'Ann', color: '#ff0000', orgName: 'Lancashire County Council' }, presence: { userName: 'Ann', color: '#ff0000', userId: ann.userId } }
    raw.ws.send(encodeAwarenessMessage([{ clientId: 424242, clock: 1, json: JSON.stringify(spoof) }]))
    await waitFor(() => watcher.provider.awareness.getStates().has(424242), 5000, 'state relayed')
    const seen = watcher.provider.awareness.getStates().get(424242) as { user: { name: string; orgName: string; id: string }; presence: { userName: string; userId: string } }
    expect(seen.user.name).toBe('Bob')
    expect(seen.user.orgName).toBe('Lancashire Constabulary')
    expect(seen.user.id).toBe(bob.userId)
    expect(seen.presence.userId).toBe(`user:${bob.userId}`)
    expect(seen.presence.userName).toContain('Bob')
    raw.ws.close()
  })
})

describe('attribution', () => {
  it('a shape can only name its writer as last editor', async () => {
    await share(ann.token, 'user', bob.userId, 'editor')
    const bobClient = await connect(board, bob.token)
    const shape = (who: TestAccount) => geoShape('shape:attr', 0, { meta: { updatedBy: { userId: who.userId, name: 'x', orgId: who.orgId } } })
    bobClient.records.set('shape:attr', shape(bob))
    const annClient = await connect(board, ann.token)
    await waitFor(() => annClient.records.has('shape:attr'), 5000, 'honest attribution accepted')
    let closeCode = 0
    bobClient.provider.ws?.addEventListener('close', (e) => (closeCode = (e as CloseEvent).code))
    bobClient.provider.shouldConnect = false
    bobClient.records.set('shape:attr', shape(ann))
    await waitFor(() => closeCode !== 0, 5000, 'forged attribution refused')
    expect(closeCode).toBe(CloseCode.AuthorshipRefused)
    const fresh = await connect(board, ann.token)
    expect((fresh.records.get('shape:attr') as { meta: { updatedBy: { userId: string } } }).meta.updatedBy.userId).toBe(bob.userId)
  })
})

describe("organisation-owned data", () => {
  it("a member of organisation B, with a hand-written client, cannot change organisation A's document", async () => {
    await share(ann.token, 'user', bob.userId, 'editor')
    const orgDocA = `${board}~org~${ann.orgId}`
    const annSide = await connect(orgDocA, ann.token)
    annSide.doc.getMap(ENTRIES_KEY).set('fleet', figures(12_345_600))
    const bobReader = await connect(orgDocA, bob.token)
    await waitFor(() => bobReader.doc.getMap(ENTRIES_KEY).has('fleet'), 5000, 'B reads A figures')
    // Raw client: sync step 1, then an update that overwrites A's figure.
    const raw = rawConnect(`${server.wsUrl}/${orgDocA}?token=${bob.token}`)
    await raw.opened
    const forged = new Y.Doc()
    Y.applyUpdate(forged, Y.encodeStateAsUpdate(bobReader.doc))
    const sv = Y.encodeStateVector(forged)
    forged.getMap(ENTRIES_KEY).set('fleet', figures(1))
    raw.ws.send(encodeSyncStep1(encodeStateVector(new Map())))
    raw.ws.send(encodeSyncUpdate(Y.encodeStateAsUpdate(forged, sv)))
    // And through the stock client.
    bobReader.doc.getMap(ENTRIES_KEY).set('fleet', figures(2))
    // Ann's own later edit arrives; B's never do.
    annSide.doc.getMap(ENTRIES_KEY).set('marker', figures(1))
    const check = await connect(orgDocA, ann.token)
    await waitFor(() => check.doc.getMap(ENTRIES_KEY).has('marker'), 5000, 'marker')
    expect(check.doc.getMap(ENTRIES_KEY).get('fleet')).toEqual(figures(12_345_600))
    // B can write its own organisation's document.
    const orgDocB = `${board}~org~${bob.orgId}`
    const bobOwn = await connect(orgDocB, bob.token)
    bobOwn.doc.getMap(ENTRIES_KEY).set('fleet', figures(500))
    const annReadsB = await connect(orgDocB, ann.token)
    await waitFor(() => annReadsB.doc.getMap(ENTRIES_KEY).has('fleet'), 5000, 'A reads B figures')
    raw.ws.close()
  })

  it('an unknown organisation document is refused', async () => {
    const raw = rawConnect(`${server.wsUrl}/${board}~org~nosuchorg?token=${ann.token}`)
    await expect(raw.opened).rejects.toThrow('upgrade refused: 404')
  })
})

describe('sign-in', () => {
  it('is slowed and then refused after repeated failures', async () => {
    const target = await server.signup('Gina', 'Burnley Borough Council')
    const attempt = (password: string) => server.api(null, 'POST', '/api/auth/login', { email: target.email, password })
    const statuses: number[] = []
    const took: number[] = []
    for (let i = 0; i < 11; i++) {
      const started = performance.now()
      statuses.push((await attempt('wrong password')).status)
      took.push(performance.now() - started)
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true)
    // After 3 free failures each attempt waits 40 ms, doubling (test settings; 250 ms doubling in production).
    expect(took[5]).toBeGreaterThanOrEqual(75)
    expect(statuses[10]).toBe(429)
    // Even the right password is refused during the lock-out.
    const locked = await attempt('correct horse battery')
    expect(locked.status).toBe(429)
    expect(locked.headers.get('retry-after')).toMatch(/^\d+$/)
  }, 60_000)

  it('passwords are never stored in clear', async () => {
    const db = readFileSync(join(server.dataDir, 'pooled.sqlite'))
    const wal = (() => {
      try {
        return readFileSync(join(server.dataDir, 'pooled.sqlite-wal'))
      } catch {
        return Buffer.alloc(0)
      }
    })()
    for (const bytes of [db, wal]) expect(bytes.includes(Buffer.from('correct horse battery'))).toBe(false)
    const me = (await (await server.api(ann.token, 'GET', '/api/auth/me')).json()) as Record<string, unknown>
    expect(JSON.stringify(me)).not.toContain('scrypt')
  })
})
