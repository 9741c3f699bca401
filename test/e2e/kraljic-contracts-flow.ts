/**
 * E2E steps for issue 10 A5/A6, run inside the planning flow (after the matrix step, before the sessions close):
 * the Kraljic alone/pooled toggle is each person's own view, and a body enters "current contract ends" once and
 * the renewal timeline (canvas and Renewals tab) and the contracts list show it as that body's one contract; a body
 * marks its contract confidential and the other body's screen no longer shows it (issue 12 part 5).
 * E2E_SCREENSHOTS=1 saves the matrix, the card and the renewals view into test-results/. No fixed sleeps.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Locator, Page } from 'playwright-core'
import { ROOT } from './harness'
import { waitFor } from './wait-for'

const TIMEOUT_MS = 15_000
const RESULTS_DIR = join(ROOT, 'test-results')

interface Session {
  page: Page
}

/** What these steps need from the planning flow's state. */
export interface KraljicContractsState {
  council: Session
  police: Session
  categoryId?: string
}

export interface KraljicContractsStep {
  name: string
  run(state: KraljicContractsState): Promise<void>
}

async function shot(target: Page | Locator, name: string): Promise<void> {
  if (process.env['E2E_SCREENSHOTS'] !== '1') return
  mkdirSync(RESULTS_DIR, { recursive: true })
  const path = join(RESULTS_DIR, `a5a6-${name}.png`)
  await target.screenshot({ path })
  process.stdout.write(`    screenshot: ${path}\n`)
}

async function matrixMode(page: Page): Promise<string | null> {
  return page.locator('[data-testid=kraljic-matrix]').first().getAttribute('data-mode', { timeout: 500 }).catch(() => null)
}

async function shapeIds(page: Page): Promise<string[]> {
  return page.evaluate(() => window.editor?.getCurrentPageShapes().map((s) => s.id) ?? [])
}

/** Brings every shape into view (a shape outside the viewport is culled and cannot be clicked). */
async function showAll(page: Page): Promise<void> {
  await page.evaluate(() => {
    window.editor?.zoomToFit({ animation: { duration: 0 } })
  })
}

/** Enters "current contract ends" in my organisation's row of the open inspector and saves the figures. */
async function enterContractEnd(page: Page, date: string): Promise<void> {
  const form = page.locator('[data-testid=own-entry-form]')
  await form.getByLabel('Current contract ends').fill(date)
  await form.getByRole('button', { name: 'Save my figures' }).click()
  await form.getByRole('status').filter({ hasText: 'Saved' }).waitFor({ timeout: TIMEOUT_MS })
}

