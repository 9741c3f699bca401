/**
 * SQLite knowledge base: methodologies with immutable versions, an FTS5 index over the current version
 * (porter stemming, bm25 ranking weighted towards title and summary), and per-board usage.
 */
import type Database from 'better-sqlite3'
import type { KnowledgeRepo, MethodologySummaryRow, MethodologyVersionRow } from '../types'

type Db = Database.Database

interface VersionDb {
  slug: string; version: number; title: string; stage: string; summary: string; when_to_use: string; body: string
  tags: string; template: string; author_id: string | null; author_name: string; author_org_id: string | null
  author_org_name: string; change_note: string; created_at: string
}

const toVersion = (r: VersionDb): MethodologyVersionRow => ({
  slug: r.slug,
  version: r.version,
  title: r.title,
  stage: r.stage,
  summary: r.summary,
  whenToUse: r.when_to_use,
  body: r.body,
  tags: JSON.parse(r.tags) as string[],
  template: JSON.parse(r.template) as unknown,
  authorId: r.author_id,
  authorName: r.author_name,
  authorOrgId: r.author_org_id,
  authorOrgName: r.author_org_name,
  changeNote: r.change_note,
  createdAt: r.created_at,
})

/**
 * Turn free text into a safe FTS5 query: words only (no operators from the user), each quoted; the last word is a
 * prefix match. `mode` joins them with AND (all words) or OR (any word).
 */
export function toFtsQuery(text: string, mode: 'phrase' | 'all' | 'any'): string | null {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu)?.slice(0, 12) ?? []
  if (words.length === 0) return null
  if (mode === 'phrase') return words.length > 1 ? `"${words.join(' ')}"` : null
  const terms = words.map((w, i) => (i === words.length - 1 && w.length >= 2 ? `"${w}"*` : `"${w}"`))
  return terms.join(mode === 'all' ? ' AND ' : ' OR ')
}

