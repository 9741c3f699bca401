/** Loads the seed library (server/knowledge/seed/*.md, written by the Pooled team) into an empty knowledge base. */
import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { importMethodologyMarkdown } from '../../shared/knowledge/markdown-io'
import type { Logger } from '../log'
import type { KnowledgeRepo } from '../storage/types'

export const SEED_DIR = resolve(import.meta.dirname, 'seed')
export const SEED_AUTHOR = 'Pooled centre of excellence'

/** Insert every seed methodology that is not there yet. Returns the slugs added. */
export async function seedKnowledgeBase(repo: KnowledgeRepo, log: Logger, now: Date, dir = SEED_DIR): Promise<string[]> {
  if ((await repo.count()) > 0) return []
  const added: string[] = []
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.md')).sort()) {
    const parsed = importMethodologyMarkdown(readFileSync(join(dir, file), 'utf8'))
    if (!parsed.ok) {
      log.error({ file, error: parsed.error.message }, 'seed methodology is invalid; skipped')
      continue
    }
    const m = parsed.value
    const created = await repo.create({
      slug: m.slug,
      version: 1,
      title: m.title,
      stage: m.stage,
      summary: m.summary,
      whenToUse: m.whenToUse,
      body: m.body,
      tags: [...m.tags],
      template: m.template,
      authorId: null,
      authorName: SEED_AUTHOR,
      authorOrgId: null,
      authorOrgName: 'Pooled',
      changeNote: 'Seed library',
      createdAt: now.toISOString(),
    })
    if (created) added.push(m.slug)
  }
  log.info({ count: added.length }, 'knowledge base seeded')
  return added
}