export const kraljicContractsSteps: KraljicContractsStep[] = [
  {
    name: 'planning: the alone/pooled toggle changes only my own view of the matrix',
    async run({ council, police }) {
      await Promise.all([showAll(council.page), showAll(police.page)])
      await police.page.locator('[data-testid=kraljic-matrix]').waitFor({ timeout: TIMEOUT_MS })
      const matrix = council.page.locator('[data-testid=kraljic-matrix]')
      await matrix.getByRole('button', { name: 'Each organisation alone' }).click()
      await waitFor(async () => (await matrixMode(council.page)) === 'alone', TIMEOUT_MS, 'council matrix shows each organisation alone')
      // A later change from the council reaches the police screen, so a toggle stored on the board would have too.
      const marker = await council.page.evaluate(() => {
        const editor = window.editor
        if (!editor) return null
        editor.createShape({ type: 'geo', x: -900, y: -900, props: { geo: 'star', w: 40, h: 40 } })
        return editor.getCurrentPageShapes().find((s) => s.type === 'geo' && (s.props as { geo: string }).geo === 'star')?.id ?? null
      })
      if (marker === null) throw new Error('could not create the sync marker shape')
      await waitFor(async () => (await shapeIds(police.page)).includes(marker), TIMEOUT_MS, 'council change reaches the police screen')
      const policeMode = await matrixMode(police.page)
      if (policeMode !== 'pooled') throw new Error(`police matrix switched to "${policeMode}" when the council toggled`)
      // And the other way round: the police officer's toggle leaves the council's view alone.
      await police.page.locator('[data-testid=kraljic-matrix]').getByRole('button', { name: 'Each organisation alone' }).click()
      await council.page.locator('[data-testid=kraljic-matrix]').getByRole('button', { name: 'All pooled' }).click()
      await waitFor(async () => (await matrixMode(police.page)) === 'alone' && (await matrixMode(council.page)) === 'pooled', TIMEOUT_MS, 'each screen keeps its own mode')
      await council.page.evaluate(() => {
        const editor = window.editor
        if (editor) editor.deleteShapes(editor.getCurrentPageShapes().filter((s) => s.type === 'geo'))
      })
      await shot(police.page.locator('[data-testid=kraljic-matrix]'), 'matrix-alone')
      await shot(council.page.locator('[data-testid=kraljic-matrix]'), 'matrix-pooled')
    },
  },
  {
    name: 'planning: a body enters "current contract ends" once; the timeline and renewals view show it',
    async run({ council, police, categoryId }) {
      if (categoryId === undefined) throw new Error('precondition missing: category id')
      // Each body types its date once, in its own spend row (no separate contract is added).
      await council.page.locator(`[data-testid=category-inspector][data-category-id="${categoryId}"]`).waitFor({ timeout: TIMEOUT_MS })
      await enterContractEnd(council.page, '2027-09-30')
      await enterContractEnd(police.page, '2028-03-31')
      // The contracts list holds exactly one contract per body: the same record, not a second copy of the date.
      for (const page of [council.page, police.page]) {
        await waitFor(async () => (await page.locator('[data-testid=contract-row]').count()) === 2, TIMEOUT_MS, 'one contract row per body')
        await page.locator('[data-testid=contract-row][data-end="2027-09-30"]').waitFor({ timeout: TIMEOUT_MS })
        await page.locator('[data-testid=contract-row][data-end="2028-03-31"]').waitFor({ timeout: TIMEOUT_MS })
      }
      await shot(council.page.locator('[data-testid=category-inspector]'), 'inspector')
      // A renewal timeline on the canvas, and the Renewals tab of the panel, both show the two ends and a window.
      await police.page.getByRole('button', { name: 'Add view' }).click()
      await police.page.getByRole('menuitem', { name: 'Renewal timeline' }).click()
      await Promise.all([showAll(council.page), showAll(police.page)])
      await police.page.getByRole('tab', { name: 'Renewals' }).click()
      for (const page of [police.page, council.page]) {
        await waitFor(async () => (await page.locator('[data-testid=renewal-timeline]').count()) >= 1, TIMEOUT_MS, 'a renewal timeline')
        for (const end of ['2027-09-30', '2028-03-31']) {
          await page.locator(`[data-testid=renewal-timeline] [data-testid=timeline-contract][data-contract-end="${end}"]`).first().waitFor({ state: 'attached', timeout: TIMEOUT_MS })
        }
        await page.locator('[data-testid=renewal-timeline] [data-testid=renewal-window]').first().waitFor({ state: 'attached', timeout: TIMEOUT_MS })
      }
      const inPanel = police.page.locator('[data-testid=planning-panel] [data-testid=renewal-timeline]')
      await inPanel.locator('[data-testid=timeline-contract][data-contract-end="2027-09-30"]').waitFor({ state: 'attached', timeout: TIMEOUT_MS })
      await inPanel.locator('[data-testid=renewal-window]').first().waitFor({ state: 'attached', timeout: TIMEOUT_MS })
      await shot(police.page.locator('[data-testid=planning-panel]'), 'renewals-view')
      await shot(police.page, 'board')
    },
  },
  {
    name: 'planning: the council marks its contract confidential; the police screen no longer shows it, and shows it again when unmarked',
    async run({ council, police, categoryId }) {
      if (categoryId === undefined) throw new Error('precondition missing: category id')
      const inspector = council.page.locator(`[data-testid=category-inspector][data-category-id="${categoryId}"]`)
      const councilRow = inspector.locator('[data-testid=contract-row][data-end="2027-09-30"]')
      const policeBars = police.page.locator('[data-testid=planning-panel] [data-testid=renewal-timeline] [data-testid=timeline-contract][data-contract-end="2027-09-30"]')
      const setConfidential = async (isConfidential: boolean) => {
        await councilRow.getByRole('button', { name: 'Edit' }).click()
        const toggle = inspector.locator('[data-testid=contract-confidential-toggle]')
        await toggle.setChecked(isConfidential)
        const note = (await inspector.locator('[data-testid=contract-confidential-note]').textContent()) ?? ''
        const expected = isConfidential ? 'may have seen the contract before it was marked confidential' : 'shares it again'
        if (!note.includes(expected)) throw new Error(`the form does not say what happens: "${note}"`)
        if (isConfidential) await shot(inspector, 'confidential-form')
        await inspector.getByRole('button', { name: 'Save contract' }).click()
      }
      await setConfidential(true)
      // The council still has it, with the lock; the police screen loses it from its timeline and its contract list.
      await councilRow.locator('[data-testid=contract-confidential]').waitFor({ timeout: TIMEOUT_MS })
      await waitFor(async () => (await policeBars.count()) === 0, TIMEOUT_MS, 'police timeline without the confidential contract')
      await police.page.locator('[data-testid=planning-panel] [data-testid=timeline-contract][data-contract-end="2028-03-31"]').first().waitFor({ state: 'attached', timeout: TIMEOUT_MS })
      await shot(councilRow, 'confidential-contract')
      await setConfidential(false)
      await waitFor(async () => (await policeBars.count()) > 0, TIMEOUT_MS, 'police timeline shows the contract again')
      await waitFor(async () => (await councilRow.locator('[data-testid=contract-confidential]').count()) === 0, TIMEOUT_MS, 'no lock once shared again')
    },
  },
]
