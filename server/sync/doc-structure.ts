/**
 * DocStructure: where each item of a room's document lives (its root type, and how deep its parent type is
 * nested), kept without a Y.Doc so the server can refuse updates that write outside the document's layout
 * (shared/wire/doc-layout.ts, SPEC.md R15).
 *
 * In a Yjs v1 update an item names its parent only when it has no origin; otherwise the parent is the origin's
 * parent, and the origin may be any item of the document, written in any earlier update. So the structure keeps,
 * per client, the parent of every clock range as a run-length list (consecutive items of one client nearly always
 * share a parent: a tldraw session writes almost only into `tl_records`), and a table of the shared types (type
 * items) with their root and depth. Memory grows with the number of parent changes, not with the number of edits.
 *
 * The structure of what storage holds is read once, lazily, the first time a write is checked (`seed`), with the
 * same one-pass scanner as the update check; accepted updates are added as they are accepted (`commit`).
 */
import { MAX_TYPE_DEPTH, type DocLayout } from '../../shared/wire/doc-layout'

/**
 * One struct of an update, as far as the document's structure is concerned: its id range, and where it goes: a root
 * type by name, the type item given as its parent, or (when it has an origin) wherever its origin is.
 */
export interface StructInfo {
  client: number
  clock: number
  length: number
  /** `gc`: garbage-collected range (no parent); `root`/`parent`/`origin`: how the item names its parent. */
  via: 'gc' | 'root' | 'parent' | 'origin'
  /** The root type's name (via `root`). */
  root: string | null
  /** The parent item's id (via `parent`), or the origin's (via `origin`: the left origin, else the right one). */
  refClient: number
  refClock: number
  /** Yjs content ref (1 deleted … 9 doc); 7 is a shared type. */
  content: number
}

/** An item whose parent is unknown to Yjs (garbage-collected, or not a shared type): Yjs turns it into a GC struct. */
const DEAD = -1
const UNRESOLVED = -2
/** Yjs content refs. */
const CONTENT_TYPE = 7
const CONTENT_DOC = 9

interface Slot {
  /** Name of the root type this type lives under. */
  readonly root: string
  /** 1 for the root type itself, 2 for a type directly in it, … */
  readonly depth: number
}

/** Per client: clock ranges and the parent slot of each (a range runs to the next start, the last to `end`). */
class RunList {
  readonly starts: number[] = []
  readonly slots: number[] = []
  end = 0

  append(start: number, end: number, slot: number): void {
    if (start < this.end) start = this.end
    if (end <= start) return
    if (start > this.end && this.starts.length > 0) {
      // A hole (a Skip in a stored update): nothing is known there.
      this.starts.push(this.end)
      this.slots.push(DEAD)
    }
    const last = this.slots.length - 1
    if (last < 0 || this.slots[last] !== slot) {
      this.starts.push(start)
      this.slots.push(slot)
    }
    this.end = end
  }

  /** The parent slot of the item holding `clock`, or undefined when this range is unknown. */
  lookup(clock: number): number | undefined {
    if (clock >= this.end || this.starts.length === 0 || clock < (this.starts[0] as number)) return undefined
    let lo = 0
    let hi = this.starts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if ((this.starts[mid] as number) <= clock) lo = mid
      else hi = mid - 1
    }
    return this.slots[lo]
  }
}

/** What an accepted update adds to the structure; produced by `check`, applied by `commit`. */
export interface StructurePlan {
  readonly structs: readonly StructInfo[]
  /** Parent slot of each struct (DEAD for GC structs and orphans). */
  readonly parents: readonly number[]
  /** Slot of each struct that is a shared type, else DEAD. */
  readonly ownSlots: readonly number[]
  /** Slots created by this update, numbered from the structure's slot count at `check` time. */
  readonly newSlots: readonly Slot[]
  readonly newRoots: ReadonlyMap<string, number>
}

export class DocStructure {
  readonly layout: DocLayout
  private readonly slots: Slot[] = []
  private readonly rootSlots = new Map<string, number>()
  /** client → clock → slot of the shared type created by that item. */
  private readonly typeSlots = new Map<number, Map<number, number>>()
  private readonly runs = new Map<number, RunList>()
  private isSeeded = false

