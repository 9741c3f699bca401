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
})
