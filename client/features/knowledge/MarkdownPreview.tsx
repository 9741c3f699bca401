/**
 * A live preview of Markdown while editing, built as React elements (so nothing the author types can become markup):
 * headings, paragraphs, lists, quotes, code blocks, bold, italic, code and http(s)/mailto/relative links.
 */
import type { ReactNode } from 'react'

const SAFE_URL = /^(?:https?:|mailto:|#|\/(?!\/))/i

function inline(text: string, keyPrefix: string): ReactNode[] {
  const out: ReactNode[] = []
  const pattern = /(\*\*[^*]+\*\*|__[^_]+__|`[^`]+`|\[[^\]]+\]\([^)\s]+\)|\*[^*\s][^*]*\*|_[^_\s][^_]*_)/g
  let last = 0
  let n = 0
  for (const match of text.matchAll(pattern)) {
    const token = match[0]
    const index = match.index ?? 0
    if (index > last) out.push(text.slice(last, index))
    const key = `${keyPrefix}-${n++}`
    if (token.startsWith('**') || token.startsWith('__')) out.push(<strong key={key}>{inline(token.slice(2, -2), key)}</strong>)
    else if (token.startsWith('`')) out.push(<code key={key}>{token.slice(1, -1)}</code>)
    else if (token.startsWith('[')) {
      const link = /^\[([^\]]+)\]\(([^)\s]+)\)$/.exec(token)
      const href = link?.[2] ?? ''
      out.push(SAFE_URL.test(href) ? <a key={key} href={href} target="_blank" rel="noopener noreferrer nofollow">{link?.[1]}</a> : link?.[1])
    } else out.push(<em key={key}>{inline(token.slice(1, -1), key)}</em>)
    last = index + token.length
  }
  if (last < text.length) out.push(text.slice(last))
  return out
}

/** Renders `source` as a safe preview. */
export function MarkdownPreview({ source }: { source: string }) {
  const lines = source.replace(/\r\n?/g, '\n').split('\n')
  const blocks: ReactNode[] = []
  let i = 0
  while (i < lines.length) {
    const line = lines[i] ?? ''
    const key = `b${i}`
    if (line.trim() === '') {
      i++
      continue
    }
    if (/^```/.test(line)) {
      const code: string[] = []
      i++
      while (i < lines.length && !/^```/.test(lines[i] ?? '')) code.push(lines[i++] ?? '')
      i++
      blocks.push(<pre key={key}><code>{code.join('\n')}</code></pre>)
      continue
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line)
    if (heading) {
      const level = Math.min(3, heading[1]!.length)
      const content = inline(heading[2] ?? '', key)
      blocks.push(level === 1 ? <h1 key={key}>{content}</h1> : level === 2 ? <h2 key={key}>{content}</h2> : <h3 key={key}>{content}</h3>)
      i++
      continue
    }
    if (/^\s*([-*+]|\d+[.)])\s+/.test(line)) {
      const isOrdered = /^\s*\d+[.)]\s+/.test(line)
      const items: ReactNode[] = []
      while (i < lines.length && /^\s*([-*+]|\d+[.)])\s+/.test(lines[i] ?? '')) {
        items.push(<li key={`${key}-${i}`}>{inline((lines[i] ?? '').replace(/^\s*([-*+]|\d+[.)])\s+/, ''), `${key}-${i}`)}</li>)
        i++
      }
      blocks.push(isOrdered ? <ol key={key}>{items}</ol> : <ul key={key}>{items}</ul>)
      continue
    }
    if (/^>\s?/.test(line)) {
      const quote: string[] = []
      while (i < lines.length && /^>\s?/.test(lines[i] ?? '')) quote.push((lines[i++] ?? '').replace(/^>\s?/, ''))
      blocks.push(<blockquote key={key}>{inline(quote.join(' '), key)}</blockquote>)
      continue
    }
    const para: string[] = []
    while (i < lines.length && (lines[i] ?? '').trim() !== '' && !/^(#{1,6}\s|```|>|\s*([-*+]|\d+[.)])\s+)/.test(lines[i] ?? '')) para.push(lines[i++] ?? '')
    if (para.length === 0) para.push(lines[i++] ?? '')
    blocks.push(<p key={key}>{inline(para.join(' '), key)}</p>)
  }
  return <div className="kb-prose">{blocks}</div>
}
