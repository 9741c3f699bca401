/** Boards REST API through app.request() and over a real socket: statuses, envelope, validation, deletion. */
import { afterEach, describe, expect, it } from 'vitest'
import { createApp } from '../../server/http/app'
import { createSilentLogger } from '../../server/log'
import { LoginThrottle } from '../../server/auth/login-throttle'
import { openSqliteStorage } from '../../server/storage/sqlite/sqlite-storage'
import { newOpaqueId } from '../../server/start-server'
import { BOARD_ID_PATTERN, ErrorEnvelopeSchema } from '../../shared/schema/api'
import { startTestServer, type TestServer } from '../support/start-test-server'
import { connectSynced } from '../support/yclient'
import { waitFor } from '../support/wait-for'
import { geoShape } from '../support/tl-records'

function makeApp() {
  const storage = openSqliteStorage({ filename: ':memory:' })
  let healthy = true
  storage.isHealthy = () => healthy
  const app = createApp({
    storage,
    log: createSilentLogger(),
    now: () => new Date('2026-11-25T10:00:00.000Z'),
    newId: newOpaqueId,
    onBoardDeleted: async () => {},
    onAccessChanged: async () => {},
    onUserDeactivated: () => {},
    throttle: new LoginThrottle(),
    scrypt: { N: 1024, r: 8, p: 1 },
    isShuttingDown: () => false,
  })
  let token = ''
  const json = async (method: string, path: string, body?: unknown) => {
    if (!token) {
      const res = await app.request('/api/auth/signup', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Ann', email: 'ann@example.gov.uk', password: 'correct horse battery', organisation: { name: 'Ann Council', shortName: 'AC', colour: '#123456' } }),
      })
      token = ((await res.json()) as { token: string }).token
    }
    return app.request(path, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) })
  }
  return { app, json, setHealthy: (v: boolean) => (healthy = v) }
}

const expectEnvelope = async (res: Response, status: number, code: string) => {
  expect(res.status).toBe(status)
  const body = ErrorEnvelopeSchema.parse(await res.json())
  expect(body.error.code).toBe(code)
  expect(body.error.message.length).toBeGreaterThan(3)
}

describe('boards API', () => {
  it('creates, lists, reads, renames and deletes a board', async () => {
    const { json } = makeApp()
    const created = await json('POST', '/api/boards', { title: '  Fleet maintenance  ' })
    expect(created.status).toBe(201)
    const board = (await created.json()) as { id: string; title: string; createdAt: string }
    expect(board.title).toBe('Fleet maintenance')
    expect(board.id).toMatch(BOARD_ID_PATTERN)
    expect(board.createdAt).toBe('2026-11-25T10:00:00.000Z')
    expect(((await (await json('GET', '/api/boards')).json()) as { boards: unknown[] }).boards).toHaveLength(1)
    expect((await json('GET', `/api/boards/${board.id}`)).status).toBe(200)
    const renamed = await json('PATCH', `/api/boards/${board.id}`, { title: 'Fleet' })
    expect(((await renamed.json()) as { title: string }).title).toBe('Fleet')
    expect((await json('DELETE', `/api/boards/${board.id}`)).status).toBe(204)
    await expectEnvelope(await json('GET', `/api/boards/${board.id}`), 404, 'not_found')
  })

  it('ids are unguessable: 128 random bits, URL-safe, never repeated', () => {
    const ids = new Set(Array.from({ length: 2000 }, newOpaqueId))
    expect(ids.size).toBe(2000)
    for (const id of ids) expect(id).toMatch(BOARD_ID_PATTERN)
  })

  it('rejects bad bodies with the error envelope', async () => {
    const { app, json } = makeApp()
    await expectEnvelope(await json('POST', '/api/boards', { title: '' }), 400, 'validation_failed')
    await expectEnvelope(await json('POST', '/api/boards', { title: 'x'.repeat(201) }), 400, 'validation_failed')
    await expectEnvelope(await json('POST', '/api/boards', { title: 'ok', extra: 1 }), 400, 'validation_failed')
    await expectEnvelope(await json('POST', '/api/boards', ['array']), 400, 'validation_failed')
    await json('GET', '/api/boards')
    await expectEnvelope(await app.request('/api/boards', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"title":' }), 401, 'unauthorized')
    await expectEnvelope(await json('POST', '/api/boards', { title: 'x'.repeat(2 * 1024 * 1024) }), 413, 'payload_too_large')
    await expectEnvelope(await json('PATCH', '/api/boards/not-an-id', { title: 'x' }), 400, 'validation_failed')
    await expectEnvelope(await json('DELETE', `/api/boards/${'A'.repeat(22)}`), 404, 'not_found')
    await expectEnvelope(await json('GET', '/api/nothing-here'), 404, 'not_found')
  })

  it('healthz answers 200 when storage is open and 503 when not', async () => {
    const { app, setHealthy } = makeApp()
    expect(await (await app.request('/healthz')).json()).toEqual({ status: 'ok' })
    setHealthy(false)
    expect((await app.request('/healthz')).status).toBe(503)
  })
})

describe('deleting a live board', () => {
  let server: TestServer | null = null
  afterEach(async () => {
    await server?.destroy()
  })

  it('closes its connections with 4004 and removes its document', async () => {
    server = await startTestServer()
    const board = await server.createBoard()
    const client = await connectSynced(server.wsUrl, board, { params: { token: server.admin.token } })
    client.provider.shouldConnect = false
    let closeCode = 0
    client.provider.ws?.addEventListener('close', (e) => (closeCode = (e as CloseEvent).code))
    client.records.set('shape:a', geoShape('shape:a'))
    await waitFor(() => (server?.registry.peek(board)?.lastSeq ?? 0) > 0, 5000, 'persisted')
    expect((await server.api(server.admin.token, 'DELETE', `/api/boards/${board}`)).status).toBe(204)
    await waitFor(() => closeCode !== 0, 5000, 'close')
    expect(closeCode).toBe(4004)
    expect((await server.storage.docs.load(board)).updates).toHaveLength(0)
    client.destroy()
  })
})
