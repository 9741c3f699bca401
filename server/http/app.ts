/**
 * createApp(deps): the Hono application. Request ids, access logging at debug, routes per resource, the websocket
 * route, static client with SPA fallback, and one error mapper.
 */
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { requestId } from 'hono/request-id'
import { secureHeaders } from 'hono/secure-headers'
import { serveStatic } from '@hono/node-server/serve-static'
import { existsSync, readFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { ErrorCode } from '../../shared/schema/api'
import { AppError, errorBody, respondWithError } from './errors'
import type { AppDeps, AppEnv } from './app-env'
import { createAuthMiddleware } from './auth-middleware'
import { createAuthRoutes } from './routes/auth'
import { createBoardRoutes } from './routes/boards'
import { createBoardSpendRoutes } from './routes/board-spend'
import { createCollaborationRoutes } from './routes/collaboration'
import { createContractRoutes } from './routes/contracts'
import { createHealthRoutes } from './routes/health'
import { createInviteRoutes } from './routes/invites'
import { createMethodologyRoutes, METHODOLOGY_MAX_REQUEST_BYTES } from './routes/methodologies'
import { createOrgRoutes } from './routes/orgs'
import { createReportRoutes } from './routes/reports'
import { createSpendRoutes } from './routes/spend'
import { createSpendSupplierRoutes } from './routes/spend-suppliers'
import { createAdminRoutes, createUserRoutes } from './routes/users'
import { createOriginCheck } from './origin-check'
import { createSyncAuthorizer } from './sync-access'
import { createSyncHandler } from './ws-route'

export const API_MAX_JSON_BYTES = 1024 * 1024

export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>()
  const log = deps.log.child({ module: 'http' })

  app.use('*', requestId())
  // Defence in depth for commercially sensitive boards: scripts only from Pooled itself, no framing, no referrer leaks.
  // tldraw needs inline styles, data:/blob: images and fonts, and workers from blob: URLs.
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'", 'ws:', 'wss:', 'data:', 'blob:'],
        workerSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
      },
      referrerPolicy: 'same-origin',
      crossOriginEmbedderPolicy: false,
    }),
  )
  app.use('*', async (c, next) => {
    const started = performance.now()
    await next()
    if (log.isLevelEnabled('debug')) {
      log.debug({ requestId: c.get('requestId'), method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started) }, 'request')
    }
  })
  const limitFor = (maxSize: number) =>
    bodyLimit({ maxSize, onError: (c) => c.json(errorBody(ErrorCode.PayloadTooLarge, `request body above ${maxSize} bytes`), 413) })
  const apiLimit = limitFor(deps.maxJsonBytes ?? API_MAX_JSON_BYTES)
  const knowledgeLimit = limitFor(METHODOLOGY_MAX_REQUEST_BYTES)
  // The knowledge base takes larger bodies (100 kB of Markdown plus a template, or a whole library import).
  // Spend uploads stream to disk under their own limit (MAX_UPLOAD_BYTES, routes/spend.ts); contract files are read
  // under theirs (CONTRACTS_MAX_UPLOAD_BYTES, routes/contracts.ts).
  const isFileUpload = (c: { req: { method: string; path: string } }) => c.req.method === 'POST' && /^\/api\/orgs\/[^/]+\/(?:spend|contracts)\/files\/?$/.test(c.req.path)
  app.use('/api/*', (c, next) => (isFileUpload(c) ? next() : c.req.path.startsWith('/api/methodologies') ? knowledgeLimit(c, next) : apiLimit(c, next)))

  app.route('/healthz', createHealthRoutes(deps))
  app.use('/api/*', createAuthMiddleware(deps.storage, deps.now))
  app.route('/api/auth', createAuthRoutes(deps))
  app.route('/api/orgs', createOrgRoutes(deps))
  app.route('/api', createSpendRoutes(deps))
  app.route('/api', createSpendSupplierRoutes(deps))
  app.route('/api', createBoardSpendRoutes(deps))
  app.route('/api', createContractRoutes(deps))
  app.route('/api', createCollaborationRoutes(deps))
  app.route('/api/invites', createInviteRoutes(deps))
  app.route('/api/users', createUserRoutes(deps))
  app.route('/api/admin', createAdminRoutes(deps))
  app.route('/api/methodologies', createMethodologyRoutes(deps))
  // Runtime settings the browser needs (no rebuild to change them).
  app.get('/api/client-config', (c) => c.json({ tldrawLicenseKey: deps.tldrawLicenseKey ?? null }))
  app.route('/api/boards', createBoardRoutes(deps))
  app.route('/api/boards', createReportRoutes(deps))

  if (deps.sync) {
    const handler = createSyncHandler({
      ...deps.sync,
      log: deps.log.child({ module: 'ws' }),
      isShuttingDown: deps.isShuttingDown,
      authorizeSync: deps.sync.authorizeSync ?? createSyncAuthorizer(deps.storage, deps.now, createOriginCheck(deps.allowedOrigins ?? [])),
    })
    app.get('/sync/:docName', handler)
  }

  app.all('/api/*', () => {
    throw new AppError(404, ErrorCode.NotFound, 'no such API route')
  })

  if (deps.staticRoot) {
    const root = resolve(deps.staticRoot)
    const indexPath = join(root, 'index.html')
    // serveStatic wants a path relative to the working directory.
    const rel = relative(process.cwd(), root) || '.'
    app.use('/assets/*', async (c, next) => {
      await next()
      // Vite fingerprints asset names: cache them for a year.
      if (c.res.status === 200) c.res.headers.set('cache-control', 'public, max-age=31536000, immutable')
    })
    if (existsSync(root)) app.use('*', serveStatic({ root: rel }))
    app.get('*', (c) => {
      if (!existsSync(indexPath)) {
        return c.text('The client is not built. Run `npm run build` (npm start does it for you).', 503)
      }
      c.header('cache-control', 'no-cache')
      return c.html(readFileSync(indexPath, 'utf8'))
    })
  }

  app.notFound((c) => c.json(errorBody(ErrorCode.NotFound, `no route for ${c.req.method} ${c.req.path}`), 404))
  app.onError((err, c) => respondWithError(c, err, log))
  return app
}
