/**
 * The board's first SyncStep2 is applied without Yjs encoding it again for the provider's own `update` listener, and
 * everything after it (the seed written on `sync`, later updates, local edits) goes through y-websocket as before.
 */
import { afterEach, describe, expect, it } from 'vitest'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { MESSAGE_SYNC, applyFirstSyncWithoutEcho } from '../../../../client/sync/first-sync'

const cleanups: (() => void)[] = []
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()?.()
})

function newProvider(doc: Y.Doc): WebsocketProvider {
  // reason: never connects (connect: false); the polyfill only satisfies the constructor outside a browser
  const provider = new WebsocketProvider('ws://127.0.0.1:9', 'board', doc, { connect: false, disableBc: true, WebSocketPolyfill: class {} as never })
  cleanups.push(() => provider.destroy())
  return provider
}

/** A server's SyncStep2 (`which` = 'step2') or update message carrying `source`'s state, as y-websocket frames it. */
function serverMessage(source: Y.Doc, which: 'step2' | 'update'): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MESSAGE_SYNC)
  if (which === 'step2') syncProtocol.writeSyncStep2(encoder, source)
  else syncProtocol.writeUpdate(encoder, Y.encodeStateAsUpdate(source))
  return encoding.toUint8Array(encoder)
}

/** Feed one message to the provider's handler the way y-websocket's readMessage does. */
function receive(provider: WebsocketProvider, message: Uint8Array): void {
  const decoder = decoding.createDecoder(message)
  const type = decoding.readVarUint(decoder)
  provider.messageHandlers[type]!(encoding.createEncoder(), decoder, provider, true, type)
}

function boardWithRecords(count: number): Y.Doc {
  const doc = new Y.Doc()
  doc.transact(() => {
    for (let i = 0; i < count; i++) doc.getMap('tl_records').set(`shape:${i}`, { id: `shape:${i}`, x: i, props: { w: 10, h: 10 } })
  })
  return doc
}

const hasUpdateListener = (doc: Y.Doc, listener: unknown) => doc._observers.get('update')?.has(listener as never) ?? false

describe('applyFirstSyncWithoutEcho', () => {
  it('applies the first SyncStep2 with no update listener attached, then emits sync with the listener back', () => {
    const doc = new Y.Doc()
    const provider = newProvider(doc)
    applyFirstSyncWithoutEcho(provider)
    const seen: boolean[] = []
    doc.on('afterTransaction', () => seen.push(doc._observers.has('update')))
    let isListeningOnSync: boolean | null = null
    provider.on('sync', (isSynced: boolean) => {
      if (isSynced) isListeningOnSync = hasUpdateListener(doc, provider._updateHandler)
    })

    receive(provider, serverMessage(boardWithRecords(50), 'step2'))

    expect(doc.getMap('tl_records').size).toBe(50)
    expect(seen).toEqual([false])
    expect(provider.synced).toBe(true)
    expect(isListeningOnSync).toBe(true)
  })

  it('forwards what is written on sync (an empty board seeds itself) and local edits afterwards', () => {
    const doc = new Y.Doc()
    const provider = newProvider(doc)
    applyFirstSyncWithoutEcho(provider)
    const forwarded: unknown[] = []
    const original = provider._updateHandler
    // Watch what the provider's own listener receives, through the listener the doc really holds.
    doc.off('update', original)
    provider._updateHandler = (update, origin) => {
      forwarded.push(origin)
      original(update, origin)
    }
    doc.on('update', provider._updateHandler)
    provider.on('sync', () => doc.transact(() => doc.getMap('tl_meta').set('schema', 1), 'seed'))

    receive(provider, serverMessage(new Y.Doc(), 'step2'))
    doc.transact(() => doc.getMap('tl_records').set('shape:a', { id: 'shape:a' }), 'local')

    expect(forwarded).toEqual(['seed', 'local'])
  })

  it('leaves later messages to y-websocket: the update listener stays attached while they apply', () => {
    const doc = new Y.Doc()
    const provider = newProvider(doc)
    applyFirstSyncWithoutEcho(provider)
    receive(provider, serverMessage(boardWithRecords(3), 'step2'))
    const seen: boolean[] = []
    doc.on('afterTransaction', () => seen.push(hasUpdateListener(doc, provider._updateHandler)))

    receive(provider, serverMessage(boardWithRecords(5), 'update'))
    provider.synced = false // a reconnect re-syncs
    receive(provider, serverMessage(boardWithRecords(7), 'step2'))

    expect(seen).toEqual([true, true])
    expect(doc.getMap('tl_records').size).toBe(7)
  })

  it('keeps the listener attached when an update arrives before the first SyncStep2', () => {
    const doc = new Y.Doc()
    const provider = newProvider(doc)
    applyFirstSyncWithoutEcho(provider)
    const seen: boolean[] = []
    doc.on('afterTransaction', () => seen.push(hasUpdateListener(doc, provider._updateHandler)))
    receive(provider, serverMessage(boardWithRecords(2), 'update'))
    expect(seen).toEqual([true])
    expect(provider.synced).toBe(false)
  })
})
