/**
 * `/signup`: name, work email, password and organisation (name, short name, colour). With an organisation invite
 * (`?orgInvite=`) the person joins that organisation instead; with a board invite (`?invite=`) they land on the
 * board afterwards. Shows the first-run hint and the invite-only rule from `GET /api/auth/settings`.
 */
import { useEffect, useState, type FormEvent } from 'react'
import { PASSWORD_MIN_CHARS, SignupBodySchema, type InvitePreview, type PublicSettings, type SignupBody } from '../../../shared/schema/api'
import { ApiError, describeError, listBoards } from '../../api/client'
import { acceptInvite, getPublicSettings, previewInvite, signUp } from '../../api/auth'
import { Link } from '../../app/Link'
import { boardHref, navigate } from '../../app/router'
import { ColourPicker, ORG_COLOUR_DEFAULTS } from '../../ui/ColourPicker'
import { AuthLayout } from './AuthLayout'
import { Field } from '../../ui/Field'
import { fieldErrorsFromDetails, fieldErrorsFromZod, type FieldErrors } from '../../ui/field-errors'
import { nextFromSearch, signInHref } from './redirect'
import { setSignedIn, useSession } from './session'
import { capitalise } from './SignInPage'

const SHORT_NAME_MAX_CHARS = 12

/** After signing up through a board invite, find that board (the sign-up response does not name it). */
async function boardOfInvite(token: string, title: string): Promise<string> {
  const boards = await listBoards()
  const matches = boards.filter((b) => b.title === title)
  if (matches.length === 1 && matches[0]) return matches[0].id
  const accepted = await acceptInvite(token)
  return accepted.kind === 'board' ? accepted.boardId : ''
}

