/** REST contract of the knowledge base (`/api/methodologies`). The methodology itself is shared/knowledge/methodology.ts. */
import { z } from 'zod'
import { CATEGORY_STAGES, type CategoryStage } from '../knowledge/methodology'

/** Sort orders the list endpoint understands. */
export const METHODOLOGY_SORTS = ['relevance', 'most-used', 'recent', 'title'] as const
export type MethodologySort = (typeof METHODOLOGY_SORTS)[number]

/** `GET /api/methodologies?q=&tag=&stage=&org=&sort=`: search and filter the library. */
export const MethodologyQuerySchema = z.object({
  q: z.string().max(200).optional(),
  tag: z.string().max(40).optional(),
  stage: z.enum(CATEGORY_STAGES).optional(),
  org: z.string().max(64).optional(),
  sort: z.enum(METHODOLOGY_SORTS).optional(),
})
export type MethodologyQuery = z.input<typeof MethodologyQuerySchema>

export const MethodologyAuthorSchema = z.object({ name: z.string(), orgId: z.string().nullable(), orgName: z.string() })

export const MethodologyListItemSchema = z.object({
  slug: z.string(),
  version: z.number().int(),
  title: z.string(),
  stage: z.string(),
  summary: z.string(),
  tags: z.array(z.string()),
  usageCount: z.number().int(),
  updatedAt: z.string(),
  lastEditedBy: MethodologyAuthorSchema,
  contributors: z.array(z.object({ orgId: z.string().nullable(), orgName: z.string() })),
})
export type MethodologyListItem = z.infer<typeof MethodologyListItemSchema>
export const MethodologyListSchema = z.object({ methodologies: z.array(MethodologyListItemSchema) })

export const MethodologyDetailSchema = MethodologyListItemSchema.extend({
  whenToUse: z.string(),
  body: z.string(),
  /** The body rendered to HTML on the server: no raw HTML, no scripts, only http(s)/mailto/relative links. */
  bodyHtml: z.string(),
  template: z.unknown(),
  createdAt: z.string(),
  changeNote: z.string(),
})
export type MethodologyDetail = z.infer<typeof MethodologyDetailSchema>

export const MethodologyVersionSummarySchema = z.object({
  version: z.number().int(),
  title: z.string(),
  changeNote: z.string(),
  author: MethodologyAuthorSchema,
  createdAt: z.string(),
})
export type MethodologyVersionSummary = z.infer<typeof MethodologyVersionSummarySchema>
export const MethodologyVersionListSchema = z.object({ versions: z.array(MethodologyVersionSummarySchema) })

export const DiffLineSchema = z.object({ kind: z.enum(['same', 'added', 'removed']), text: z.string() })
export const MethodologyDiffSchema = z.object({
  from: z.number().int(),
  to: z.number().int(),
  /** Fields other than the body whose value changed, with before and after. */
  fields: z.array(z.object({ field: z.string(), before: z.string(), after: z.string() })),
  body: z.array(DiffLineSchema),
  templateChanged: z.boolean(),
})
export type MethodologyDiff = z.infer<typeof MethodologyDiffSchema>

export const CHANGE_NOTE_MAX_CHARS = 300
export const ChangeNoteSchema = z.string().trim().max(CHANGE_NOTE_MAX_CHARS).default('')
/** PUT body: every methodology field but the slug, the version it was based on (to catch concurrent edits), a note. */
export const MethodologyEditMetaSchema = z.object({ baseVersion: z.number().int().min(1).optional(), changeNote: ChangeNoteSchema })

/**
 * The editable fields of a methodology, as POST and PUT send them. The server checks them with
 * `validateMethodology` (shared/knowledge/methodology.ts), which reports each problem by path.
 */
export interface MethodologyFields {
  title: string
  stage: CategoryStage
  summary: string
  whenToUse: string
  tags: string[]
  body: string
  template: unknown
}
/** POST body: a new methodology under a slug of its own. */
export type CreateMethodologyBody = MethodologyFields & { slug: string; changeNote?: string }
/** PUT body: a new version of an existing methodology. */
export type UpdateMethodologyBody = MethodologyFields & z.input<typeof MethodologyEditMetaSchema>

export const RecordUsageBodySchema = z.object({ boardId: z.string(), version: z.number().int().min(1) }).strict()
export type RecordUsageBody = z.input<typeof RecordUsageBodySchema>

export const RestoreVersionBodySchema = z.object({ version: z.number().int().min(1) }).strict()
export type RestoreVersionBody = z.input<typeof RestoreVersionBodySchema>

export const ImportLibraryBodySchema = z
  .object({ files: z.array(z.object({ filename: z.string().max(200), content: z.string() })).min(1).max(500), overwrite: z.boolean().default(false) })
  .strict()
export type ImportLibraryBody = z.input<typeof ImportLibraryBodySchema>
export const ImportResultSchema = z.object({
  created: z.array(z.string()),
  updated: z.array(z.string()),
  skipped: z.array(z.object({ slug: z.string(), reason: z.string() })),
})
export type ImportResult = z.infer<typeof ImportResultSchema>
