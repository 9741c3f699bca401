/**
 * Cross-site WebSocket hijacking (issue 10 B4; docs/sync-protocol.md, "The upgrade"): a browser sends the session cookie with a
 * websocket upgrade from any page, so an upgrade authenticated by the cookie is accepted only from Pooled's own
 * origin or one listed in ALLOWED_ORIGINS, and refused with 403 before the upgrade otherwise. Scripts that send a
 * token (query `token` or `Authorization: Bearer`) are not browsers carrying ambient credentials and are unaffected.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rawConnect } from '../support/raw-ws'
import { startTestServer, type TestServer } from '../support/start-test-server'

/** Open a raw websocket and report what happened: 'open' or the HTTP status that refused the upgrade. */
async function upgrade(url: string, headers: Record<string, string>): Promise<'open' | number> {
  const client = rawConnect(url, headers)
  const status = new Promise<number>((resolve) => client.ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)))
  const outcome = await Promise.race([client.opened.then(() => 'open' as const), status])
  client.ws.terminate()
  return outcome
}

describe('cookie-authenticated upgrades only from an allowed origin', () => {
  let server: TestServer
  let board: string
  let boardUrl: string
  let ownOrigin: string
  let cookie: string

  beforeAll(async () => {
    server = await startTestServer({ env: { ALLOWED_ORIGINS: 'https://pooled.example.gov.uk, http://localhost:5173' } })
    board = await server.createBoard('Origin')
    boardUrl = `${server.wsUrl}/${board}`
    ownOrigin = `http://127.0.0.1:${server.port}`
    cookie = `pooled_session=${server.admin.token}`
  })
  afterAll(() => server.destroy())

  it('refuses the session cookie from another site with 403', async () => {
    expect(await upgrade(boardUrl, { cookie, origin: 'https://evil.invalid' })).toBe(403)
  })

  it('refuses the session cookie with no Origin header (browsers always send one)', async () => {
    expect(await upgrade(boardUrl, { cookie })).toBe(403)
  })

  it('refuses an opaque origin ("null", e.g. a sandboxed frame)', async () => {
    expect(await upgrade(boardUrl, { cookie, origin: 'null' })).toBe(403)
  })

  it('refuses the right host on another port, and a look-alike host', async () => {
    expect(await upgrade(boardUrl, { cookie, origin: `http://127.0.0.1:${server.port + 1}` })).toBe(403)
    expect(await upgrade(boardUrl, { cookie, origin: 'https://pooled.example.gov.uk.evil.invalid' })).toBe(403)
  })

  it('accepts the session cookie from Pooled itself (same host as the request)', async () => {
    expect(await upgrade(boardUrl, { cookie, origin: ownOrigin })).toBe('open')
  })

  it('accepts the same host over https (TLS ended by a proxy in front)', async () => {
    expect(await upgrade(boardUrl, { cookie, origin: 'https://pooled.test', host: 'pooled.test' })).toBe('open')
    expect(await upgrade(boardUrl, { cookie, origin: 'https://pooled.test', host: 'pooled.test:443' })).toBe('open')
  })

  it('accepts an origin listed in ALLOWED_ORIGINS', async () => {
    expect(await upgrade(boardUrl, { cookie, origin: 'https://pooled.example.gov.uk' })).toBe('open')
    expect(await upgrade(boardUrl, { cookie, origin: 'http://localhost:5173' })).toBe('open')
  })

  it('leaves token-authenticated scripts alone, whatever their Origin', async () => {
    expect(await upgrade(`${boardUrl}?token=${server.admin.token}`, { origin: 'https://evil.invalid' })).toBe('open')
    expect(await upgrade(boardUrl, { authorization: `Bearer ${server.admin.token}`, origin: 'https://evil.invalid' })).toBe('open')
    expect(await upgrade(`${boardUrl}?token=${server.admin.token}`, {})).toBe('open')
  })

  it('without credentials the answer stays 401 (sign in), whatever the Origin', async () => {
    expect(await upgrade(`${boardUrl}?token=nope`, { origin: ownOrigin })).toBe(401)
    expect(await upgrade(boardUrl, { origin: 'https://evil.invalid' })).toBe(401)
  })
})