  constructor(layout: DocLayout) {
    this.layout = layout
  }

  get seeded(): boolean {
    return this.isSeeded
  }

  /** Number of parent runs kept, over all clients (for tests and stats). */
  get runCount(): number {
    let n = 0
    for (const list of this.runs.values()) n += list.starts.length
    return n
  }

  /**
   * Read the structure of the stored state (snapshot, then the log in order, each read with `scanStructs`). Stored content is taken as it is:
   * nothing is refused here (a board stored before these rules keeps opening), only recorded.
   */
  seed(stored: Iterable<readonly StructInfo[] | null>): void {
    if (this.isSeeded) return
    this.isSeeded = true
    for (const structs of stored) {
      if (!structs) continue
      const plan = this.resolve(structs, true)
      if (typeof plan !== 'string') this.commit(plan)
    }
  }

  /** Resolve where each new struct of an update goes; a reason when it breaks the layout, else the plan to commit. */
  check(structs: readonly StructInfo[]): StructurePlan | string {
    return this.resolve(structs, false)
  }

  /** Record an accepted update's structs. */
  commit(plan: StructurePlan): void {
    // Slot numbers in the plan count from the slot count at `check` time; nothing is committed in between.
    this.slots.push(...plan.newSlots)
    for (const [name, slot] of plan.newRoots) this.rootSlots.set(name, slot)
    plan.structs.forEach((s, i) => {
      let list = this.runs.get(s.client)
      if (!list) {
        list = new RunList()
        this.runs.set(s.client, list)
      }
      list.append(s.clock, s.clock + s.length, plan.parents[i] as number)
      const own = plan.ownSlots[i] as number
      if (own !== DEAD) {
        let byClock = this.typeSlots.get(s.client)
        if (!byClock) {
          byClock = new Map()
          this.typeSlots.set(s.client, byClock)
        }
        byClock.set(s.clock, own)
      }
    })
  }

  /**
   * The common case on the hot path: every struct is a plain value (no shared type, no subdocument) whose parent is
   * already known to the room (a known root, a known type, or an origin the room holds). Null otherwise.
   */
  private resolveKnown(structs: readonly StructInfo[]): StructurePlan | null {
    const parents: number[] = []
    const ownSlots: number[] = []
    for (const s of structs) {
      if (s.content === CONTENT_TYPE || s.content === CONTENT_DOC) return null
      let slot: number | undefined
      if (s.via === 'gc') slot = DEAD
      else if (s.via === 'root') slot = this.rootSlots.get(s.root ?? '')
      else if (s.via === 'parent') slot = this.typeSlots.get(s.refClient)?.get(s.refClock)
      else slot = this.runs.get(s.refClient)?.lookup(s.refClock)
      if (slot === undefined) return null
      // A root stored before the layout was enforced stays readable, but nothing more is written under it.
      if (slot !== DEAD && !this.layout.roots.has((this.slots[slot] as Slot).root)) return null
      parents.push(slot)
      ownSlots.push(DEAD)
    }
    return { structs, parents, ownSlots, newSlots: [], newRoots: new Map() }
  }

