/**
 * E2E plumbing: build the client when stale, run the real server as a child process on a free port, and launch
 * Debian chromium with one isolated context per user that refuses (and records) any non-loopback request.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { waitFor } from './wait-for'

export const ROOT = new URL('../../', import.meta.url).pathname

function newestMtimeMs(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtimeMs(path) : statSync(path).mtimeMs)
  }
  return newest
}

/** Run `vite build` unless dist/index.html is newer than every client source (and the shared schema it bundles). */
export function buildClientIfStale(): void {
  const index = join(ROOT, 'dist/index.html')
  const sources = Math.max(newestMtimeMs(join(ROOT, 'client')), newestMtimeMs(join(ROOT, 'shared')))
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return
  process.stdout.write('building client (dist is missing or stale)…\n')
  const result = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' })
  if (result.status !== 0) throw new Error(`vite build failed with exit code ${result.status}`)
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      const port = typeof address === 'object' && address ? address.port : 0
      probe.close(() => resolve(port))
    })
  })
}

/** The server under test as a child process; can be stopped and started again on the same port and data dir. */
export class ServerProcess {
  readonly port: number
  readonly dataDir: string
  private child: ChildProcess | null = null
  private output = ''

  private constructor(port: number, dataDir: string) {
    this.port = port
    this.dataDir = dataDir
  }

  static async create(): Promise<ServerProcess> {
    return new ServerProcess(await freePort(), await mkdtemp(join(tmpdir(), 'pooled-e2e-')))
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`
  }

  /** The running server's process id, or null when it is stopped. */
  get pid(): number | null {
    return this.child?.exitCode === null ? (this.child.pid ?? null) : null
  }

  /** Everything the server printed (stdout and stderr), for failure reports. */
  get log(): string {
    return this.output
  }

  async start(): Promise<void> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(this.port), HOST: '127.0.0.1', DATA_DIR: this.dataDir, STATIC_ROOT: 'dist', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    this.child = child
    // Never leave a server behind if the runner dies mid-way.
    const killOnExit = () => child.kill('SIGKILL')
    process.once('exit', killOnExit)
    child.once('exit', () => process.off('exit', killOnExit))
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()))
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()))
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode}:\n${this.output}`)
        const response = await fetch(`${this.baseUrl}/healthz`).catch(() => null)
        return response?.status === 200
      },
      30_000,
      'GET /healthz → 200',
      100,
    )
  }

  /** Stop the server (if running) and delete its data directory. */
  async dispose(): Promise<void> {
    await this.stop()
    await rm(this.dataDir, { recursive: true, force: true })
  }

  /** SIGTERM and wait for the process to exit; returns its exit code. */
  async stop(): Promise<number | null> {
    const child = this.child
    if (!child || child.exitCode !== null) return child?.exitCode ?? null
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
    const code = await exited
    clearTimeout(timer)
    this.child = null
    return code
  }
}

export function chromiumPath(): string {
  const which = spawnSync('which', ['chromium'], { encoding: 'utf8' })
  const found = which.status === 0 ? which.stdout.trim() : ''
  return found || '/usr/bin/chromium'
}

/** Chromium's flags for every test browser: headless, loopback only, nothing in the background. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
]

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: [...CHROMIUM_ARGS] })
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]'])

/** Problems observed in the browser that must fail the run. */
export interface BrowserProblems {
  externalRequests: string[]
  pageErrors: string[]
}

export function isLoopbackUrl(raw: string): boolean {
  const url = new URL(raw)
  if (url.protocol === 'data:' || url.protocol === 'blob:' || url.protocol === 'about:') return true
  return LOOPBACK_HOSTS.has(url.hostname)
}

/** A fresh context (own cookies and localStorage, i.e. its own user) whose pages may only talk to loopback. */
export async function newUserContext(browser: Browser, baseUrl: string, problems: BrowserProblems, label: string): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 800 } })
  await refuseExternalRequests(context, problems, label)
  return context
}

/** Refuse (and record) any request of the context's pages that leaves loopback. */
export async function refuseExternalRequests(context: BrowserContext, problems: BrowserProblems, label: string): Promise<void> {
  await context.route('**/*', (route) => {
    const url = route.request().url()
    if (isLoopbackUrl(url)) return route.continue()
    problems.externalRequests.push(`${label}: ${url}`)
    return route.abort('blockedbyclient')
  })
}

export function watchPage(page: Page, problems: BrowserProblems, label: string): Page {
  page.on('pageerror', (error) => problems.pageErrors.push(`${label}: ${error.message}`))
  // A Content-Security-Policy violation means something on the page was blocked: a broken feature.
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) problems.pageErrors.push(`${label}: ${message.text()}`)
  })
  return page
}
