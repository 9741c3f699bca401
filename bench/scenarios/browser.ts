/**
 * Scenario 6, browser (Pooled only): headless Debian chromium opens `/b/<id>` of a board with S shapes. Time until the
 * canvas is interactive (`window.editor` exists and all S shapes are in the store), then the time from a remote
 * change (a Node y-websocket client moves a shape) until the shape's DOM node changes. The client's `pooled:*`
 * performance marks (client/app/load-timing.ts) say where the time to interactive went.
 */
import { existsSync } from 'node:fs'
import { chromium, type Browser } from 'playwright-core'
import { startAgent } from '../lib/agents'
import { spawnTracked } from '../lib/children'
import type { BenchConfig } from '../lib/config'
import { summarize, type Summary } from '../lib/stats'
import { pollUntil } from '../lib/wait'
import type { Target } from '../targets/types'

export interface BrowserResult {
  shapes: number
  seedMs: number
  /** navigation start → window.editor exists with all shapes in the store. */
  interactiveMs: number
  /** navigation start → window.editor exists (tldraw mounted), shapes maybe not yet loaded. */
  editorMountedMs: number
  /** Remote change written by a Node client → the shape's DOM node mutated. */
  remoteRender: Summary
  /** navigation start → each `pooled:<step>` mark the client set while opening the board (ms). */
  phases: Record<string, number>
  pageErrors: string[]
}

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
// Loopback only, enforced by the browser itself: every request goes through a proxy at 127.0.0.1:9 (nothing listens
// there, so it fails with ERR_PROXY_CONNECTION_FAILED) except loopback, which Chromium never proxies. This replaces
// `context.route('**/*')`, which sent every request of the page through Playwright and back (100-150 ms on the
// navigation); non-loopback attempts are still reported as page errors (`onRequest` below).
const LOOPBACK_ONLY = ['--proxy-server=http://127.0.0.1:9', '--proxy-bypass-list=127.0.0.1;localhost;[::1]']
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', ...LOOPBACK_ONLY]

const isLoopbackOrLocal = (url: string): boolean => {
  if (url.startsWith('data:') || url.startsWith('blob:') || url.startsWith('about:')) return true
  const host = new URL(url).hostname
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]'
}

/** The few tldraw editor calls the bench makes on `window.editor` (set by the Pooled client's BoardPage). */
interface BenchEditor {
  createShapes(shapes: Array<{ type: string; x: number; y: number; props: Record<string, unknown> }>): void
  getCurrentPageShapeIds(): Set<string>
  getShape(id: string): { x: number } | undefined
}
type BenchWindow = { editor?: BenchEditor; __benchMutations?: number[] }

/** `npx vite build` when dist/ is missing. */
export async function ensureDist(): Promise<void> {
  if (existsSync('dist/index.html')) return
  const child = spawnTracked('npx', ['vite', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] })
  const code = await new Promise<number | null>((r) => child.once('exit', r))
  if (code !== 0 || !existsSync('dist/index.html')) throw new Error(`vite build failed (exit ${code})`)
}

