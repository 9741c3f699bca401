/** Stock y-websocket clients for Node tests (ws polyfill, no BroadcastChannel). */
import { WebsocketProvider } from 'y-websocket'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { waitFor } from './wait-for'

export interface YClient {
  doc: Y.Doc
  provider: WebsocketProvider
  records: Y.Map<unknown>
  destroy(): void
}

export function connectClient(wsUrl: string, room: string, opts: { params?: Record<string, string>; connect?: boolean } = {}): YClient {
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(wsUrl, room, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    connect: opts.connect ?? true,
    ...(opts.params ? { params: opts.params } : {}),
  })
  return {
    doc,
    provider,
    records: doc.getMap('tl_records'),
    destroy() {
      provider.destroy()
      doc.destroy()
    },
  }
}

export async function connectSynced(wsUrl: string, room: string, opts: { params?: Record<string, string> } = {}): Promise<YClient> {
  const client = connectClient(wsUrl, room, opts)
  await waitFor(() => client.provider.synced, 5000, `client synced to ${room}`)
  return client
}
