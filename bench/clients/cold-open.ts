/**
 * One cold open, in a fresh process: a stock WebsocketProvider opens a board and reports the time until its `sync`
 * event, how many records it held then, the time until all expected records are present, and bytes received.
 * Usage: node --import tsx bench/clients/cold-open.ts '<json {serverUrl, room, params, expected, timeoutMs}>'
 * Prints one JSON line.
 */
import WebSocket from 'ws'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { nowMs } from '../lib/clock'
import { RECORDS_MAP } from '../lib/records'

const args = JSON.parse(process.argv[2] ?? '{}') as { serverUrl: string; room: string; params: Record<string, string>; expected: number; timeoutMs: number }

let bytes = 0
let frames = 0
class CountingWebSocket extends WebSocket {
  constructor(url: string, protocols?: string | string[]) {
    super(url, protocols, { perMessageDeflate: false })
    this.on('message', (d: Buffer | ArrayBuffer) => {
      bytes += d.byteLength
      frames++
    })
  }
}

const doc = new Y.Doc()
const map = doc.getMap(RECORDS_MAP)
const t0 = nowMs()
let syncedMs: number | null = null
let recordsAtSynced: number | null = null
let allMs: number | null = null
let bytesAtAll: number | null = null

const finish = (error?: string) => {
  process.stdout.write(JSON.stringify({ syncedMs, recordsAtSynced, allMs, bytes: bytesAtAll ?? bytes, frames, records: map.size, error: error ?? null }) + '\n')
  provider.destroy()
  doc.destroy()
  process.exit(0)
}

map.observe(() => {
  if (allMs === null && map.size >= args.expected) {
    allMs = nowMs() - t0
    bytesAtAll = bytes
    if (syncedMs !== null) finish()
  }
})
const provider = new WebsocketProvider(args.serverUrl, args.room, doc, {
  WebSocketPolyfill: CountingWebSocket as unknown as typeof globalThis.WebSocket,
  disableBc: true,
  params: args.params,
})
provider.on('sync', (isSynced: boolean) => {
  if (!isSynced || syncedMs !== null) return
  syncedMs = nowMs() - t0
  recordsAtSynced = map.size
  if (allMs !== null) finish()
})
setTimeout(() => finish(`timed out after ${args.timeoutMs} ms`), args.timeoutMs)
