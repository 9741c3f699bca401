/**
 * R15: the server refuses updates that write outside a document's layout, without keeping a Y.Doc: root types the
 * document does not use, shared types under tl_records/tl_meta or nested deeper than MAX_TYPE_DEPTH, and JSON
 * values nested deeper than MAX_JSON_DEPTH. Nesting is tracked across updates, including items whose parent is
 * implied by their origin, and seeded from stored state.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { BOARD_DOC_LAYOUT, MAX_JSON_DEPTH, MAX_TYPE_DEPTH, ORG_DOC_LAYOUT } from '../../../../shared/wire/doc-layout'
import { DocStructure } from '../../../../server/sync/doc-structure'
import { checkUpdate, scanStructs } from '../../../../server/sync/update-check'

/** A room in miniature: state vector + structure, applying what it accepts. */
class MiniRoom {
  readonly sv = new Map<number, number>()
  readonly structure = new DocStructure(BOARD_DOC_LAYOUT)
  constructor(stored: Uint8Array[] = []) {
    this.structure.seed(stored.map(scanStructs))
    for (const u of stored) for (const [c, k] of Y.decodeStateVector(Y.encodeStateVectorFromUpdate(u))) if (k > (this.sv.get(c) ?? 0)) this.sv.set(c, k)
  }
  offer(update: Uint8Array) {
    const check = checkUpdate(update, this.sv, undefined, this.structure)
    if (check.ok) {
      for (const [c, end] of check.ranges) this.sv.set(c, end)
      if (check.structure) this.structure.commit(check.structure)
    }
    return check
  }
}

/** Record every update a doc emits. */
function recording(doc: Y.Doc): Uint8Array[] {
  const out: Uint8Array[] = []
  doc.on('update', (u: Uint8Array) => out.push(u))
  return out
}

function nestedArrays(depth: number): unknown {
  let value: unknown = 0
  for (let i = 0; i < depth; i++) value = [value]
  return value
}

