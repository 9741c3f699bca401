import * as awarenessProtocol from 'y-protocols/awareness'
import * as syncProtocol from 'y-protocols/sync'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  decodeAwarenessUpdate,
  decodeMessage,
  decodeStateVector,
  encodeAwarenessMessage,
  encodeStateVector,
  encodeSyncStep1,
  encodeSyncStep2,
} from '../../../../server/sync/protocol'

describe('protocol', () => {
  it('decodes what y-protocols writes', () => {
    const doc = new Y.Doc()
    doc.getMap('m').set('k', 'v')
    const enc = encoding.createEncoder()
    encoding.writeVarUint(enc, 0)
    syncProtocol.writeSyncStep1(enc, doc)
    const msg = decodeMessage(encoding.toUint8Array(enc))
    expect(msg.kind).toBe('sync-step1')
    const enc2 = encoding.createEncoder()
    encoding.writeVarUint(enc2, 0)
    syncProtocol.writeUpdate(enc2, Y.encodeStateAsUpdate(doc))
    expect(decodeMessage(encoding.toUint8Array(enc2)).kind).toBe('sync-update')
  })

  it('writes what y-protocols reads', () => {
    const doc = new Y.Doc()
    doc.getMap('m').set('k', 'v')
    const target = new Y.Doc()
    const dec = decoding.createDecoder(encodeSyncStep2(Y.encodeStateAsUpdate(doc)))
    expect(decoding.readVarUint(dec)).toBe(0)
    syncProtocol.readSyncMessage(dec, encoding.createEncoder(), target, null)
    expect(target.getMap('m').get('k')).toBe('v')
    const step1 = decoding.createDecoder(encodeSyncStep1(encodeStateVector(new Map([[7, 3]]))))
    decoding.readVarUint(step1)
    expect(decoding.readVarUint(step1)).toBe(0)
    expect(Y.decodeStateVector(decoding.readVarUint8Array(step1))).toEqual(new Map([[7, 3]]))
  })

  it('reports malformed frames as values, never throws', () => {
    for (const bytes of [[], [0], [0, 0], [0, 0, 5, 1], [42], [1], [0, 9, 0], [3, 1]]) {
      expect(decodeMessage(new Uint8Array(bytes)).kind).toBe('error')
    }
    expect(decodeMessage(new Uint8Array([3])).kind).toBe('query-awareness')
  })

  it('round-trips awareness updates with y-protocols', () => {
    const doc = new Y.Doc()
    const awareness = new awarenessProtocol.Awareness(doc)
    awareness.setLocalState({ user: { name: 'Ann', color: '#123456' } })
    const update = awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID])
    const entries = decodeAwarenessUpdate(update)
    expect(entries).toEqual([{ clientId: doc.clientID, clock: 1, json: JSON.stringify({ user: { name: 'Ann', color: '#123456' } }) }])
    const other = new awarenessProtocol.Awareness(new Y.Doc())
    const dec = decoding.createDecoder(encodeAwarenessMessage(entries ?? []))
    expect(decoding.readVarUint(dec)).toBe(1)
    awarenessProtocol.applyAwarenessUpdate(other, decoding.readVarUint8Array(dec), null)
    expect(other.getStates().get(doc.clientID)).toEqual({ user: { name: 'Ann', color: '#123456' } })
    awareness.destroy()
    other.destroy()
    expect(decodeAwarenessUpdate(new Uint8Array([200, 1]))).toBeNull()
  })

  it('encodes state vectors Yjs can read', () => {
    const sv = new Map([[1, 5], [99999, 12]])
    expect(Y.decodeStateVector(encodeStateVector(sv))).toEqual(sv)
    expect(decodeStateVector(encodeStateVector(sv))).toEqual(sv)
    expect(decodeStateVector(new Uint8Array([3, 1]))).toBeNull()
  })
})