export async function runBrowser(target: Target, cfg: BenchConfig): Promise<BrowserResult> {
  const n = cfg.browser.shapes
  const board = await target.createBoard('browser')
  const base = `http://127.0.0.1:${target.port}`
  const cookies = (target.browserCookies?.() ?? []).map((c) => ({ ...c, url: base }))
  const pageErrors: string[] = []
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS })
  const agent = await startAgent('browser-remote')
  try {
    const newPage = async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
      await context.addCookies(cookies)
      // The client asks for a display name once (kept in localStorage) before it opens a board; answer it up front.
      await context.addInitScript(() => {
        try {
          localStorage.setItem('pooled.displayName', 'Bench')
        } catch {
          // reason: storage disabled; the dialog would show and the wait below times out with a clear message.
        }
      })
      const page = await context.newPage()
      page.on('pageerror', (e) => pageErrors.push(e.message))
      // Blocked by the browser (LOOPBACK_ONLY); reported so that a page that tries shows up in the results.
      page.on('request', (request) => {
        if (!isLoopbackOrLocal(request.url())) pageErrors.push(`non-loopback request blocked: ${request.url()}`)
      })
      return { context, page }
    }
    // Seed through the real client, so the records and the schema are exactly what tldraw writes.
    const t0 = performance.now()
    const seed = await newPage()
    await seed.page.goto(`${base}/b/${board}`)
    await seed.page.waitForFunction(() => !!(window as unknown as BenchWindow).editor, undefined, { timeout: 60_000 })
    // One shape through the real client (a valid record and the schema in tl_meta); the rest are clones written by a
    // Node client, because tldraw's editor refuses more than 4,000 shapes per page (maxShapesPerPage) in createShapes.
    await seed.page.evaluate(() => {
      const editor = (window as unknown as BenchWindow).editor as BenchEditor
      editor.createShapes([{ type: 'geo', x: 0, y: 0, props: { w: 120, h: 80 } }])
    })
    const info = target.connectInfo(board)
    await agent.call('full.join', { clients: [{ writerId: 'remote', serverUrl: info.serverUrl, room: info.room, params: info.params }], shapes: 0, waitSynced: true })
    const shapeCount = async () => (await agent.call<{ shapes: number }>('count-shapes')).shapes
    if (!(await pollUntil(async () => (await shapeCount()) >= 1, 30_000, 50))) throw new Error('browser: the seed shape never reached the server')
    await agent.call('clone-shapes', { count: n, batch: 500 })
    // The server has them all once the browser (another client of the same room) sees them all.
    await seed.page.waitForFunction((count) => ((window as unknown as BenchWindow).editor?.getCurrentPageShapeIds().size ?? -1) >= count, n, { timeout: 120_000, polling: 200 })
    const seedMs = performance.now() - t0
    await seed.context.close()

    // Fresh context (empty cache, new session state): navigation → interactive.
    const fresh = await newPage()
    const tNav = performance.now()
    await fresh.page.goto(`${base}/b/${board}`)
    await fresh.page.waitForFunction(() => !!(window as unknown as BenchWindow).editor, undefined, { timeout: 60_000, polling: 'raf' })
    const editorMountedMs = performance.now() - tNav
    await fresh.page.waitForFunction((count) => ((window as unknown as BenchWindow).editor?.getCurrentPageShapeIds().size ?? -1) >= count, n, { timeout: 60_000, polling: 'raf' })
    const interactiveMs = performance.now() - tNav
    const phases = await fresh.page.evaluate(() =>
      Object.fromEntries(performance.getEntriesByType('mark').filter((m) => m.name.startsWith('pooled:')).map((m) => [m.name.slice('pooled:'.length), Math.round(m.startTime)])),
    )
    process.stderr.write(`\n  browser phases, ms after navigation: ${Object.entries(phases).map(([k, v]) => `${k} ${v}`).join(', ')}; interactive ${Math.round(interactiveMs)}\n  `)

    // Remote change → DOM: watch one visible shape's node, move it from Node, read the first mutation after the write.
    const shapeId = await fresh.page.evaluate(() => {
      const el = document.querySelector('.tl-shape[data-shape-id]')
      const id = el?.getAttribute('data-shape-id') ?? null
      if (el) {
        const w = window as unknown as BenchWindow
        w.__benchMutations = []
        new MutationObserver(() => w.__benchMutations?.push(performance.timeOrigin + performance.now())).observe(el, { attributes: true, attributeFilter: ['style', 'transform'] })
      }
      return id
    })
    if (!shapeId) throw new Error('browser: no rendered shape to watch')
    const lat: number[] = []
    for (let k = 1; k <= cfg.browser.remoteChanges; k++) {
      const x = 10 + k * 7
      const { atEpochMs } = await agent.call<{ atEpochMs: number }>('move', { id: shapeId, x })
      const at = await fresh.page
        .waitForFunction(
          ({ id, x, since }) => {
            const w = window as unknown as BenchWindow
            const shape = w.editor?.getShape(id)
            const m = (w.__benchMutations ?? []).find((t) => t >= since)
            return shape?.x === x && m !== undefined ? m : null
          },
          { id: shapeId, x, since: atEpochMs },
          { timeout: 10_000, polling: 'raf' },
        )
        .then((h) => h.jsonValue() as Promise<number>)
      lat.push(at - atEpochMs)
    }
    await fresh.context.close()
    return { shapes: n, seedMs, interactiveMs, editorMountedMs, remoteRender: summarize(lat), phases, pageErrors }
  } finally {
    await agent.stop()
    await browser.close()
  }
}
