/** Vite config for the Pooled client: builds client/ into dist/, proxies the API and websocket to the server in dev. */
import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'

const serverPort = Number(process.env['POOLED_DEV_SERVER_PORT'] ?? 8787)
// Our own source modules live under client/api and client/sync: serve those, proxy the rest.
const bypassModules = (req: { url?: string }) => (/\.(ts|tsx)(\?|$)/.test(req.url ?? '') ? req.url : undefined)

export default defineConfig({
  root: 'client',
  publicDir: false,
  plugins: [react()],
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 4000,
  },
  // reason: Vite 8's dependency optimiser cannot load @tldraw/assets' `?url` imports (STACK.md pitfall 7)
  optimizeDeps: { exclude: ['@tldraw/assets'] },
  server: {
    proxy: {
      '/api': { target: `http://127.0.0.1:${serverPort}`, bypass: bypassModules },
      '/healthz': `http://127.0.0.1:${serverPort}`,
      '/sync': { target: `ws://127.0.0.1:${serverPort}`, ws: true, bypass: bypassModules },
    },
  },
})
