/**
 * Record validation on the board document (issue 10 B3): the validator, and the update reader handing it whole
 * values with where they go.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createAttributionInspector } from '../../../../server/http/attribution-policy'
import {
  boardRecordRule,
  boardSchema,
  checkBoardRecord,
  checkSerializedSchema,
  closeReason,
  composeInspectors,
  createValueInspector,
  INVALID_RECORD_CLOSE_CODE,
} from '../../../../server/sync/record-validation'
import { checkUpdate } from '../../../../server/sync/update-check'
import { BAD_GEO, geoShape } from '../../../support/tl-records'

const inspector = createValueInspector([boardRecordRule])

function updateOf(write: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc()
  write(doc)
  return Y.encodeStateAsUpdate(doc)
}

describe('checkBoardRecord', () => {
  it('refuses the geo shape without props of issue 10 B3, naming the field', () => {
    expect(checkBoardRecord(BAD_GEO)).toBe('shape:bad (geo): At shape(type = geo).rotation: Expected number')
  })

  it('accepts a complete geo shape', () => {
    expect(checkBoardRecord(geoShape('shape:ok'))).toBeNull()
    expect(checkBoardRecord(geoShape('shape:ok'), 'shape:ok')).toBeNull()
  })

  it('never repeats the value it refused (reasons are logged; contents never are)', () => {
    const reason = checkBoardRecord(geoShape('shape:a', 0, {}, { url: 'confidential supplier price list' }))
    expect(reason).toMatch(/props\.url: Expected a valid url/)
    expect(reason).not.toMatch(/confidential/)
  })

  it('refuses a wrong prop, an unknown prop and an unknown shape type', () => {
    expect(checkBoardRecord(geoShape('shape:a', 0, {}, { w: 'wide' }))).toMatch(/props\.w/)
    expect(checkBoardRecord(geoShape('shape:a', 0, {}, { evil: 1 }))).toMatch(/evil/)
    expect(checkBoardRecord(geoShape('shape:a', 0, { type: 'no-such-shape' }))).not.toBeNull()
  })

  it('refuses an id whose prefix is not its typeName, and a key that is not the id', () => {
    expect(checkBoardRecord(geoShape('page:x'))).toMatch(/does not name its type/)
    expect(checkBoardRecord({ id: 'shape:doc', typeName: 'document', gridSize: 10, name: '', meta: {} })).toMatch(/does not name its type/)
    expect(checkBoardRecord(geoShape('shape:a'), 'shape:b')).toMatch(/written under another id/)
  })

  it('refuses records a board does not store (session and presence scope) and values that are no records', () => {
    expect(checkBoardRecord({ id: 'camera:x', typeName: 'camera', x: 0, y: 0, z: 1, meta: {} })).toMatch(/not stored on a board/)
    expect(checkBoardRecord({ id: 'instance_presence:x', typeName: 'instance_presence' })).toMatch(/not stored on a board/)
    expect(checkBoardRecord(1, 'k')).toMatch(/not a tldraw record/)
    expect(checkBoardRecord({ id: 'shape:x', x: 1 }, 'shape:x')).toMatch(/not a tldraw record/)
    expect(checkBoardRecord({ typeName: 'shape' })).toMatch(/no id/)
  })

  it('accepts the document and page records a board is seeded with', () => {
    expect(checkBoardRecord({ id: 'document:document', typeName: 'document', gridSize: 10, name: '', meta: {} })).toBeNull()
    expect(checkBoardRecord({ id: 'page:page', typeName: 'page', name: 'Page 1', index: 'a1', meta: {} })).toBeNull()
  })
})

describe('checkSerializedSchema', () => {
  const current = boardSchema().serialize() as { schemaVersion: number; sequences: Record<string, number> }

  it("accepts this build's schema", () => {
    expect(checkSerializedSchema(structuredClone(current))).toBeNull()
  })

  it('refuses an older, a newer or a foreign schema', () => {
    expect(checkSerializedSchema({ ...current, sequences: { ...current.sequences, 'com.tldraw.shape.geo': 0 } })).toMatch(/not this version/)
    expect(checkSerializedSchema({ ...current, sequences: { ...current.sequences, 'com.example.future': 1 } })).toMatch(/not this version/)
    expect(checkSerializedSchema({ schemaVersion: 1, storeVersion: 4, recordVersions: {} })).toMatch(/not this version/)
    expect(checkSerializedSchema('schema')).not.toBeNull()
  })
})

describe('the update reader with the record inspector', () => {
  it('refuses an update writing the bad record, with the invalid-record close code', () => {
    const check = checkUpdate(updateOf((doc) => doc.getMap('tl_records').set('shape:bad', BAD_GEO)), new Map(), inspector)
    expect(check.ok).toBe(false)
    if (check.ok) return
    expect(check.reason).toBe('content-refused')
    expect(check.closeCode).toBe(INVALID_RECORD_CLOSE_CODE)
    expect(check.detail).toMatch(/rotation/)
  })

  it('accepts valid records, the current schema and values of other roots', () => {
    const update = updateOf((doc) => {
      doc.getMap('tl_records').set('shape:a', geoShape('shape:a'))
      doc.getMap('tl_meta').set('schema', boardSchema().serialize())
      doc.getMap('categories').set('c1', { name: 'Fleet', status: 'draft' })
    })
    expect(checkUpdate(update, new Map(), inspector)).toMatchObject({ ok: true })
  })

  it('refuses a record under another key, a non-record in tl_records, and another key in tl_meta', () => {
    for (const write of [
      (doc: Y.Doc) => doc.getMap('tl_records').set('shape:other', geoShape('shape:a')),
      (doc: Y.Doc) => doc.getMap('tl_records').set('shape:a', 1),
      (doc: Y.Doc) => doc.getMap('tl_meta').set('other', 1),
    ]) {
      const check = checkUpdate(updateOf(write), new Map(), inspector)
      expect(check).toMatchObject({ ok: false, reason: 'content-refused', closeCode: INVALID_RECORD_CLOSE_CODE })
    }
  })

  it('judges an overwrite by what it is: a record that became invalid is refused', () => {
    const doc = new Y.Doc()
    const records = doc.getMap('tl_records')
    records.set('shape:a', geoShape('shape:a'))
    const first = Y.encodeStateAsUpdate(doc)
    const sv = Y.encodeStateVector(doc)
    records.set('shape:a', { ...geoShape('shape:a'), rotation: 'upside down' })
    const overwrite = Y.encodeStateAsUpdate(doc, sv)
    const known = new Map([[doc.clientID, 1]])
    expect(checkUpdate(first, new Map(), inspector)).toMatchObject({ ok: true })
    expect(checkUpdate(overwrite, known, inspector)).toMatchObject({ ok: false, reason: 'content-refused', closeCode: INVALID_RECORD_CLOSE_CODE })
  })

  it('composes with the attribution inspector: both rules apply', () => {
    const both = composeInspectors(inspector, createAttributionInspector({ userId: 'u1', orgId: 'o1' }))
    const mine = geoShape('shape:a', 0, { meta: { updatedBy: { userId: 'u1' } } })
    const forged = geoShape('shape:a', 0, { meta: { updatedBy: { userId: 'u2' } } })
    expect(checkUpdate(updateOf((d) => d.getMap('tl_records').set('shape:a', mine)), new Map(), both)).toMatchObject({ ok: true })
    expect(checkUpdate(updateOf((d) => d.getMap('tl_records').set('shape:a', forged)), new Map(), both)).toMatchObject({
      ok: false,
      detail: expect.stringMatching(/last editor/),
    })
    expect(checkUpdate(updateOf((d) => d.getMap('tl_records').set('shape:bad', BAD_GEO)), new Map(), both)).toMatchObject({
      ok: false,
      closeCode: INVALID_RECORD_CLOSE_CODE,
    })
  })
})

describe('closeReason', () => {
  it('fits a WebSocket close frame (123 bytes)', () => {
    const reason = closeReason(`invalid record: ${'é'.repeat(200)}`)
    expect(Buffer.byteLength(reason)).toBeLessThanOrEqual(123)
    expect(reason.endsWith('…')).toBe(true)
    expect(closeReason('short')).toBe('short')
  })
})
