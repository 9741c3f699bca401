/** Who is on the board right now (from awareness), yourself first, as colour-coded name chips. */
import type { Participant } from '../../sync/presence'

const MAX_SHOWN = 4

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean)
  const letters = parts.length > 1 ? [parts[0]?.[0], parts[parts.length - 1]?.[0]] : [parts[0]?.[0]]
  return letters.filter(Boolean).join('').toUpperCase() || '?'
}

interface Props {
  participants: Participant[]
  onEditSelf(): void
}

export function Participants({ participants, onEditSelf }: Props) {
  const ordered = participants
  const shown = ordered.slice(0, MAX_SHOWN)
  const hidden = ordered.slice(MAX_SHOWN)
  return (
    <ul className="participants" aria-label="People on this board" data-testid="participants">
      {shown.map((p) => {
        const isSelf = p.isSelf
        const content = (
          <>
            <span className="avatar" style={{ backgroundColor: p.color }} aria-hidden="true">{initials(p.name)}</span>
            <span className="participant-name">{p.name}</span>
            {isSelf && <span className="participant-you">(you)</span>}
          </>
        )
        return (
          <li key={p.id} className="participant" data-name={p.name} data-self={isSelf || undefined}>
            {isSelf ? (
              <button type="button" className="participant-button" onClick={onEditSelf} title="Change your name">{content}</button>
            ) : (
              content
            )}
          </li>
        )
      })}
      {hidden.length > 0 && (
        <li className="participant participant-more" title={hidden.map((p) => p.name).join(', ')}>+{hidden.length} more</li>
      )}
    </ul>
  )
}
