/** Gate for signed-in pages: waits for the session, sends signed-out visitors to sign-in (keeping where they were going). */
import { useEffect, type ReactNode } from 'react'
import { navigate } from '../../app/router'
import { MessagePage } from '../../app/MessagePage'
import { signInHref } from './redirect'
import { loadSession, useSession } from './session'

export function RequireSession({ children }: { children: ReactNode }) {
  const session = useSession()

  useEffect(() => {
    if (session.status === 'signed-out') navigate(signInHref(location.pathname + location.search), { replace: true })
  }, [session.status])

  if (session.status === 'signed-in') return <>{children}</>
  if (session.status === 'error') {
    return (
      <MessagePage
        title="Pooled could not check who you are"
        actions={<button type="button" className="button button-primary" onClick={() => loadSession()}>Try again</button>}
      >
        <p>{session.message}</p>
      </MessagePage>
    )
  }
  return <div className="auth-loading" role="status">Loading…</div>
}