describe('DocStructure (R15)', () => {
  it('refuses a root type the document does not use, with a chain of 10,000 nested maps or with one value', () => {
    const doc = new Y.Doc()
    doc.transact(() => {
      let map = doc.getMap('bomb')
      for (let i = 0; i < 10_000; i++) {
        const next = new Y.Map<unknown>()
        map.set('m', next)
        map = next
      }
    })
    expect(new MiniRoom().offer(Y.encodeStateAsUpdate(doc))).toMatchObject({ ok: false, reason: 'structure-refused', detail: expect.stringContaining('"bomb"') })
    const plain = new Y.Doc()
    plain.getMap('spend').set('x', 1)
    expect(new MiniRoom().offer(Y.encodeStateAsUpdate(plain))).toMatchObject({ ok: false, reason: 'structure-refused' })
  })

  it('refuses a shared type in tl_records, also when it overwrites a record (parent implied by the origin)', () => {
    const doc = new Y.Doc()
    const updates = recording(doc)
    const records = doc.getMap('tl_records')
    records.set('shape:a', { id: 'shape:a' })
    const room = new MiniRoom()
    expect(room.offer(updates[0] as Uint8Array).ok).toBe(true)
    records.set('shape:a', new Y.Map())
    const overwrite = updates[1] as Uint8Array
    // The overwrite carries no parent: only its origin (the previous value of the key).
    expect((Y.decodeUpdate(overwrite).structs[0] as Y.Item).parent).toBeNull()
    expect(room.offer(overwrite)).toMatchObject({ ok: false, reason: 'structure-refused', detail: expect.stringContaining('tl_records') })
    const fresh = new Y.Doc()
    fresh.getMap('tl_meta').set('schema', new Y.Map())
    expect(new MiniRoom().offer(Y.encodeStateAsUpdate(fresh))).toMatchObject({ ok: false, reason: 'structure-refused' })
  })

  it(`accepts nesting up to ${MAX_TYPE_DEPTH} levels under the planning roots and refuses the next, one update per level`, () => {
    const doc = new Y.Doc()
    const updates = recording(doc)
    const room = new MiniRoom()
    let map = doc.getMap('categories') // level 1
    for (let level = 2; level <= MAX_TYPE_DEPTH; level++) {
      const next = new Y.Map<unknown>()
      map.set('child', next)
      map = next
      expect(room.offer(updates[updates.length - 1] as Uint8Array).ok).toBe(true)
    }
    // Each map's first entry names its parent; level 9 is refused.
    map.set('child', new Y.Map())
    expect(room.offer(updates[updates.length - 1] as Uint8Array)).toMatchObject({ ok: false, reason: 'structure-refused', detail: expect.stringContaining(`${MAX_TYPE_DEPTH} levels`) })
    // Plain values at the deepest level are fine.
    const other = new Y.Doc()
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc))
  })

  it('follows origins through arrays: an item inserted after a sibling at the deepest level is refused', () => {
    const doc = new Y.Doc()
    const updates = recording(doc)
    const room = new MiniRoom()
    let map = doc.getMap('categories')
    for (let level = 2; level < MAX_TYPE_DEPTH; level++) {
      const next = new Y.Map<unknown>()
      map.set('child', next)
      map = next
    }
    const list = new Y.Array<unknown>() // level MAX_TYPE_DEPTH
    map.set('list', list)
    list.push(['first'])
    for (const u of updates) expect(room.offer(u).ok).toBe(true)
    const before = updates.length
    list.push([new Y.Map()]) // origin: 'first'; no parent written
    expect(updates.length).toBe(before + 1)
    expect(room.offer(updates[before] as Uint8Array)).toMatchObject({ ok: false, reason: 'structure-refused' })
  })

  it('seeds from stored state: nesting already stored counts towards the limit', () => {
    const doc = new Y.Doc()
    let map = doc.getMap('categories')
    for (let level = 2; level <= MAX_TYPE_DEPTH; level++) {
      const next = new Y.Map<unknown>()
      map.set('child', next)
      map = next
    }
    const stored = Y.encodeStateAsUpdate(doc)
    const room = new MiniRoom([stored])
    const sv = Y.encodeStateVector(doc)
    map.set('deeper', new Y.Map())
    expect(room.offer(Y.encodeStateAsUpdate(doc, sv))).toMatchObject({ ok: false, reason: 'structure-refused' })
    map.set('deeper', 'plain')
    const ok = new Y.Doc()
    Y.applyUpdate(ok, stored)
    ok.transact(() => {
      let m = ok.getMap('categories')
      for (let level = 2; level <= MAX_TYPE_DEPTH; level++) m = m.get('child') as Y.Map<unknown>
      m.set('value', { a: 1 })
    })
    expect(room.offer(Y.encodeStateAsUpdate(ok, Y.encodeStateVectorFromUpdate(stored))).ok).toBe(true)
  })

  it('a root stored before the rule stays readable, but nothing more is written under it, even through an origin', () => {
    const doc = new Y.Doc()
    const updates = recording(doc)
    doc.getMap('legacy').set('k', 1)
    const room = new MiniRoom([updates[0] as Uint8Array])
    doc.getMap('legacy').set('k', 2) // origin: the stored item; no parent written
    expect(room.offer(updates[1] as Uint8Array)).toMatchObject({ ok: false, reason: 'structure-refused', detail: expect.stringContaining('"legacy"') })
    doc.getMap('tl_records').set('shape:a', { id: 'shape:a' })
    expect(room.offer(updates[2] as Uint8Array)).toMatchObject({ ok: false, reason: 'gap' })
  })

  it('keeps one parent run per client while a session writes only to tl_records', () => {
    const doc = new Y.Doc()
    const updates = recording(doc)
    const room = new MiniRoom()
    for (let i = 0; i < 200; i++) doc.getMap('tl_records').set(`shape:${i % 20}`, { id: `shape:${i % 20}`, x: i })
    for (const u of updates) expect(room.offer(u).ok).toBe(true)
    expect(room.structure.runCount).toBe(1)
  })

  it('refuses subdocuments and roots of the other document kind', () => {
    const doc = new Y.Doc()
    doc.getMap('categories').set('doc', new Y.Doc())
    expect(new MiniRoom().offer(Y.encodeStateAsUpdate(doc))).toMatchObject({ ok: false, reason: 'structure-refused', detail: expect.stringContaining('subdocuments') })
    const org = new DocStructure(ORG_DOC_LAYOUT)
    const board = new Y.Doc()
    board.getMap('tl_records').set('shape:a', { id: 'shape:a' })
    expect(checkUpdate(Y.encodeStateAsUpdate(board), new Map(), undefined, org)).toMatchObject({ ok: false, reason: 'structure-refused' })
  })
})