export function createKnowledgeRepo(db: Db): KnowledgeRepo {
  const q = {
    count: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM methodologies'),
    insertHead: db.prepare('INSERT INTO methodologies (slug, current_version, created_at, updated_at) VALUES (?, 1, ?, ?)'),
    head: db.prepare<[string], { slug: string; current_version: number; created_at: string; updated_at: string }>('SELECT * FROM methodologies WHERE slug = ?'),
    bumpHead: db.prepare('UPDATE methodologies SET current_version = ?, updated_at = ? WHERE slug = ? AND current_version = ?'),
    insertVersion: db.prepare(
      `INSERT INTO methodology_versions (slug, version, title, stage, summary, when_to_use, body, tags, template, author_id, author_name,
        author_org_id, author_org_name, change_note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    version: db.prepare<[string, number], VersionDb>('SELECT * FROM methodology_versions WHERE slug = ? AND version = ?'),
    versions: db.prepare<[string], VersionDb>('SELECT * FROM methodology_versions WHERE slug = ? ORDER BY version DESC'),
    deleteFts: db.prepare('DELETE FROM methodology_fts WHERE slug = ?'),
    insertFts: db.prepare('INSERT INTO methodology_fts (slug, title, summary, when_to_use, body, tags) VALUES (?, ?, ?, ?, ?, ?)'),
    usage: db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM methodology_usage WHERE slug = ?'),
    contributors: db.prepare<[string], { author_org_id: string | null; author_org_name: string }>(
      'SELECT author_org_id, author_org_name, MIN(version) AS first FROM methodology_versions WHERE slug = ? GROUP BY author_org_id, author_org_name ORDER BY first',
    ),
    recordUsage: db.prepare(
      'INSERT INTO methodology_usage (slug, board_id, version, placed_by, placed_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (slug, board_id) DO UPDATE SET version = excluded.version, placed_at = excluded.placed_at',
    ),
  }
  const writeVersion = (r: MethodologyVersionRow) => {
    q.insertVersion.run(r.slug, r.version, r.title, r.stage, r.summary, r.whenToUse, r.body, JSON.stringify(r.tags), JSON.stringify(r.template), r.authorId, r.authorName, r.authorOrgId, r.authorOrgName, r.changeNote, r.createdAt)
    q.deleteFts.run(r.slug)
    q.insertFts.run(r.slug, r.title, r.summary, r.whenToUse, r.body, r.tags.join(' '))
  }
  const summarise = (slug: string): MethodologySummaryRow | null => {
    const head = q.head.get(slug)
    if (!head) return null
    const current = q.version.get(slug, head.current_version)
    if (!current) return null
    return {
      current: toVersion(current),
      createdAt: head.created_at,
      updatedAt: head.updated_at,
      usageCount: q.usage.get(slug)?.n ?? 0,
      contributors: q.contributors.all(slug).map((c) => ({ orgId: c.author_org_id, orgName: c.author_org_name })),
    }
  }
  const createTx = db.transaction((row: MethodologyVersionRow): boolean => {
    if (q.head.get(row.slug)) return false
    q.insertHead.run(row.slug, row.createdAt, row.createdAt)
    writeVersion({ ...row, version: 1 })
    return true
  })
  const addVersionTx = db.transaction((row: MethodologyVersionRow): boolean => {
    const bumped = q.bumpHead.run(row.version, row.createdAt, row.slug, row.version - 1)
    if (bumped.changes === 0) return false
    writeVersion(row)
    return true
  })
  return {
    async count() {
      return q.count.get()?.n ?? 0
    },
    async create(row) {
      return createTx(row)
    },
    async addVersion(row) {
      return addVersionTx(row)
    },
    async get(slug) {
      return summarise(slug)
    },
    async getVersion(slug, version) {
      const r = q.version.get(slug, version)
      return r ? toVersion(r) : null
    },
    async listVersions(slug) {
      return q.versions.all(slug).map(toVersion)
    },
    async search({ query, tag, stage, orgId, sort, limit = 100 }) {
      let slugs: string[]
      const text = query?.trim() ?? ''
      if (text) {
        const run = (fts: string) =>
          db
            .prepare<[string], { slug: string }>(
              // bm25 weights follow the column order: slug, title, summary, when_to_use, body, tags.
              'SELECT slug FROM methodology_fts WHERE methodology_fts MATCH ? ORDER BY bm25(methodology_fts, 0, 10.0, 6.0, 3.0, 1.0, 4.0) LIMIT 500',
            )
            .all(fts)
            .map((r) => r.slug)
        // Tiers: the exact phrase first, then every word, then any word; bm25 ranks within a tier.
        const seen = new Set<string>()
        slugs = []
        for (const mode of ['phrase', 'all', 'any'] as const) {
          const fts = toFtsQuery(text, mode)
          if (!fts) continue
          for (const slug of run(fts)) if (!seen.has(slug)) (seen.add(slug), slugs.push(slug))
        }
      } else {
        slugs = db.prepare<[], { slug: string }>('SELECT slug FROM methodologies').all().map((r) => r.slug)
      }
      let rows = slugs.map(summarise).filter((r): r is MethodologySummaryRow => r !== null)
      if (tag) rows = rows.filter((r) => r.current.tags.includes(tag))
      if (stage) rows = rows.filter((r) => r.current.stage === stage)
      if (orgId) rows = rows.filter((r) => r.contributors.some((c) => c.orgId === orgId))
      const order = sort ?? (text ? 'relevance' : 'title')
      if (order === 'most-used') rows.sort((a, b) => b.usageCount - a.usageCount || a.current.title.localeCompare(b.current.title))
      else if (order === 'recent') rows.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
      else if (order === 'title') rows.sort((a, b) => a.current.title.localeCompare(b.current.title))
      return rows.slice(0, limit)
    },
    async recordUsage(slug, boardId, version, placedBy, at) {
      q.recordUsage.run(slug, boardId, version, placedBy, at)
    },
  }
}
