/** `/signin`: email and password; afterwards back to where the person was going (`?next=`). */
import { useEffect, useState, type FormEvent } from 'react'
import { describeError } from '../../api/client'
import { signIn } from '../../api/auth'
import { Link } from '../../app/Link'
import { navigate } from '../../app/router'
import { AuthLayout } from './AuthLayout'
import { Field } from '../../ui/Field'
import { nextFromSearch, signInHref } from './redirect'
import { setSignedIn, useSession } from './session'

export function SignInPage() {
  const session = useSession()
  const next = nextFromSearch(location.search)
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [isBusy, setIsBusy] = useState(false)

  useEffect(() => {
    document.title = 'Sign in · Pooled'
  }, [])
  // Already signed in (e.g. the back button): carry on.
  useEffect(() => {
    if (session.status === 'signed-in') navigate(next, { replace: true })
  }, [session.status, next])

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (isBusy) return
    setIsBusy(true)
    setError(null)
    try {
      const result = await signIn({ email: email.trim(), password })
      setSignedIn(result.user, result.organisation)
      navigate(next, { replace: true })
    } catch (err) {
      setError(capitalise(describeError(err)))
      setIsBusy(false)
    }
  }

  const inviteToken = /^\/invite\/([^/?#]+)/.exec(next)?.[1]
  const signUpHref = signInHref(next, 'signup', inviteToken ? { invite: inviteToken } : {})

  return (
    <AuthLayout
      title="Sign in to Pooled"
      lead={<p className="muted">Plan categories of spend together with the other public bodies on your boards.</p>}
      footer={<>New to Pooled? <Link href={signUpHref}>Create an account</Link></>}
      testId="signin-page"
    >
      <form className="auth-form" onSubmit={submit} noValidate aria-label="Sign in">
        <Field label="Work email" type="email" name="email" autoComplete="email" autoFocus required value={email} onChange={(e) => setEmail(e.target.value)} />
        <Field label="Password" type="password" name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        {error && <p className="notice notice-error" role="alert">{error}</p>}
        <button type="submit" className="button button-primary auth-submit" disabled={isBusy || email.trim() === '' || password === ''}>
          {isBusy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </AuthLayout>
  )
}

export function capitalise(text: string): string {
  const t = text.length > 0 ? text[0]!.toUpperCase() + text.slice(1) : text
  return /[.!?]$/.test(t) ? t : `${t}.`
}