describe(`JSON values nest at most ${MAX_JSON_DEPTH} deep`, () => {
  it('refuses a value of 10,000 nested arrays without overflowing the stack, with or without a layout', () => {
    // Yjs's own encoder overflows on such a value, so the bytes are written by hand: one ContentAny struct in
    // tl_records under key 'a', holding [[[…0…]]] 10,000 deep.
    const value = [...Array.from({ length: 10_000 }, () => [117, 1]).flat(), 125, 0]
    const update = Uint8Array.from([1, 1, 9, 0, 8 | 32, 1, ...varString('tl_records'), ...varString('a'), 1, ...value, 0])
    expect(checkUpdate(update, new Map())).toMatchObject({ ok: false, reason: 'structure-refused' })
    expect(new MiniRoom().offer(update)).toMatchObject({ ok: false, reason: 'structure-refused' })
  })

  it(`accepts ${MAX_JSON_DEPTH} levels and refuses ${MAX_JSON_DEPTH + 1}, in objects too, and in ContentJSON text`, () => {
    const at = (value: unknown) => {
      const doc = new Y.Doc()
      doc.getMap('tl_records').set('shape:a', value)
      return checkUpdate(Y.encodeStateAsUpdate(doc), new Map())
    }
    expect(at(nestedArrays(MAX_JSON_DEPTH)).ok).toBe(true)
    expect(at(nestedArrays(MAX_JSON_DEPTH + 1))).toMatchObject({ ok: false, reason: 'structure-refused' })
    let obj: unknown = 1
    for (let i = 0; i < MAX_JSON_DEPTH + 1; i++) obj = { k: obj }
    expect(at(obj)).toMatchObject({ ok: false, reason: 'structure-refused' })
    // ContentJSON (ref 2): a struct holding JSON text, parsed by Yjs with JSON.parse.
    const text = '['.repeat(MAX_JSON_DEPTH + 1) + ']'.repeat(MAX_JSON_DEPTH + 1)
    const bytes = [1, 1, 9, 0, 2, 1, ...varString('tl_records'), 1, ...varString(text), 0]
    const contentJson = Uint8Array.from(bytes)
    expect(Y.decodeUpdate(contentJson).structs).toHaveLength(1)
    expect(checkUpdate(contentJson, new Map())).toMatchObject({ ok: false, reason: 'structure-refused' })
    const shallow = '['.repeat(3) + '"]["' + ']'.repeat(3)
    expect(checkUpdate(Uint8Array.from([1, 1, 9, 0, 2, 1, ...varString('tl_records'), 1, ...varString(shallow), 0]), new Map()).ok).toBe(true)
  })
})

function varString(s: string): number[] {
  const bytes = [...new TextEncoder().encode(s)]
  const len: number[] = []
  let n = bytes.length
  while (n > 127) {
    len.push(0x80 | (n & 127))
    n >>>= 7
  }
  len.push(n)
  return [...len, ...bytes]
}
