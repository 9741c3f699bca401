/** Liveness/readiness: 200 once storage is open, 503 otherwise. */
import { Hono } from 'hono'
import type { AppDeps, AppEnv } from '../app-env'

export function createHealthRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()
  app.get('/', (c) => {
    if (!deps.storage.isHealthy() || deps.isShuttingDown()) return c.json({ status: 'unavailable' }, 503)
    return c.json({ status: 'ok' })
  })
  return app
}
