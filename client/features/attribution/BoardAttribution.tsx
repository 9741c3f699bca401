/** Attribution on a live board: stamps this person's shape changes and shows the hover tooltip. Renders inside the canvas area. */
import { useEffect } from 'react'
import type { Editor } from '@tldraw/tldraw'
import { useSession } from '../auth/session'
import { AttributionTooltip } from './AttributionTooltip'
import { registerAttribution } from './register-attribution'

export function BoardAttribution({ editor }: { editor: Editor | null }) {
  const session = useSession()
  const author =
    session.status === 'signed-in'
      ? { userId: session.user.id, name: session.user.name, orgId: session.organisation.id, orgShortName: session.organisation.shortName }
      : null
  const key = author ? `${author.userId}|${author.name}|${author.orgId}|${author.orgShortName}` : ''

  useEffect(() => {
    if (!editor || !author) return
    return registerAttribution(editor, author)
    // reason: `author` is rebuilt every render; `key` captures its content
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [editor, key])

  return editor ? <AttributionTooltip editor={editor} /> : null
}
