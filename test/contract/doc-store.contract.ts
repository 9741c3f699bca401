/**
 * The DocStore contract (rules S1–S3 in server/storage/types.ts), run against every implementation.
 * Export a register function; each implementation's test file calls it with a factory.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { DocStore } from '../../server/storage/types'

export function registerDocStoreContract(name: string, factory: () => Promise<{ store: DocStore; cleanup(): Promise<void> }>) {
  describe(`DocStore contract: ${name}`, () => {
    const withStore = async (fn: (store: DocStore) => Promise<void>) => {
      const { store, cleanup } = await factory()
      try {
        await fn(store)
      } finally {
        await cleanup()
      }
    }
    const unique = () => `doc${Math.random().toString(36).slice(2, 12)}`

    it('S2 an unknown document loads empty', () =>
      withStore(async (store) => {
        expect(await store.load(unique())).toMatchObject({ snapshot: null, updates: [], lastSeq: 0 })
      }))

    it('S1/S2 appended updates load back in order with increasing seqs', () =>
      withStore(async (store) => {
        const a = unique()
        const b = unique()
        const seqs = await store.append([
          { docName: a, update: new Uint8Array([1]) },
          { docName: b, update: new Uint8Array([2]) },
          { docName: a, update: new Uint8Array([3, 4]) },
        ])
        expect(seqs).toHaveLength(3)
        expect(seqs[0]! < seqs[1]! && seqs[1]! < seqs[2]!).toBe(true)
        const loaded = await store.load(a)
        expect(loaded.updates.map((u) => [...u])).toEqual([[1], [3, 4]])
        expect(loaded.lastSeq).toBe(seqs[2])
      }))

    it('S3 compaction replaces the snapshot and keeps later updates', () =>
      withStore(async (store) => {
        const name = unique()
        const doc = new Y.Doc()
        const updates: Uint8Array[] = []
        doc.on('update', (u: Uint8Array) => updates.push(u))
        for (let i = 0; i < 5; i++) doc.getMap('m').set(`k${i}`, i)
        const seqs = await store.append(updates.map((update) => ({ docName: name, update })))
        await store.compact(name, Y.encodeStateAsUpdate(doc), seqs[2]!, Y.encodeStateVector(doc))
        const later = await store.load(name)
        expect(Y.decodeStateVector(later.snapshotStateVector!)).toEqual(Y.decodeStateVector(Y.encodeStateVector(doc)))
        expect(later.updates).toHaveLength(2)
        expect(later.lastSeq).toBe(seqs[4])
        const replica = new Y.Doc()
        Y.applyUpdate(replica, later.snapshot!)
        for (const u of later.updates) Y.applyUpdate(replica, u)
        expect(replica.getMap('m').toJSON()).toEqual({ k0: 0, k1: 1, k2: 2, k3: 3, k4: 4 })
      }))

    it('S3 an older compaction never overwrites a newer snapshot', () =>
      withStore(async (store) => {
        const name = unique()
        const seqs = await store.append([1, 2, 3].map((n) => ({ docName: name, update: new Uint8Array([n]) })))
        await store.compact(name, new Uint8Array([9, 9]), seqs[2]!)
        await store.compact(name, new Uint8Array([1]), seqs[0]!)
        const loaded = await store.load(name)
        expect([...(loaded.snapshot ?? [])]).toEqual([9, 9])
      }))

    it('deletes a document and every document under a prefix', () =>
      withStore(async (store) => {
        const base = unique()
        await store.append([
          { docName: base, update: new Uint8Array([1]) },
          { docName: `${base}~org~x`, update: new Uint8Array([2]) },
          { docName: `${base}z`, update: new Uint8Array([3]) },
        ])
        await store.deletePrefix(`${base}~`)
        expect((await store.load(`${base}~org~x`)).updates).toHaveLength(0)
        expect((await store.load(base)).updates).toHaveLength(1)
        await store.delete(base)
        expect((await store.load(base)).updates).toHaveLength(0)
        expect((await store.load(`${base}z`)).updates).toHaveLength(1)
      }))
  })
}