  private resolve(all: readonly StructInfo[], isLenient: boolean): StructurePlan | string {
    // Only structs beyond what the structure already holds are new (a sync step 2 may resend known ranges).
    const structs = all.every((s) => s.clock >= (this.runs.get(s.client)?.end ?? 0)) ? all : all.filter((s) => s.clock + s.length > (this.runs.get(s.client)?.end ?? 0))
    const known = this.resolveKnown(structs)
    if (known) return known
    const n = structs.length
    const parents = new Array<number>(n).fill(UNRESOLVED)
    const ownSlots = new Array<number>(n).fill(DEAD)
    const newSlots: Slot[] = []
    const newRoots = new Map<string, number>()
    const slotBase = this.slots.length
    const slotAt = (slot: number): Slot => (slot >= slotBase ? newSlots[slot - slotBase] : this.slots[slot]) as Slot
    // This update's structs by client, in clock order, to resolve references between them.
    const byClient = new Map<number, number[]>()
    structs.forEach((s, i) => {
      const list = byClient.get(s.client)
      if (list) list.push(i)
      else byClient.set(s.client, [i])
    })
    const findInUpdate = (client: number, clock: number): number => {
      const list = byClient.get(client)
      if (!list) return -1
      let lo = 0
      let hi = list.length - 1
      while (lo <= hi) {
        const mid = (lo + hi) >> 1
        const s = structs[list[mid] as number] as StructInfo
        if (clock < s.clock) hi = mid - 1
        else if (clock >= s.clock + s.length) lo = mid + 1
        else return list[mid] as number
      }
      return -1
    }
    const rootSlot = (name: string): number | string => {
      const known = this.rootSlots.get(name) ?? newRoots.get(name)
      if (known !== undefined) return known
      if (!isLenient && !this.layout.roots.has(name)) return `the root type "${name.slice(0, 64)}" is not part of this document`
      const slot = slotBase + newSlots.length
      newSlots.push({ root: name, depth: 1 })
      newRoots.set(name, slot)
      return slot
    }
    /** The parent slot of struct i, or -(3 + j) when struct j of this update must be resolved first. */
    const parentOf = (s: StructInfo): number | string => {
      switch (s.via) {
        case 'gc':
          return DEAD
        case 'root':
          return rootSlot(s.root ?? '')
        case 'parent': {
          const known = this.typeSlots.get(s.refClient)?.get(s.refClock)
          if (known !== undefined) return known
          const j = findInUpdate(s.refClient, s.refClock)
          if (j < 0) return DEAD // not a shared type: Yjs garbage-collects the item
          const p = structs[j] as StructInfo
          if (p.content !== CONTENT_TYPE || p.clock !== s.refClock) return DEAD
          if (parents[j] === UNRESOLVED) return -(3 + j)
          return ownSlots[j] as number
        }
        case 'origin': {
          const known = this.runs.get(s.refClient)?.lookup(s.refClock)
          if (known !== undefined) return known
          const j = findInUpdate(s.refClient, s.refClock)
          if (j < 0) return DEAD
          if (parents[j] === UNRESOLVED) return -(3 + j)
          return parents[j] as number
        }
      }
    }
    const onStack = new Uint8Array(n)
    for (let i = 0; i < n; i++) {
      if (parents[i] !== UNRESOLVED) continue
      // Resolve with an explicit stack: chains of origins can be as long as the document's history.
      const stack = [i]
      onStack[i] = 1
      while (stack.length > 0) {
        const top = stack[stack.length - 1] as number
        const s = structs[top] as StructInfo
        const found = parentOf(s)
        if (typeof found === 'string') return found
        if (found <= -3) {
          const j = -found - 3
          if (onStack[j]) {
            // A cycle: no order of integration satisfies it, Yjs keeps these items pending forever.
            if (!isLenient) return 'the update references itself in a cycle'
            parents[top] = DEAD
            onStack[top] = 0
            stack.pop()
            continue
          }
          onStack[j] = 1
          stack.push(j)
          continue
        }
        parents[top] = found
        if (!isLenient && found !== DEAD && !this.layout.roots.has(slotAt(found).root)) {
          return `the root type "${slotAt(found).root.slice(0, 64)}" is not part of this document`
        }
        if (s.content === CONTENT_DOC && !isLenient) return 'subdocuments are not part of this document'
        if (s.content === CONTENT_TYPE && found !== DEAD) {
          const parent = slotAt(found)
          const depth = parent.depth + 1
          if (!isLenient) {
            if (!this.layout.nestedRoots.has(parent.root)) return `shared types are not allowed under "${parent.root}" (its values are plain JSON)`
            if (depth > MAX_TYPE_DEPTH) return `shared types nest deeper than ${MAX_TYPE_DEPTH} levels`
          }
          ownSlots[top] = slotBase + newSlots.length
          newSlots.push({ root: parent.root, depth })
        }
        onStack[top] = 0
        stack.pop()
      }
    }
    return { structs, parents, ownSlots, newSlots, newRoots }
  }
}
