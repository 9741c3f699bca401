/** REST contract of the knowledge base (`/api/methodologies`). The methodology itself is shared/knowledge/methodology.ts. */
import { z } from 'zod'

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

export const RecordUsageBodySchema = z.object({ boardId: z.string(), version: z.number().int().min(1) }).strict()

export const ImportLibraryBodySchema = z
  .object({ files: z.array(z.object({ filename: z.string().max(200), content: z.string() })).min(1).max(500), overwrite: z.boolean().default(false) })
  .strict()
export const ImportResultSchema = z.object({
  created: z.array(z.string()),
  updated: z.array(z.string()),
  skipped: z.array(z.object({ slug: z.string(), reason: z.string() })),
})
export type ImportResult = z.infer<typeof ImportResultSchema>