export function SignUpPage() {
  const session = useSession()
  const params = new URLSearchParams(location.search)
  const next = nextFromSearch(location.search)
  const boardInviteToken = params.get('invite') ?? undefined
  const orgInviteToken = params.get('orgInvite') ?? undefined

  const [settings, setSettings] = useState<PublicSettings | null>(null)
  const [invite, setInvite] = useState<InvitePreview | null>(null)
  const [name, setName] = useState('')
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [orgName, setOrgName] = useState('')
  const [shortName, setShortName] = useState('')
  const [colour, setColour] = useState<string>(ORG_COLOUR_DEFAULTS[0].value)
  const [errors, setErrors] = useState<FieldErrors>({})
  const [formError, setFormError] = useState<string | null>(null)
  const [isBusy, setIsBusy] = useState(false)

  useEffect(() => {
    document.title = 'Create your account · Pooled'
    const controller = new AbortController()
    getPublicSettings(controller.signal).then(setSettings, () => undefined)
    const token = orgInviteToken ?? boardInviteToken
    if (token) previewInvite(token, controller.signal).then(setInvite, () => undefined)
    return () => controller.abort()
  }, [orgInviteToken, boardInviteToken])

  useEffect(() => {
    if (session.status === 'signed-in' && !isBusy) navigate(next, { replace: true })
  }, [session.status, next, isBusy])

  const isJoiningOrg = Boolean(orgInviteToken)
  const isInviteOnly = settings?.signupMode === 'invite-only' && settings.hasUsers && !orgInviteToken && !boardInviteToken

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (isBusy) return
    const body: SignupBody = {
      name,
      email,
      password,
      ...(isJoiningOrg ? { orgInviteToken } : { organisation: { name: orgName, shortName, colour } }),
      ...(boardInviteToken ? { boardInviteToken } : {}),
    }
    const checked = SignupBodySchema.safeParse(body)
    if (!checked.success) {
      setErrors(fieldErrorsFromZod(checked.error))
      setFormError(null)
      return
    }
    setIsBusy(true)
    setErrors({})
    setFormError(null)
    try {
      const result = await signUp(checked.data)
      setSignedIn(result.user, result.organisation)
      if (boardInviteToken && invite?.kind === 'board') {
        const boardId = await boardOfInvite(boardInviteToken, invite.title).catch(() => '')
        navigate(boardId ? boardHref(boardId) : '/', { replace: true })
      } else {
        navigate(next, { replace: true })
      }
    } catch (err) {
      const fields = err instanceof ApiError ? fieldErrorsFromDetails(err.details) : {}
      setErrors(fields)
      setFormError(Object.keys(fields).length > 0 ? 'Please check the highlighted fields.' : capitalise(describeError(err)))
      setIsBusy(false)
    }
  }

  const signInLink = signInHref(boardInviteToken ? `/invite/${boardInviteToken}` : next)
  const passwordHint = password.length > 0 && password.length < PASSWORD_MIN_CHARS
    ? `At least ${PASSWORD_MIN_CHARS} characters (${PASSWORD_MIN_CHARS - password.length} more to go).`
    : `At least ${PASSWORD_MIN_CHARS} characters. A few unrelated words make a strong, memorable password.`

  return (
    <AuthLayout
      title={isJoiningOrg && invite ? `Join ${invite.title} on Pooled` : 'Create your Pooled account'}
      lead={
        <>
          {settings && !settings.hasUsers && (
            <p className="notice notice-info" data-testid="first-run-hint">
              You are the first person here: you'll be the administrator of this Pooled, and can invite everyone else.
            </p>
          )}
          {isJoiningOrg && invite && (
            invite.isValid ? (
              <p className="notice notice-info">You are joining <strong>{invite.title}</strong>, invited by {invite.invitedBy}.</p>
            ) : (
              <p className="notice notice-error" role="alert">{capitalise(invite.reason ?? 'This invite link is no longer valid')}</p>
            )
          )}
          {!isJoiningOrg && invite?.kind === 'board' && invite.isValid && (
            <p className="notice notice-info">After creating your account you'll join the board <strong>{invite.title}</strong>.</p>
          )}
          {!isJoiningOrg && <p className="muted">Set up your account and your organisation. Colleagues join your organisation through an invite link from you.</p>}
        </>
      }
      footer={<>Already have an account? <Link href={signInLink}>Sign in</Link></>}
      testId="signup-page"
    >
      {isInviteOnly ? (
        <div className="notice notice-info" role="status" data-testid="invite-only">
          Sign-up on this Pooled is by invitation only. Ask a board facilitator or your organisation's administrator for an invite link.
        </div>
      ) : (
        <form className="auth-form" onSubmit={submit} noValidate aria-label="Create your account">
          <Field label="Your name" name="name" autoComplete="name" autoFocus value={name} onChange={(e) => setName(e.target.value)} error={errors['name']} placeholder="e.g. Sam Patel" />
          <Field label="Work email" type="email" name="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} error={errors['email']} />
          <Field
            label="Password"
            type="password"
            name="password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            hint={passwordHint}
            error={errors['password']}
          />
          {!isJoiningOrg && (
            <fieldset className="auth-fieldset">
              <legend>Your organisation</legend>
              <Field
                label="Organisation name"
                name="orgName"
                autoComplete="organization"
                value={orgName}
                onChange={(e) => setOrgName(e.target.value)}
                error={errors['organisation.name'] ?? errors['organisation']}
                placeholder="e.g. Lancashire County Council"
              />
              <Field
                label="Short name"
                name="shortName"
                maxLength={SHORT_NAME_MAX_CHARS}
                value={shortName}
                onChange={(e) => setShortName(e.target.value)}
                hint={`Up to ${SHORT_NAME_MAX_CHARS} characters, shown next to names on the board (e.g. LCC).`}
                error={errors['organisation.shortName']}
              />
              <ColourPicker value={colour} onChange={setColour} label="Organisation colour" error={errors['organisation.colour']} />
            </fieldset>
          )}
          {formError && <p className="notice notice-error" role="alert">{formError}</p>}
          <button type="submit" className="button button-primary auth-submit" disabled={isBusy}>
            {isBusy ? 'Creating your account…' : 'Create account'}
          </button>
        </form>
      )}
    </AuthLayout>
  )
}
