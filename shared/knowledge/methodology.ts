/**
 * @module knowledge/methodology
 * A methodology in the knowledge base: a procurement method (Kraljic, PESTLE, should-cost...) with workshop
 * guidance in Markdown, the category-management stage it belongs to, and the canvas template it draws.
 */
import { z } from 'zod'
import { ok } from '../domain/result'
import type { Result } from '../domain/result'
import { hasSizeIssue, knowledgeFailure, toKnowledgeIssues } from './errors'
import type { KnowledgeError } from './errors'
import { TemplateSchema } from './template'

/** Longest slug in characters. */
export const METHODOLOGY_SLUG_MAX_CHARS = 80
/** Slugs are kebab-case: lower-case letters and digits in words joined by single hyphens. */
export const METHODOLOGY_SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/
/** Longest title in characters. */
export const METHODOLOGY_TITLE_MAX_CHARS = 120
/** Longest summary in characters. */
export const METHODOLOGY_SUMMARY_MAX_CHARS = 500
/** Longest "when to use" text in characters. */
export const METHODOLOGY_WHEN_TO_USE_MAX_CHARS = 1_000
/** Largest Markdown body, in UTF-8 bytes. */
export const METHODOLOGY_BODY_MAX_BYTES = 100_000
/** Most tags on one methodology. */
export const METHODOLOGY_TAGS_MAX = 20
/** Longest tag in characters. */
export const METHODOLOGY_TAG_MAX_CHARS = 40
/** Tags: lower-case words of letters and digits, separated by single spaces or hyphens (`supply risk`, `cpv`). */
export const METHODOLOGY_TAG_PATTERN = /^[a-z0-9]+(?:[ -][a-z0-9]+)*$/

/** The stages of the category-management cycle, in cycle order. */
export const CATEGORY_STAGES = ['initiate', 'analyse', 'strategy', 'source', 'implement', 'manage', 'review'] as const
/** One stage of the category-management cycle. */
export type CategoryStage = (typeof CATEGORY_STAGES)[number]

/** Display labels for each stage, in sentence case. */
export const CATEGORY_STAGE_LABELS: Readonly<Record<CategoryStage, string>> = {
  initiate: 'Initiate and scope',
  analyse: 'Analyse',
  strategy: 'Develop strategy',
  source: 'Source',
  implement: 'Implement',
  manage: 'Manage contracts and suppliers',
  review: 'Review and learn',
}

const utf8 = new TextEncoder()

/** Counts UTF-8 bytes without node:buffer, so the limit means the same in browser and server. */
function utf8Bytes(value: string): number {
  return utf8.encode(value).length
}

function singleLine(what: string, max: number) {
  return z
    .string({ error: `${what} must be a string` })
    .trim()
    .min(1, { error: `${what} must not be empty` })
    .max(max, {
      error: (iss) => `${what} must be at most ${max} characters; got ${typeof iss.input === 'string' ? iss.input.length : '?'}`,
    })
    .refine((value) => !/[\r\n]/.test(value), { error: `${what} must be a single line` })
}

function paragraph(what: string, max: number) {
  return z
    .string({ error: `${what} must be a string` })
    .overwrite((value) => value.replace(/\r\n?/g, '\n').trim())
    .min(1, { error: `${what} must not be empty` })
    .max(max, {
      error: (iss) => `${what} must be at most ${max} characters; got ${typeof iss.input === 'string' ? iss.input.length : '?'}`,
    })
}

/** A kebab-case slug, the methodology's identity across partners and its file name (`<slug>.md`). */
export const MethodologySlugSchema = z
  .string({ error: 'slug must be a string' })
  .max(METHODOLOGY_SLUG_MAX_CHARS, {
    error: (iss) =>
      `slug must be at most ${METHODOLOGY_SLUG_MAX_CHARS} characters; got ${typeof iss.input === 'string' ? iss.input.length : '?'}`,
  })
  .regex(METHODOLOGY_SLUG_PATTERN, {
    error: (iss) => `slug must be kebab-case (e.g. "kraljic-portfolio-matrix"); got ${JSON.stringify(iss.input)}`,
  })

/** One of `CATEGORY_STAGES`, with a message listing them when it is not. */
export const CategoryStageSchema = z.enum(CATEGORY_STAGES, {
  error: (iss) => `stage must be one of ${CATEGORY_STAGES.join(', ')}; got ${JSON.stringify(iss.input)}`,
})

const TagSchema = z
  .string({ error: 'tag must be a string' })
  .max(METHODOLOGY_TAG_MAX_CHARS, { error: `tag must be at most ${METHODOLOGY_TAG_MAX_CHARS} characters` })
  .regex(METHODOLOGY_TAG_PATTERN, {
    error: (iss) => `tag must be lower-case words joined by spaces or hyphens; got ${JSON.stringify(iss.input)}`,
  })

/**
 * A methodology. Strings are normalised on parse (titles trimmed; summary, when-to-use and body trimmed with
 * line endings made `\n`) so that a parsed value exports and re-imports to an equal value.
 */
export const MethodologySchema = z.strictObject(
  {
    slug: MethodologySlugSchema,
    title: singleLine('title', METHODOLOGY_TITLE_MAX_CHARS),
    stage: CategoryStageSchema,
    summary: paragraph('summary', METHODOLOGY_SUMMARY_MAX_CHARS),
    whenToUse: paragraph('whenToUse', METHODOLOGY_WHEN_TO_USE_MAX_CHARS),
    tags: z
      .array(TagSchema, { error: 'tags must be a list of strings' })
      .max(METHODOLOGY_TAGS_MAX, {
        error: (iss) =>
          `at most ${METHODOLOGY_TAGS_MAX} tags; got ${Array.isArray(iss.input) ? iss.input.length : '?'}`,
      })
      .superRefine((tags, ctx) => {
        tags.forEach((tag, index) => {
          if (tags.indexOf(tag) !== index) ctx.addIssue({ code: 'custom', path: [index], message: `duplicate tag "${tag}"` })
        })
      }),
    body: z
      .string({ error: 'body must be a string' })
      .overwrite((value) => value.replace(/\r\n?/g, '\n').trim())
      .min(1, { error: 'body must not be empty' })
      .check((ctx) => {
        const bytes = utf8Bytes(ctx.value)
        if (bytes > METHODOLOGY_BODY_MAX_BYTES) {
          ctx.issues.push({
            code: 'too_big',
            origin: 'string',
            maximum: METHODOLOGY_BODY_MAX_BYTES,
            input: ctx.value,
            message: `body must be at most ${METHODOLOGY_BODY_MAX_BYTES} bytes of UTF-8; got ${bytes}`,
          })
        }
      }),
    template: TemplateSchema,
  },
  { error: (iss) => (iss.code === 'invalid_type' ? 'a methodology must be an object' : undefined) },
)
/** A validated methodology. */
export type Methodology = z.infer<typeof MethodologySchema>

/**
 * Validates an untrusted methodology (from an API body, a partner's file or a database row). Never throws.
 * Fails with `too-large` when any size limit is hit (body, text, shapes), otherwise `invalid-methodology`;
 * issues carry paths such as `template.shapes[4].color` or `tags[2]`.
 */
export function validateMethodology(input: unknown): Result<Methodology, KnowledgeError> {
  const parsed = MethodologySchema.safeParse(input)
  if (parsed.success) return ok(parsed.data)
  const code = hasSizeIssue(parsed.error.issues) ? 'too-large' : 'invalid-methodology'
  return knowledgeFailure(code, 'methodology refused', toKnowledgeIssues(parsed.error.issues))
}
