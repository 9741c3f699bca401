/**
 * @module knowledge/errors
 * The error values the knowledge base's pure core returns (template and methodology validation, Markdown import),
 * and the one mapping from zod issues to path-specific messages.
 */
import type { z } from 'zod'
import { err } from '../domain/result'
import type { Err } from '../domain/result'

/** Every code a knowledge-base rule can fail with. Closed: add a code here (and to docs/knowledge-base.md) before returning it. */
export type KnowledgeErrorCode =
  /** The template does not match the schema (wrong kind of shape, bad colour, missing field, duplicate key...). */
  | 'invalid-template'
  /** A size limit was hit: shape count, text length, coordinate range, body bytes, tag count. */
  | 'too-large'
  /** `templateVersion` is missing or is not a version this build understands. */
  | 'unsupported-template-version'
  /** The methodology's fields do not match the schema (slug, stage, tags, lengths...). */
  | 'invalid-methodology'
  /** The Markdown file is not laid out as the exchange format requires (front matter, template section). */
  | 'invalid-markdown'
  /** The front matter block has a line this strict reader does not accept. */
  | 'invalid-front-matter'
  /** The fenced template block is not valid JSON. */
  | 'invalid-template-json'
  /** A library import holds two methodologies with one slug, or a file name that does not match its slug. */
  | 'invalid-library'
  /** The guidance is still the new-method outline: a prompt left in place, or too few words of the author's own. */
  | 'placeholder-guidance'

/** One problem found, located by a path such as `shapes[3].text` or `tags[2]` (empty for the whole input). */
export interface KnowledgeIssue {
  readonly path: string
  readonly message: string
}

/** A failed knowledge-base rule: the code, a summary message, and every issue found (at least one). */
export interface KnowledgeError {
  readonly code: KnowledgeErrorCode
  readonly message: string
  readonly issues: readonly KnowledgeIssue[]
}

/** Builds a failed result from a code and issues; the message summarises the first issues. */
export function knowledgeFailure(
  code: KnowledgeErrorCode,
  what: string,
  issues: readonly KnowledgeIssue[],
): Err<KnowledgeError> {
  const shown = issues.slice(0, 3).map(formatIssue).join('; ')
  const more = issues.length > 3 ? ` (and ${issues.length - 3} more)` : ''
  return err({ code, message: `${what}: ${shown}${more}`, issues })
}

/** Renders one issue as `path: message`, or just the message for a whole-input issue. */
export function formatIssue(issue: KnowledgeIssue): string {
  return issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`
}

/** Formats a zod path as `shapes[3].text`, prefixed with `prefix` when given. */
export function formatPath(path: readonly PropertyKey[], prefix = ''): string {
  let out = prefix
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`
    else out += out === '' ? String(part) : `.${String(part)}`
  }
  return out
}

/** Converts zod issues into knowledge issues, each with its full path. */
export function toKnowledgeIssues(issues: readonly z.core.$ZodIssue[], prefix = ''): KnowledgeIssue[] {
  return issues.map((issue) => ({ path: formatPath(issue.path, prefix), message: issue.message }))
}

/** True when any zod issue is a size limit (`too_big`), so the caller can report `too-large`. */
export function hasSizeIssue(issues: readonly z.core.$ZodIssue[]): boolean {
  return issues.some((issue) => issue.code === 'too_big')
}
