/**
 * `/invite/:token`: what the link is for (board or organisation, role, who invited, expiry), then the one obvious
 * next step: join the board when signed in, or create an account / sign in first.
 */
import { useEffect, useState } from 'react'
import { ROLE_DESCRIPTIONS, ROLE_LABELS, type BoardRole } from '../../../shared/access/roles'
import type { InvitePreview } from '../../../shared/schema/api'
import { describeError } from '../../api/client'
import { acceptInvite, previewInvite } from '../../api/auth'
import { Link } from '../../app/Link'
import { boardHref, navigate } from '../../app/router'
import { AuthLayout } from './AuthLayout'
import { signInHref } from './redirect'
import { useSession } from './session'
import { capitalise } from './SignInPage'

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric' })

type LoadState = { kind: 'loading' } | { kind: 'ready'; invite: InvitePreview } | { kind: 'error'; message: string }

function isBoardRole(role: string): role is BoardRole {
  return role in ROLE_LABELS
}

export function InvitePage({ token }: { token: string }) {
  const session = useSession()
  const [load, setLoad] = useState<LoadState>({ kind: 'loading' })
  const [isBusy, setIsBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    document.title = 'Invitation · Pooled'
    const controller = new AbortController()
    previewInvite(token, controller.signal).then(
      (invite) => setLoad({ kind: 'ready', invite }),
      (err: unknown) => {
        if (!controller.signal.aborted) setLoad({ kind: 'error', message: capitalise(describeError(err)) })
      },
    )
    return () => controller.abort()
  }, [token])

  if (load.kind === 'loading') return <div className="auth-loading" role="status">Loading invitation…</div>
  if (load.kind === 'error') {
    return (
      <AuthLayout title="This invite link does not work" testId="invite-page">
        <p className="notice notice-error" role="alert">{load.message}</p>
        <p className="muted auth-paragraph">Ask the person who sent it for a new link.</p>
        <Link className="button button-secondary" href="/">Go to Pooled</Link>
      </AuthLayout>
    )
  }

  const { invite } = load
  const here = `/invite/${token}`
  const expiry = dateFormat.format(new Date(invite.expiresAt))
  const join = async () => {
    setIsBusy(true)
    setError(null)
    try {
      const result = await acceptInvite(token)
      navigate(result.kind === 'board' ? boardHref(result.boardId) : '/org', { replace: true })
    } catch (err) {
      setError(capitalise(describeError(err)))
      setIsBusy(false)
    }
  }

  const details = (
    <dl className="invite-details">
      <div><dt>{invite.kind === 'board' ? 'Board' : 'Organisation'}</dt><dd>{invite.title || '—'}</dd></div>
      <div>
        <dt>Your role</dt>
        <dd>
          {isBoardRole(invite.role) ? (
            <><strong>{ROLE_LABELS[invite.role]}</strong> <span className="muted">· {ROLE_DESCRIPTIONS[invite.role]}</span></>
          ) : (
            <strong>{invite.role === 'admin' ? 'Administrator' : 'Member'}</strong>
          )}
        </dd>
      </div>
      <div><dt>Invited by</dt><dd>{invite.invitedBy}</dd></div>
      <div><dt>{invite.isValid ? 'Link valid until' : 'Link expiry'}</dt><dd>{expiry}</dd></div>
    </dl>
  )

  const title = invite.kind === 'board' ? `You're invited to “${invite.title}”` : `Join ${invite.title} on Pooled`

  let actions
  if (!invite.isValid) {
    actions = <p className="notice notice-error" role="alert">{capitalise(invite.reason ?? 'This invite link is no longer valid')}</p>
  } else if (session.status === 'loading') {
    actions = <p className="muted" role="status">Checking your account…</p>
  } else if (session.status === 'signed-in') {
    actions =
      invite.kind === 'board' ? (
        <div className="auth-actions">
          <button type="button" className="button button-primary" onClick={join} disabled={isBusy}>{isBusy ? 'Joining…' : 'Join board'}</button>
          <span className="muted">Signed in as {session.user.name} ({session.organisation.shortName})</span>
        </div>
      ) : (
        <p className="notice notice-info">
          You are signed in as a member of {session.organisation.name}. A person belongs to one organisation, so this link is for someone without a Pooled account.
        </p>
      )
  } else {
    const signupHref = invite.kind === 'board' ? signInHref('/', 'signup', { invite: token }) : signInHref('/', 'signup', { orgInvite: token })
    actions = (
      <div className="auth-actions">
        <Link className="button button-primary" href={signupHref}>Create an account</Link>
        {invite.kind === 'board' && <Link className="button button-secondary" href={signInHref(here)}>I already have an account</Link>}
      </div>
    )
  }

  return (
    <AuthLayout title={title} lead={<p className="muted">{invite.invitedBy} invited you to plan together on Pooled.</p>} testId="invite-page">
      {details}
      {actions}
      {error && <p className="notice notice-error" role="alert">{error}</p>}
    </AuthLayout>
  )
}
