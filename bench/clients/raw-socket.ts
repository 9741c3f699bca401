/**
 * Lightweight participant: a plain `ws` socket that speaks just enough y-websocket to receive a room's updates.
 * It sends SyncStep1 with an empty state vector, never answers, optionally announces one awareness state and seeds
 * records, and timestamps every marker found in incoming update frames.
 */
import WebSocket from 'ws'
import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import { nowUs } from '../lib/clock'
import { makeShape, RECORDS_MAP } from '../lib/records'
import { classify, encodeSyncStep1Empty, encodeSyncUpdate, MSG_AWARENESS, scanMarkers } from '../lib/wire'
import type { Collector } from './collector'

export interface RawOptions {
  url: string
  collector: Collector
  /** Announce a small presence state (like a stock client's first awareness message). */
  awareness: boolean
  /** Send an update with this many shape records after joining (0: none). */
  seedRecords: number
}

let clientIdCounter = Math.floor(Math.random() * 1e9)

function encodeAwareness(clientId: number, state: object): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, MSG_AWARENESS)
  const inner = encoding.createEncoder()
  encoding.writeVarUint(inner, 1)
  encoding.writeVarUint(inner, clientId)
  encoding.writeVarUint(inner, 1)
  encoding.writeVarString(inner, JSON.stringify(state))
  encoding.writeVarUint8Array(e, encoding.toUint8Array(inner))
  return encoding.toUint8Array(e)
}

export class RawParticipant {
  readonly ws: WebSocket
  hasStep2 = false
  isOpen = false
  isClosed = false
  bytesIn = 0

  constructor(private readonly opts: RawOptions) {
    this.ws = new WebSocket(opts.url, { perMessageDeflate: false })
    this.ws.binaryType = 'nodebuffer'
    this.ws.on('open', () => {
      this.isOpen = true
      this.ws.send(encodeSyncStep1Empty())
      if (opts.awareness) this.ws.send(encodeAwareness(clientIdCounter++, { user: { name: 'bench', color: '#888' } }))
      if (opts.seedRecords > 0) {
        const doc = new Y.Doc()
        const map = doc.getMap(RECORDS_MAP)
        doc.transact(() => {
          for (let i = 0; i < opts.seedRecords; i++) map.set(`shape:seed${i}`, makeShape(`seed${i}`, i, i * 10, i * 10))
        })
        this.ws.send(encodeSyncUpdate(Y.encodeStateAsUpdate(doc)))
        doc.destroy()
      }
    })
    this.ws.on('message', (data: Buffer) => {
      const at = nowUs()
      this.bytesIn += data.byteLength
      // Fast path: sync update frames start with [0, 2].
      if (data[0] === 0 && data[1] === 2) {
        opts.collector.arrived(scanMarkers(data), at)
        return
      }
      if (!this.hasStep2 && classify(data).kind === 'step2') this.hasStep2 = true
    })
    this.ws.on('close', () => {
      this.isClosed = true
    })
    this.ws.on('error', () => {
      this.isClosed = true
    })
  }

  close(): void {
    if (!this.isClosed) this.ws.close()
  }
}
