import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { checkUpdate, type ContentInspector } from '../../../../server/sync/update-check'

const svOf = (doc: Y.Doc) => new Map(Y.decodeStateVector(Y.encodeStateVector(doc)))

describe('checkUpdate', () => {
  it('accepts a first update into an empty room and reports its clock range', () => {
    const doc = new Y.Doc()
    doc.getMap('m').set('a', 1)
    const result = checkUpdate(Y.encodeStateAsUpdate(doc), new Map())
    expect(result).toEqual({ ok: true, ranges: new Map([[doc.clientID, 1]]), isEmpty: false })
  })

  it('rejects bytes that do not decode', () => {
    expect(checkUpdate(new Uint8Array([5, 200, 1, 2]), new Map())).toEqual({ ok: false, reason: 'undecodable' })
  })

  it('rejects a clock gap (the update depends on changes the room never saw)', () => {
    const doc = new Y.Doc()
    doc.getMap('m').set('a', 1)
    const sv = Y.encodeStateVector(doc)
    doc.getMap('m').set('b', 2)
    expect(checkUpdate(Y.encodeStateAsUpdate(doc, sv), new Map())).toEqual({ ok: false, reason: 'gap' })
  })

  it('rejects a reference to an item of another client the room lacks', () => {
    const a = new Y.Doc()
    const text = a.getText('t')
    text.insert(0, 'hello')
    const b = new Y.Doc()
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    const before = Y.encodeStateVector(b)
    b.getText('t').insert(3, 'XYZ') // origin points into a's item
    const onlyB = Y.encodeStateAsUpdate(b, before)
    expect(checkUpdate(onlyB, new Map())).toEqual({ ok: false, reason: 'missing-dependency' })
    expect(checkUpdate(onlyB, svOf(a)).ok).toBe(true)
  })

  it('marks an update that adds nothing new as empty', () => {
    const doc = new Y.Doc()
    doc.getMap('m').set('a', 1)
    const update = Y.encodeStateAsUpdate(doc)
    const result = checkUpdate(update, svOf(doc))
    expect(result.ok && result.isEmpty).toBe(true)
    expect(checkUpdate(new Uint8Array([0, 0]), new Map())).toMatchObject({ ok: true, isEmpty: true })
  })

  it('treats deletions of known items as not empty', () => {
    const doc = new Y.Doc()
    doc.getMap('m').set('a', 1)
    const sv = Y.encodeStateVector(doc)
    const known = svOf(doc)
    doc.getMap('m').delete('a')
    const result = checkUpdate(Y.encodeStateAsUpdate(doc, sv), known)
    expect(result.ok && !result.isEmpty).toBe(true)
  })

  it('refuses a string Yjs could not read (invalid UTF-8), even inside a record no policy looks at', () => {
    const doc = new Y.Doc()
    doc.getMap('m').set('k', { label: 'ok-ok' })
    const update = Y.encodeStateAsUpdate(doc)
    const at = Buffer.from(update).indexOf('ok-ok')
    const bad = update.slice()
    bad[at + 2] = 0xff
    expect(() => Y.decodeUpdate(bad)).toThrow()
    expect(checkUpdate(bad, new Map())).toEqual({ ok: false, reason: 'undecodable' })
  })

  it('refuses a record with a __proto__ key where a policy reads fields (it could smuggle inherited fields)', () => {
    const doc = new Y.Doc()
    const record = JSON.parse('{"__proto__": {"typeName": "shape"}, "id": "shape:a"}') as Record<string, unknown>
    doc.getMap('m').set('shape:a', record)
    const inspector = { fields: { typeName: true, id: true } as const, inspect: () => null }
    expect(checkUpdate(Y.encodeStateAsUpdate(doc), new Map(), inspector)).toEqual({ ok: false, reason: 'undecodable' })
    expect(checkUpdate(Y.encodeStateAsUpdate(doc), new Map()).ok).toBe(true)
  })

  it('hands the policy only the fields it names', () => {
    const doc = new Y.Doc()
    doc.getMap('m').set('shape:a', { id: 'shape:a', typeName: 'shape', x: 5, meta: { updatedBy: { userId: 'u2', at: 'now' }, other: 1 } })
    const seen: unknown[] = []
    const inspector: ContentInspector = { fields: { typeName: true, meta: { updatedBy: { userId: true } } }, inspect: (v) => (seen.push(...v), null) }
    expect(checkUpdate(Y.encodeStateAsUpdate(doc), new Map(), inspector).ok).toBe(true)
    expect(seen).toEqual([{ typeName: 'shape', meta: { updatedBy: { userId: 'u2' } } }])
  })

  it('refuses a delete-set range of length 0 (Yjs never writes one, and applyUpdate throws keeping it pending)', () => {
    const doc = new Y.Doc()
    doc.clientID = 7
    doc.getMap('m').set('a', 1)
    const update = Y.encodeStateAsUpdate(doc)
    // Replace the empty delete set (last byte 0) with one client, one range: client 9, clock 100, length 0.
    const bad = Uint8Array.from([...update.subarray(0, update.length - 1), 1, 9, 1, 100, 0])
    expect(() => Y.applyUpdate(new Y.Doc(), bad)).toThrow()
    expect(checkUpdate(bad, new Map())).toEqual({ ok: false, reason: 'undecodable' })
    const fine = Uint8Array.from([...update.subarray(0, update.length - 1), 1, 9, 1, 100, 1])
    expect(checkUpdate(fine, new Map()).ok).toBe(true)
  })

  it('refuses an item whose origin is its own client at or after its own clock (Yjs throws applying it)', () => {
    // client 5, two structs from clock 0: a root item, then an item whose origin is (5, 1), itself.
    const selfRef = Uint8Array.from([1, 2, 5, 0, 0x08 | 0x20, 1, 1, 109, 1, 107, 1, 125, 1, 0x88, 5, 1, 1, 125, 2, 0])
    expect(Y.decodeUpdate(selfRef).structs).toHaveLength(2)
    expect(() => Y.applyUpdate(new Y.Doc(), selfRef)).toThrow()
    expect(checkUpdate(selfRef, new Map())).toEqual({ ok: false, reason: 'undecodable' })
    const earlier = selfRef.slice()
    earlier[15] = 0 // origin (5, 0): the item before it
    expect(() => Y.applyUpdate(new Y.Doc(), earlier)).not.toThrow()
    expect(checkUpdate(earlier, new Map()).ok).toBe(true)
  })

  it('refuses client ids and clocks above 2^53 - 1 (lib0 reads them, but no state vector holding them can be read back)', () => {
    // 2^55 as a var-uint: seven bytes 0x80 then 0x40.
    const big = [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40]
    const hugeClient = Uint8Array.from([1, 1, ...big, 0, 0, 1, 0])
    const hugeClock = Uint8Array.from([1, 1, 5, ...big, 0, 1, 0])
    expect(() => Y.decodeUpdate(hugeClient)).not.toThrow()
    expect(checkUpdate(hugeClient, new Map())).toEqual({ ok: false, reason: 'undecodable' })
    expect(checkUpdate(hugeClock, new Map())).toEqual({ ok: false, reason: 'undecodable' })
  })

  it('refuses an empty struct: ContentAny without values, an empty string, a GC or Skip of length 0 (found by a long run)', () => {
    // client 5, clock 0, one struct in tl_records under key 'w'.
    const head = [1, 1, 5, 0]
    const parent = [1, 10, ...new TextEncoder().encode('tl_records'), 1, 119]
    const emptyAny = Uint8Array.from([...head, 8 | 32, ...parent, 0, 0])
    // The case the long run found: a value, then an empty ContentAny; applyUpdate throws merging them.
    const found = Uint8Array.from([1, 2, 5, 0, 8 | 32, ...parent, 1, 125, 1, 8 | 32, ...parent, 0, 0])
    expect(() => Y.decodeUpdate(found)).not.toThrow()
    expect(() => Y.applyUpdate(new Y.Doc(), found)).toThrow()
    expect(checkUpdate(found, new Map())).toEqual({ ok: false, reason: 'undecodable' })
    expect(checkUpdate(emptyAny, new Map())).toEqual({ ok: false, reason: 'undecodable' })
    expect(checkUpdate(Uint8Array.from([...head, 4 | 32, ...parent, 0, 0]), new Map())).toEqual({ ok: false, reason: 'undecodable' })
    expect(checkUpdate(Uint8Array.from([...head, 0, 0, 0]), new Map())).toEqual({ ok: false, reason: 'undecodable' })
    expect(checkUpdate(Uint8Array.from([...head, 10, 0, 0]), new Map())).toEqual({ ok: false, reason: 'undecodable' })
    expect(checkUpdate(Uint8Array.from([...head, 8 | 32, ...parent, 1, 125, 1, 0]), new Map()).ok).toBe(true)
  })
})
