/**
 * E2E for issue 10 B3: a board that already holds an invalid record (written straight into storage, past the
 * server's check, as a board from before that check could) opens in the browser with the rest of its content and a
 * calm notice naming the record. Registered in `run.ts`; runs on its own with `E2E_ONLY=records`.
 */
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import * as Y from 'yjs'
import { boardSchema } from '../../server/sync/record-validation'
import { openSqliteStorage } from '../../server/storage/sqlite/sqlite-storage'
import { BAD_GEO, geoShape } from '../support/tl-records'
import { signInIfRequired } from './accounts'
import { newUserContext, watchPage, type BrowserProblems, type ServerProcess } from './harness'
import { waitFor } from './wait-for'

const TIMEOUT_MS = 15_000

interface FlowWorld {
  server: ServerProcess
  browser: Browser
  problems: BrowserProblems
}

/** The board's document as storage holds it: a page, a good rectangle, and the geo shape without props. */
function poisonedBoard(): Uint8Array {
  const doc = new Y.Doc()
  doc.transact(() => {
    const records = doc.getMap('tl_records')
    records.set('document:document', { id: 'document:document', typeName: 'document', gridSize: 10, name: '', meta: {} })
    records.set('page:page', { id: 'page:page', typeName: 'page', name: 'Page 1', index: 'a1', meta: {} })
    records.set('shape:good', geoShape('shape:good', 200, { y: 200 }, { w: 240, h: 160 }))
    records.set('shape:bad', BAD_GEO)
    doc.getMap('tl_meta').set('schema', boardSchema().serialize())
  })
  return Y.encodeStateAsUpdate(doc)
}

async function shapeIds(page: Page): Promise<string[]> {
  return page.evaluate(() => (window.editor ? window.editor.getCurrentPageShapes().map((s) => s.id).sort() : []))
}

export const recordsFlowSteps = [
  {
    name: 'records: a board holding an invalid record opens with the rest and names the record',
    async run(world: FlowWorld) {
      const context = await newUserContext(world.browser, world.server.baseUrl, world.problems, 'Rita')
      await signInIfRequired(context, 'Rita', 'LFRS', '#6b3fa0')
      const created = await context.request.post('/api/boards', { data: { title: 'Board with an unreadable item' } })
      if (created.status() !== 201) throw new Error(`POST /api/boards answered ${created.status()}`)
      const { id } = (await created.json()) as { id: string }
      // Straight into the server's storage: nobody has opened the board, so no room holds it in memory.
      const storage = openSqliteStorage({ filename: join(world.server.dataDir, 'pooled.sqlite'), checkpointIntervalMs: 0 })
      try {
        await storage.docs.append([{ docName: id, update: poisonedBoard() }])
      } finally {
        await storage.close()
      }
      const page = watchPage(await context.newPage(), world.problems, 'Rita')
      await page.goto(`/b/${id}`, { waitUntil: 'commit' })
      const nameInput = page.getByLabel('Your name')
      await waitFor(async () => (await nameInput.count()) > 0 || (await page.locator('[data-testid=connection-badge]').count()) > 0, TIMEOUT_MS, 'name dialog or board')
      if ((await nameInput.count()) > 0) {
        await nameInput.fill('Rita')
        await page.getByRole('button', { name: 'Continue' }).click()
      }
      const notice = page.locator('[data-testid=set-aside-notice]')
      await notice.waitFor({ timeout: TIMEOUT_MS })
      const text = await notice.innerText()
      if (!text.includes('1 item on this board could not be shown: shape:bad (geo) — invalid rotation')) throw new Error(`notice says: ${text}`)
      await waitFor(async () => (await shapeIds(page)).includes('shape:good'), TIMEOUT_MS, 'the good rectangle on the canvas')
      const badge = await page.locator('[data-testid=connection-badge]').getAttribute('data-state')
      if (badge !== 'live') throw new Error(`connection badge: ${badge}`)
      // The board stays usable: a new shape is drawn and kept beside the set-aside record.
      await page.evaluate(() => {
        window.editor?.createShape({ type: 'geo', x: 600, y: 200, props: { geo: 'ellipse', w: 120, h: 80 } })
      })
      await waitFor(async () => (await shapeIds(page)).length === 2, TIMEOUT_MS, 'a new shape drawn')
      // …and stored: a fresh page of the same person sees both shapes and the notice again.
      const again = watchPage(await context.newPage(), world.problems, 'Rita again')
      await again.goto(`/b/${id}`, { waitUntil: 'commit' })
      await again.locator('[data-testid=set-aside-notice]').waitFor({ timeout: TIMEOUT_MS })
      await waitFor(async () => (await shapeIds(again)).length === 2, TIMEOUT_MS, 'both shapes after reopening')
      if (process.env['E2E_SCREENSHOTS'] === '1') await page.screenshot({ path: join('test-results', 'records-notice.png') })
      await context.close()
    },
  },
]
