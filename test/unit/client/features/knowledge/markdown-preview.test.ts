/** The edit preview renders common Markdown and never turns typed HTML or unsafe links into markup. */
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { MarkdownPreview } from '../../../../../client/features/knowledge/MarkdownPreview'

const render = (source: string) => renderToStaticMarkup(createElement(MarkdownPreview, { source }))

describe('MarkdownPreview', () => {
  it('renders headings, lists, emphasis, code and safe links', () => {
    const html = render('## Steps\n\n1. **Score** each *category*\n2. Use `CPV`\n\n- [guide](https://example.org/g)\n\n> quote')
    expect(html).toContain('<h2>Steps</h2>')
    expect(html).toContain('<ol><li><strong>Score</strong> each <em>category</em></li><li>Use <code>CPV</code></li></ol>')
    expect(html).toContain('<a href="https://example.org/g" target="_blank" rel="noopener noreferrer nofollow">guide</a>')
    expect(html).toContain('<blockquote>quote</blockquote>')
  })

  it('escapes typed HTML and drops dangerous link targets', () => {
    const html = render('<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[click](javascript:alert(1))')
    expect(html).not.toContain('<script')
    expect(html).not.toContain('<img')
    expect(html).not.toContain('javascript:')
    expect(html).toContain('&lt;script&gt;')
    expect(html).toContain('click')
  })

  it('terminates on odd input', () => {
    expect(() => render('-\n*\n```\nunclosed\n#######\n>')).not.toThrow()
  })
})
