/** Vite config for the Pooled client: builds client/ into dist/, proxies the API and websocket to the server in dev. */
import { resolve } from 'node:path'
import { defineConfig, type Plugin } from 'vite'
import react from '@vitejs/plugin-react'

const serverPort = Number(process.env['POOLED_DEV_SERVER_PORT'] ?? 8787)
// Our own source modules live under client/api and client/sync: serve those, proxy the rest.
const bypassModules = (req: { url?: string }) => (/\.(ts|tsx)(\?|$)/.test(req.url ?? '') ? req.url : undefined)

/**
 * client/boot.ts is a second, tiny entry that must start before the app's 2.4 MB bundle has downloaded and compiled
 * (it opens a board's live connection early: client/sync/early-sync.ts). Vite would fold a second `<script>` in
 * index.html into the app's bundle, so it is built as its own entry and its script tag is added here, async, first.
 */
function bootScript(): Plugin {
  return {
    name: 'pooled-boot-script',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const chunk = Object.values(ctx.bundle ?? {}).find((c) => c.type === 'chunk' && c.isEntry && c.name === 'boot')
        const src = ctx.bundle ? (chunk ? `/${chunk.fileName}` : null) : '/boot.ts'
        if (!src) return []
        return [{ tag: 'script', attrs: { type: 'module', async: true, crossorigin: true, src }, injectTo: 'head-prepend' }]
      },
    },
  }
}

export default defineConfig({
  root: 'client',
  publicDir: false,
  plugins: [react(), bootScript()],
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 4000,
    rollupOptions: {
      input: { index: resolve(import.meta.dirname, 'client/index.html'), boot: resolve(import.meta.dirname, 'client/boot.ts') },
    },
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
