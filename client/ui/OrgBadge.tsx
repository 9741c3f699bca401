/** A small pill with an organisation's colour dot and short name, wherever people or bodies are listed. */
import './ui.css'

export function OrgBadge({ shortName, colour, title }: { shortName: string; colour: string; title?: string }) {
  return (
    <span className="org-badge" title={title ?? shortName}>
      <span className="org-dot" style={{ backgroundColor: colour }} aria-hidden="true" />
      {shortName}
    </span>
  )
}
