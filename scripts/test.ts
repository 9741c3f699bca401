/**
 * `npm test`: everything, in order of speed. Import rules (dependency-cruiser, .dependency-cruiser.cjs), type-check,
 * unit + contract + integration (vitest), then the browser end-to-end suite in Debian's chromium. On a fresh machine it installs chromium with apt-get when it can (root),
 * or stops naming the exact command to run.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'

const root = resolve(import.meta.dirname, '..')
const bin = (name: string) => resolve(root, 'node_modules', '.bin', name)
const IMPORT_RULE_ROOTS = ['client', 'server', 'shared', 'scripts', 'test', 'bench']

function run(title: string, cmd: string, args: string[], env: Record<string, string> = {}): void {
  console.log(`\n▶ ${title}`)
  const started = Date.now()
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } })
  if (result.status !== 0) {
    console.error(`\n✗ ${title} failed (exit ${result.status ?? result.signal})`)
    process.exit(result.status ?? 1)
  }
  console.log(`✓ ${title} (${((Date.now() - started) / 1000).toFixed(1)} s)`)
}

function findChromium(): string | null {
  for (const candidate of [process.env['CHROMIUM_PATH'], '/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (candidate && existsSync(candidate)) return candidate
  }
  return null
}

function ensureChromium(): string {
  const found = findChromium()
  if (found) return found
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
  if (!isRoot) {
    console.error('\nThe browser tests need Debian\'s chromium. Install it with:\n\n  sudo apt-get update && sudo apt-get install -y chromium\n\nthen run `npm test` again (or set CHROMIUM_PATH).')
    process.exit(1)
  }
  console.log('\n▶ Installing chromium for the browser tests (apt-get)…')
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' })
  const install = update.status === 0 ? spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }) : update
  const path = findChromium()
  if (install.status !== 0 || !path) {
    console.error('\nCould not install chromium. Run: apt-get update && apt-get install -y chromium')
    process.exit(1)
  }
  return path
}

const skipE2e = process.argv.includes('--no-e2e')
// The boundaries of ../shared/STYLE.md ("Import rules"): each violation is listed with the rule and why it exists.
run('Import rules (dependency-cruiser)', bin('depcruise'), [...IMPORT_RULE_ROOTS, '--config', '.dependency-cruiser.cjs', '--output-type', 'err-long'])
run('Type-check (tsc)', bin('tsc'), ['--noEmit', '-p', '.'])
const vitestJson = resolve(root, 'test-results', 'vitest.json')
run('Unit, contract and integration tests (vitest)', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`])
const vitestCounts = JSON.parse(readFileSync(vitestJson, 'utf8')) as { numPassedTests: number; numFailedTests: number }
let passed = vitestCounts.numPassedTests
let failed = vitestCounts.numFailedTests
if (!skipE2e) {
  const chromium = ensureChromium()
  run('Build the client (vite)', bin('vite'), ['build', '--logLevel', 'warn'])
  const e2eJson = resolve(root, 'test-results', 'e2e.json')
  run('Browser end-to-end tests (playwright-core + chromium)', bin('tsx'), ['test/e2e/run.ts'], { CHROMIUM_PATH: chromium, E2E_RESULTS_JSON: e2eJson })
  if (existsSync(e2eJson)) {
    const e2e = JSON.parse(readFileSync(e2eJson, 'utf8')) as { passed: number; failed: number }
    passed += e2e.passed
    failed += e2e.failed
  }
}
console.log('\nAll tests passed.')
console.log(`${passed} passed, ${failed} failed`)
