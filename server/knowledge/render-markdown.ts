/**
 * Markdown → HTML for methodology bodies, safe by construction: raw HTML is escaped (html: false), so no script,
 * style or inline handler can pass; links and images are limited to http(s), mailto and relative URLs.
 */
import MarkdownIt from 'markdown-it'

const SAFE_URL = /^(?:https?:|mailto:|#|\/(?!\/))/i

const md = new MarkdownIt({ html: false, linkify: true, typographer: true })
md.validateLink = (url: string) => SAFE_URL.test(url.trim())
md.renderer.rules.link_open = (tokens, idx, options, _env, self) => {
  const token = tokens[idx]
  if (token && /^https?:/i.test(String(token.attrGet('href') ?? ''))) {
    token.attrSet('target', '_blank')
    token.attrSet('rel', 'noopener noreferrer nofollow')
  }
  return self.renderToken(tokens, idx, options)
}

export function renderMarkdown(source: string): string {
  return md.render(source)
}
