/**
 * `npm start`: build the client when dist/ is missing or older than its sources, then run the server
 * (embedded defaults: SQLite under ./data, http://127.0.0.1:8787).
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'

const root = resolve(import.meta.dirname, '..')
const distIndex = join(root, 'dist', 'index.html')

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path))
    else newest = Math.max(newest, statSync(path).mtimeMs)
  }
  return newest
}

const sources = ['client', 'shared'].map((d) => join(root, d)).filter(existsSync)
const needsBuild =
  process.env['STATIC_ROOT'] === undefined &&
  (!existsSync(distIndex) || Math.max(...sources.map(newestMtime), statSync(join(root, 'package.json')).mtimeMs) > statSync(distIndex).mtimeMs)

if (needsBuild) {
  console.log('Building the client (vite build)…')
  const build = spawnSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' })
  if (build.status !== 0) process.exit(build.status ?? 1)
}

const server = spawn(process.execPath, ['--import', 'tsx', join(root, 'server/main.ts')], { cwd: root, stdio: 'inherit' })
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.kill(signal))
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
