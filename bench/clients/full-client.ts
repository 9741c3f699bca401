/**
 * Full participant: a stock y-websocket `WebsocketProvider` on a Y.Doc with a `tl_records` map, as the browser client
 * has. It can write (move its own shapes, each write carrying a latency marker) and it timestamps remote changes.
 */
import WebSocket from 'ws'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { nowUs } from '../lib/clock'
import { makeShape, RECORDS_MAP, type ShapeRecord } from '../lib/records'
import { makeMarker, parseMarker } from '../lib/wire'
import type { Collector } from './collector'

export class FullParticipant {
  readonly doc = new Y.Doc()
  readonly map: Y.Map<ShapeRecord>
  readonly provider: WebsocketProvider
  seq = 0
  private firstSeqOfRun = 0

  constructor(readonly writerId: string, serverUrl: string, room: string, params: Record<string, string>, collector: Collector, readonly shapes: number) {
    this.map = this.doc.getMap(RECORDS_MAP)
    this.map.observe((ev, tr) => {
      if (tr.local) return
      const at = nowUs()
      for (const key of ev.keysChanged) {
        const rec = this.map.get(key)
        const m = rec?.meta?.bench ? parseMarker(rec.meta.bench) : null
        if (m) collector.arrived([m], at)
      }
    })
    this.provider = new WebsocketProvider(serverUrl, room, this.doc, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
      params,
    })
  }

  get isConnected(): boolean {
    return this.provider.wsconnected
  }

  get isSynced(): boolean {
    return this.provider.synced
  }

  markRun(): void {
    this.firstSeqOfRun = this.seq
  }

  get runRange(): [number, number] {
    return [this.firstSeqOfRun, this.seq]
  }

  /** Move one of this writer's shapes; the marker carries the send time. */
  write(): void {
    const seq = this.seq++
    const i = seq % this.shapes
    const id = `${this.writerId}-${i}`
    const rec = makeShape(id, i, (seq * 7) % 2000, (seq * 13) % 1500, makeMarker(this.writerId, seq, nowUs()))
    this.map.set(rec.id, rec)
  }

  destroy(): void {
    this.provider.destroy()
    this.doc.destroy()
  }
}
