// @vitest-environment jsdom
/** REST client: every response is parsed, and every failure becomes an ApiError with a message fit for the user. */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiError, createBoard, deleteBoard, getBoard, listBoards, renameBoard } from '../../../../client/api/client'

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
