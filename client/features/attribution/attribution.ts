/**
 * Who created and who last changed each shape, kept in the shape's own `meta` so it syncs with the shape:
 * `createdBy`/`createdAt` once at creation, `updatedBy`/`updatedAt` on every change this person makes. Pure
 * functions here (tested in node); `register-attribution.ts` wires them into tldraw's side effects.
 */

/** The person behind a change, with their organisation (what the server stamps into presence, minus colour). */
export interface Author {
  userId: string
  name: string
  orgId: string
  orgShortName: string
}

export interface Attribution {
  createdBy: Author | null
  createdAt: string | null
  updatedBy: Author | null
  updatedAt: string | null
}

type Meta = Record<string, unknown>

function toJsonAuthor(author: Author): Author {
  return { userId: author.userId, name: author.name, orgId: author.orgId, orgShortName: author.orgShortName }
}

/** Meta for a shape this person is creating: they are its creator and its last editor. */
export function stampCreated<M extends Meta>(meta: M, author: Author, nowIso: string): M & Attribution {
  const by = toJsonAuthor(author)
  return { ...meta, createdBy: by, createdAt: nowIso, updatedBy: by, updatedAt: nowIso }
}

/**
 * Meta for a shape this person is changing. The creator is kept from the previous version (so a change can never
 * rewrite who created it); shapes from before attribution simply have no creator.
 */
export function stampUpdated<M extends Meta>(previousMeta: object, next: M, author: Author, nowIso: string): M {
  const previous = previousMeta as Meta
  const out: Meta = { ...next, updatedBy: toJsonAuthor(author), updatedAt: nowIso }
  if (isAuthor(previous['createdBy'])) {
    out['createdBy'] = previous['createdBy']
    out['createdAt'] = typeof previous['createdAt'] === 'string' ? previous['createdAt'] : null
  } else {
    delete out['createdBy']
    delete out['createdAt']
  }
  return out as M
}

export function isAuthor(value: unknown): value is Author {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return typeof v['userId'] === 'string' && typeof v['name'] === 'string' && typeof v['orgId'] === 'string' && typeof v['orgShortName'] === 'string'
}

/** Read attribution from any shape meta, tolerating missing or malformed fields (peers may run older clients). */
export function readAttribution(meta: unknown): Attribution {
  const m = typeof meta === 'object' && meta !== null ? (meta as Meta) : {}
  return {
    createdBy: isAuthor(m['createdBy']) ? m['createdBy'] : null,
    createdAt: typeof m['createdAt'] === 'string' ? m['createdAt'] : null,
    updatedBy: isAuthor(m['updatedBy']) ? m['updatedBy'] : null,
    updatedAt: typeof m['updatedAt'] === 'string' ? m['updatedAt'] : null,
  }
}

const authorLabel = (a: Author) => `${a.name} (${a.orgShortName})`

/** "10:42" today, otherwise "3 Mar, 10:42" (en-GB, the viewer's time zone). */
export function formatWhen(iso: string, now: Date): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return ''
  const time = date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })
  if (date.toDateString() === now.toDateString()) return time
  return `${date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short' })}, ${time}`
}

/** One line for the hover tooltip: "Created by Ann (LCC) · last changed by Bob (LancsPol), 10:42". */
export function describeAttribution(attribution: Attribution, now: Date): string | null {
  const { createdBy, updatedBy, updatedAt, createdAt } = attribution
  if (!createdBy && !updatedBy) return null
  const when = (iso: string | null) => (iso ? formatWhen(iso, now) : '')
  const parts: string[] = []
  const isSameEdit = createdBy && updatedBy && createdBy.userId === updatedBy.userId && createdAt === updatedAt
  if (createdBy) parts.push(`Created by ${authorLabel(createdBy)}${isSameEdit && createdAt ? `, ${when(createdAt)}` : ''}`)
  if (updatedBy && !isSameEdit) {
    const label = `${createdBy ? 'last changed' : 'Last changed'} by ${authorLabel(updatedBy)}`
    parts.push(updatedAt ? `${label}, ${when(updatedAt)}` : label)
  }
  return parts.join(' · ')
}

/** Contributions of one organisation on the current page. */
export interface OrgContribution {
  orgId: string
  orgShortName: string
  created: number
  lastChanged: number
}

/**
 * Count shapes created and last changed per organisation, most active first. Shapes without attribution are
 * counted separately so the totals stay honest.
 */
export function countContributions(metas: Iterable<unknown>): { byOrg: OrgContribution[]; unattributed: number; total: number } {
  const byOrg = new Map<string, OrgContribution>()
  let unattributed = 0
  let total = 0
  const entry = (author: Author) => {
    let found = byOrg.get(author.orgId)
    if (!found) {
      found = { orgId: author.orgId, orgShortName: author.orgShortName, created: 0, lastChanged: 0 }
      byOrg.set(author.orgId, found)
    }
    return found
  }
  for (const meta of metas) {
    total += 1
    const { createdBy, updatedBy } = readAttribution(meta)
    if (!createdBy && !updatedBy) unattributed += 1
    if (createdBy) entry(createdBy).created += 1
    if (updatedBy) entry(updatedBy).lastChanged += 1
  }
  const sorted = [...byOrg.values()].sort(
    (a, b) => b.created + b.lastChanged - (a.created + a.lastChanged) || a.orgShortName.localeCompare(b.orgShortName),
  )
  return { byOrg: sorted, unattributed, total }
}

/** Ids of shapes whose last change came from `orgId` (the ones the highlight filter keeps bright). */
export function shapesLastChangedBy(shapes: Iterable<{ id: string; meta: unknown }>, orgId: string): string[] {
  const out: string[] = []
  for (const shape of shapes) if (readAttribution(shape.meta).updatedBy?.orgId === orgId) out.push(shape.id)
  return out
}

/**
 * CSS that dims every shape except `keepIds`. Uses `filter` rather than `opacity`, which tldraw sets inline
 * per shape, so shape records are never touched.
 */
export function highlightCss(keepIds: readonly string[]): string {
  const dim = '.tl-canvas .tl-shape { filter: grayscale(0.7) opacity(0.2); transition: filter 0.15s; }'
  if (keepIds.length === 0) return dim
  const keep = keepIds.map((id) => `.tl-canvas .tl-shape[data-shape-id="${id.replace(/["\\]/g, '\\$&')}"]`).join(',\n')
  return `${dim}\n${keep} { filter: none; }`
}
