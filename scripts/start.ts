/**
 * `npm start`: build the client when dist/ is missing or older than its sources, then run the server in this same
 * process (embedded defaults: SQLite under ./data, http://127.0.0.1:8787).
 *
 * Stopping: package.json runs this as `exec node --import tsx scripts/start.ts`, so the process npm starts and
 * signals is the server itself (no shell or tsx wrapper in between that would die and orphan it). SIGTERM/SIGINT
 * are handled by server/main.ts: flush, close sockets with 1012, exit 0 (server/sync/SPEC.md R13).
 */
import { spawn } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'

const root = resolve(import.meta.dirname, '..')
const distIndex = join(root, 'dist', 'index.html')
const viteBin = join(root, 'node_modules', 'vite', 'bin', 'vite.js')

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path))
    else newest = Math.max(newest, statSync(path).mtimeMs)
  }
  return newest
}

function isClientStale(): boolean {
  if (!existsSync(distIndex)) return true
  const sources = ['client', 'shared'].map((d) => join(root, d)).filter(existsSync)
  return Math.max(...sources.map(newestMtime), statSync(join(root, 'package.json')).mtimeMs) > statSync(distIndex).mtimeMs
}

/** Run `vite build`, passing a stop signal on to it so that stopping during the build stops at once. */
async function buildClient(): Promise<void> {
  console.log('Building the client (vite build)…')
  const build = spawn(process.execPath, [viteBin, 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' })
  const forward = (signal: NodeJS.Signals) => build.kill(signal)
  process.on('SIGINT', forward)
  process.on('SIGTERM', forward)
  const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    build.once('exit', (c, s) => done({ code: c, signal: s })),
  )
  process.off('SIGINT', forward)
  process.off('SIGTERM', forward)
  if (signal !== null) process.exit(signal === 'SIGINT' ? 130 : 143)
  if (code !== 0) process.exit(code ?? 1)
}

if (process.env['STATIC_ROOT'] === undefined && isClientStale()) {
  if (existsSync(viteBin)) await buildClient()
  else if (!existsSync(distIndex)) {
    // A production install (`npm ci --omit=dev`) has no vite: the client must have been built beforehand.
    console.error(
      'Pooled cannot start: the client is not built (dist/index.html is missing) and vite, a dev dependency, is not installed.\n' +
        'Build it first with the dev dependencies (`npm ci && npm run build`), then `npm ci --omit=dev && npm start`,\n' +
        'or set STATIC_ROOT to a directory holding a built client.',
    )
    process.exit(2)
  } else console.warn('dist/ is older than the client sources and vite is not installed (production install): serving the existing build.')
}

await import('../server/main')
