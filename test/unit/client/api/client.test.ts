// @vitest-environment jsdom
/**
 * The one REST transport (client/api/client.ts) and the typed calls over it: every response is parsed, the error
 * envelope is mapped once, and every failure becomes an ApiError with a message fit for the user.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ApiError, createBoard, deleteBoard, getBoard, getReportMarkdown, listBoards, renameBoard } from '../../../../client/api/client'
import { listOrganisations, listShares } from '../../../../client/api/auth'
import { createMethodology, importMarkdownFiles, searchMethodologies } from '../../../../client/api/knowledge'
import { uploadSpendFile } from '../../../../client/api/spend'

const BOARD = { id: 'AAAAAAAAAAAAAAAAAAAAAA', title: 'Fleet', createdAt: '2026-11-25T10:00:00.000Z', updatedAt: '2026-11-25T10:00:00.000Z', myRole: 'owner' }

function answer(status: number, body?: unknown): void {
  const response = new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
  vi.stubGlobal('fetch', vi.fn(async () => response))
}

function lastCall(): [string, RequestInit] {
  const mock = vi.mocked(fetch)
  return mock.mock.calls.at(-1) as [string, RequestInit]
}

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('api client', () => {
  it('lists boards through the { boards } envelope', async () => {
    answer(200, { boards: [BOARD] })
    await expect(listBoards()).resolves.toEqual([BOARD])
    expect(lastCall()[0]).toBe('/api/boards')
  })

  it('creates, renames and deletes with JSON bodies', async () => {
    answer(201, BOARD)
    await expect(createBoard({ title: 'Fleet' })).resolves.toEqual(BOARD)
    expect(lastCall()[1]).toMatchObject({ method: 'POST', body: JSON.stringify({ title: 'Fleet' }) })

    answer(200, { ...BOARD, title: 'Fleet 2' })
    await expect(renameBoard(BOARD.id, { title: 'Fleet 2' })).resolves.toMatchObject({ title: 'Fleet 2' })
    expect(lastCall()).toEqual([`/api/boards/${BOARD.id}`, expect.objectContaining({ method: 'PATCH' })])

    answer(204)
    await expect(deleteBoard(BOARD.id)).resolves.toBeUndefined()
    expect(lastCall()[1]).toMatchObject({ method: 'DELETE' })
  })

  it('surfaces the server error envelope', async () => {
    answer(404, { error: { code: 'not_found', message: 'board not found' } })
    const error = await getBoard(BOARD.id).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({ status: 404, code: 'not_found', message: 'board not found', isNotFound: true })
  })

  it('rejects a response that does not match the schema', async () => {
    answer(200, { id: 'short', title: 1 })
    await expect(getBoard(BOARD.id)).rejects.toMatchObject({ code: 'bad_response' })
  })

  it('reports an unreachable server as a network error', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))))
    await expect(listBoards()).rejects.toMatchObject({ status: 0, code: 'network' })
  })
})

describe('one transport for every area', () => {
  it('maps the envelope, with located issues, for the knowledge base too', async () => {
    const details = [{ path: 'template.shapes.3.text', message: 'text must be at most 2000 characters' }]
    answer(400, { error: { code: 'validation_failed', message: 'template.shapes.3.text: text must be at most 2000 characters', details } })
    const error = await createMethodology({ slug: 'kraljic', title: 'Kraljic', stage: 'analyse', summary: '', whenToUse: '', tags: [], body: '', template: null }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({ status: 400, code: 'validation_failed', issues: details })
    expect(lastCall()[0]).toBe('/api/methodologies')
  })

  it('keeps the server code and message for the planning calls (shares, organisations)', async () => {
    answer(403, { error: { code: 'forbidden', message: 'you cannot see who this board is shared with' } })
    await expect(listShares(BOARD.id)).rejects.toMatchObject({ status: 403, code: 'forbidden', message: 'you cannot see who this board is shared with' })
    answer(401, { error: { code: 'unauthorized', message: 'sign in first' } })
    await expect(listOrganisations()).rejects.toMatchObject({ status: 401, code: 'unauthorized' })
  })

  it('has no issues when the details are not a list of located problems', async () => {
    answer(409, { error: { code: 'conflict', message: 'someone saved first', details: { currentVersion: 3 } } })
    await expect(getBoard(BOARD.id)).rejects.toMatchObject({ code: 'conflict', issues: [], details: { currentVersion: 3 } })
  })

  it('says which field of an answer did not fit its schema', async () => {
    answer(200, { boards: [{ ...BOARD, title: 7 }] })
    const error = await listBoards().catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'bad_response', status: 200 })
    expect((error as ApiError).message).toMatch(/^Unexpected answer from the server for GET \/api\/boards \(at boards\.0\.title\)/)
  })

  it('names the status when an error answer is not our envelope (a proxy page)', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' })))
    await expect(listBoards()).rejects.toMatchObject({ status: 502, code: 'bad_response', message: 'The server answered 502 Bad Gateway' })
    vi.stubGlobal('fetch', vi.fn(async () => new Response('too big', { status: 413 })))
    await expect(importMarkdownFiles([{ filename: 'a.md', content: 'x' }], false)).rejects.toMatchObject({ status: 413, message: 'This is too large to send to the server.' })
  })

  it('reads the report as text, and maps its failures the same way', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('# Fleet\n', { status: 200, headers: { 'content-type': 'text/markdown' } })))
    await expect(getReportMarkdown(BOARD.id)).resolves.toBe('# Fleet\n')
    expect(lastCall()).toEqual([`/api/boards/${BOARD.id}/report.md`, expect.objectContaining({ headers: { accept: 'text/markdown' } })])
    answer(404, { error: { code: 'not_found', message: 'board not found' } })
    await expect(getReportMarkdown(BOARD.id)).rejects.toMatchObject({ status: 404, isNotFound: true })
  })

  it('passes an abort through as an abort, not as a network failure', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new DOMException('The operation was aborted.', 'AbortError'))))
    await expect(searchMethodologies({ q: 'fleet', stage: '' })).rejects.toMatchObject({ name: 'AbortError' })
    expect(lastCall()[0]).toBe('/api/methodologies?q=fleet')
  })

  it('sends a file as its raw bytes, not as JSON, and says the server refused it in its words', async () => {
    answer(202, { importId: 'imp1' })
    const file = new Blob(['Supplier,Amount\r\nAcme,1.00\r\n'], { type: 'text/csv' })
    await expect(uploadSpendFile('org 1', file, 'bolton 2019.csv')).resolves.toBe('imp1')
    const [url, init] = lastCall()
    expect(url).toBe('/api/orgs/org%201/spend/files?filename=bolton%202019.csv')
    expect(init.method).toBe('POST')
    expect(init.body).toBe(file)
    expect(init.headers).toMatchObject({ 'content-type': 'text/csv' })

    answer(202, { importId: 'imp2' })
    const bytes = new Uint8Array([0x50, 0x4b, 0x03, 0x04])
    await uploadSpendFile('o', new Blob([bytes]), 'x.xlsx')
    expect(lastCall()[1].headers).toMatchObject({ 'content-type': 'application/octet-stream' })

    answer(415, { error: { code: 'unsupported_file', message: 'report.pdf is a PDF document. Pooled reads spend files as CSV or Excel (.xlsx).' } })
    await expect(uploadSpendFile('o', new Blob(['%PDF']), 'report.pdf')).rejects.toMatchObject({ status: 415, message: expect.stringContaining('PDF document') })
  })

  it('sends an ArrayBuffer or a byte view unchanged', async () => {
    const { send } = await import('../../../../client/api/client')
    answer(204)
    const buffer = new Uint8Array([1, 2, 3]).buffer
    await send('/x', { method: 'POST', body: buffer })
    expect(lastCall()[1].body).toBe(buffer)
    answer(204)
    const view = new Uint8Array([4, 5])
    await send('/x', { method: 'POST', body: view })
    expect(lastCall()[1].body).toBe(view)
    expect(lastCall()[1].headers).toMatchObject({ 'content-type': 'application/octet-stream' })
  })

  it('is the only module in client/ that calls fetch', () => {
    const root = join(import.meta.dirname, '../../../..')
    const sources = (dir: string): string[] =>
      readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
        const path = join(dir, entry.name)
        if (entry.isDirectory()) return sources(path)
        return /\.(ts|tsx)$/.test(entry.name) ? [path] : []
      })
    const callers = sources('client').filter((file) => /(^|[^.\w])fetch\(/.test(readFileSync(join(root, file), 'utf8')))
    expect(callers).toEqual(['client/api/client.ts'])
  })
})
