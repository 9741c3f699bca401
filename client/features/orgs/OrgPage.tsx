/**
 * `/org`: your organisation. Everyone sees its name, colour and members; its administrators edit the details,
 * promote/demote and remove members, and create or revoke invite links. The deployment administrator also sets
 * whether anyone may sign up or only people with an invite link.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react'
import { NewOrganisationSchema, type Member, type OrganisationDetail, type OrgInvite, type OrgRole, type Settings } from '../../../shared/schema/api'
import { ApiError, describeError } from '../../api/client'
import {
  createOrgInvite,
  getDeploymentSettings,
  getOrganisation,
  listOrgInvites,
  removeMember,
  revokeOrgInvite,
  setMemberRole,
  updateDeploymentSettings,
  updateOrganisation,
} from '../../api/auth'
import { AppHeader } from '../../app/AppHeader'
import { Link } from '../../app/Link'
import { CONTRACTS_HREF, SPEND_DATA_HREF } from '../../app/router'
import { Field } from '../../ui/Field'
import { fieldErrorsFromDetails, fieldErrorsFromZod, type FieldErrors } from '../../ui/field-errors'
import { updateSessionOrganisation, useSession } from '../auth/session'
import { CopyButton } from '../../ui/CopyButton'
import { OrgBadge } from '../../ui/OrgBadge'
import { ColourPicker } from '../../ui/ColourPicker'
import './orgs.css'

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' })
const formatDate = (iso: string) => dateFormat.format(new Date(iso))

type LoadState = { kind: 'loading' } | { kind: 'ready'; detail: OrganisationDetail } | { kind: 'error'; message: string }

export function OrgPage() {
  const session = useSession()
  const orgId = session.status === 'signed-in' ? session.organisation.id : null
  const [load, setLoad] = useState<LoadState>({ kind: 'loading' })

  const reload = useCallback(
    (signal?: AbortSignal) => {
      if (!orgId) return
      getOrganisation(orgId, signal).then(
        (detail) => setLoad({ kind: 'ready', detail }),
        (error: unknown) => {
          if (!signal?.aborted) setLoad({ kind: 'error', message: describeError(error) })
        },
      )
    },
    [orgId],
  )

  useEffect(() => {
    document.title = 'Your organisation · Pooled'
    const controller = new AbortController()
    reload(controller.signal)
    return () => controller.abort()
  }, [reload])

  if (session.status !== 'signed-in') return null
  return (
    <div className="page">
      <AppHeader />
      <main className="content" data-testid="org-page">
        {load.kind === 'loading' && <p className="muted" role="status">Loading your organisation…</p>}
        {load.kind === 'error' && (
          <div className="notice notice-error" role="alert">
            <span>Could not load your organisation: {load.message}</span>
            <button type="button" className="button button-secondary button-small" onClick={() => reload()}>Try again</button>
          </div>
        )}
        {load.kind === 'ready' && (
          <>
            <div className="page-heading org-heading">
              <span className="org-swatch" style={{ backgroundColor: load.detail.organisation.colour }} aria-hidden="true" />
              <div>
                <h1>{load.detail.organisation.name}</h1>
                <p className="muted">
                  Shown on the board as <OrgBadge shortName={load.detail.organisation.shortName} colour={load.detail.organisation.colour} />
                  {' · '}{load.detail.members.length} {load.detail.members.length === 1 ? 'member' : 'members'}
                </p>
              </div>
            </div>
            <section className="card org-spend-card" aria-labelledby="org-spend-heading">
              <div>
                <h2 id="org-spend-heading" className="card-title">Spend data</h2>
                <p className="muted">Upload the spend files {load.detail.organisation.name} publishes (CSV or Excel). Pooled reads them once, sorts them by supplier and category, and your boards pool the totals with your partners’.</p>
              </div>
              <Link href={SPEND_DATA_HREF} className="button button-primary">Open spend data</Link>
            </section>
            <section className="card org-spend-card" aria-labelledby="org-contracts-heading">
              <div>
                <h2 id="org-contracts-heading" className="card-title">Contracts</h2>
                <p className="muted">Upload the contract notices or the contract register {load.detail.organisation.name} publishes. Pooled works out when each contract ends, finds where you have bought together with other bodies, and feeds the forward plan and the opportunity finder.</p>
              </div>
              <Link href={CONTRACTS_HREF} className="button button-primary">Open contracts</Link>
            </section>
            {load.detail.canManage && <OrgDetailsForm detail={load.detail} onSaved={() => reload()} />}
            <MembersSection detail={load.detail} selfId={session.user.id} onChanged={() => reload()} />
            {load.detail.canManage && <OrgInvitesSection orgId={load.detail.organisation.id} orgName={load.detail.organisation.name} />}
            {session.user.isAdmin && <DeploymentSettingsSection />}
          </>
        )}
      </main>
    </div>
  )
}

function OrgDetailsForm({ detail, onSaved }: { detail: OrganisationDetail; onSaved(): void }) {
  const org = detail.organisation
  const [name, setName] = useState(org.name)
  const [shortName, setShortName] = useState(org.shortName)
  const [colour, setColour] = useState(org.colour)
  const [errors, setErrors] = useState<FieldErrors>({})
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null)
  const [isBusy, setIsBusy] = useState(false)
  const isDirty = name !== org.name || shortName !== org.shortName || colour.toLowerCase() !== org.colour.toLowerCase()

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const checked = NewOrganisationSchema.safeParse({ name, shortName, colour })
    if (!checked.success) return setErrors(fieldErrorsFromZod(checked.error))
    setIsBusy(true)
    setErrors({})
    setMessage(null)
    try {
      const updated = await updateOrganisation(org.id, checked.data)
      updateSessionOrganisation(updated)
      setMessage({ kind: 'ok', text: 'Saved. New colours show on boards the next time people open them.' })
      onSaved()
    } catch (error) {
      setErrors(error instanceof ApiError ? fieldErrorsFromDetails(error.details) : {})
      setMessage({ kind: 'error', text: describeError(error) })
    } finally {
      setIsBusy(false)
    }
  }

  return (
    <form className="card org-form" onSubmit={submit} noValidate aria-label="Organisation details">
      <h2 className="card-title">Details</h2>
      <div className="org-form-grid">
        <Field label="Name" value={name} onChange={(e) => setName(e.target.value)} error={errors['name']} />
        <Field label="Short name" maxLength={12} value={shortName} onChange={(e) => setShortName(e.target.value)} error={errors['shortName']} hint="Up to 12 characters." />
      </div>
      <ColourPicker value={colour} onChange={setColour} error={errors['colour']} />
      <div className="org-form-actions">
        <button type="submit" className="button button-primary" disabled={!isDirty || isBusy}>{isBusy ? 'Saving…' : 'Save changes'}</button>
        {message && <span className={message.kind === 'ok' ? 'org-ok' : 'field-error'} role="status">{message.text}</span>}
      </div>
    </form>
  )
}

function MembersSection({ detail, selfId, onChanged }: { detail: OrganisationDetail; selfId: string; onChanged(): void }) {
  const members = [...detail.members].sort((a, b) => Number(b.orgRole === 'admin') - Number(a.orgRole === 'admin') || a.name.localeCompare(b.name))
  return (
    <section aria-labelledby="members-heading">
      <h2 id="members-heading" className="section-title">Members</h2>
      <ul className="org-list" data-testid="org-members">
        {members.map((member) => (
          <MemberRow key={member.id} orgId={detail.organisation.id} member={member} isSelf={member.id === selfId} canManage={detail.canManage} onChanged={onChanged} />
        ))}
      </ul>
    </section>
  )
}

function MemberRow({ orgId, member, isSelf, canManage, onChanged }: { orgId: string; member: Member; isSelf: boolean; canManage: boolean; onChanged(): void }) {
  const [isConfirming, setIsConfirming] = useState(false)
  const [isBusy, setIsBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const run = async (action: () => Promise<void>) => {
    setIsBusy(true)
    setError(null)
    try {
      await action()
      onChanged()
    } catch (err) {
      setError(describeError(err))
    } finally {
      setIsBusy(false)
    }
  }
  const nextRole: OrgRole = member.orgRole === 'admin' ? 'member' : 'admin'

  return (
    <li className="org-row" data-member-email={member.email}>
      <div className="org-row-main">
        <span className="org-row-name">{member.name}{isSelf && <span className="muted"> (you)</span>}</span>
        <span className="muted org-row-sub">{member.email} · joined {formatDate(member.createdAt)}</span>
      </div>
      <span className={`role-pill${member.orgRole === 'admin' ? ' role-pill-admin' : ''}`}>{member.orgRole === 'admin' ? 'Administrator' : 'Member'}</span>
      {canManage && !isConfirming && (
        <div className="org-row-actions">
          {!isSelf && (
            <button type="button" className="button button-secondary button-small" disabled={isBusy} onClick={() => void run(() => setMemberRole(orgId, member.id, nextRole))}>
              {nextRole === 'admin' ? 'Make administrator' : 'Make member'}
            </button>
          )}
          {!isSelf && (
            <button type="button" className="button button-danger-quiet button-small" onClick={() => setIsConfirming(true)}>Remove</button>
          )}
        </div>
      )}
      {isConfirming && (
        <div className="confirm" role="alertdialog" aria-label={`Remove ${member.name}?`}>
          <span>Remove {member.name}? Their account is closed and they are signed out everywhere.</span>
          <button type="button" className="button button-danger button-small" disabled={isBusy} onClick={() => void run(() => removeMember(orgId, member.id))}>
            {isBusy ? 'Removing…' : 'Remove'}
          </button>
          <button type="button" className="button button-secondary button-small" autoFocus onClick={() => setIsConfirming(false)}>Keep</button>
        </div>
      )}
      {error && <p className="field-error row-error" role="alert">{error}</p>}
    </li>
  )
}

function OrgInvitesSection({ orgId, orgName }: { orgId: string; orgName: string }) {
  const [invites, setInvites] = useState<OrgInvite[] | null>(null)
  const [role, setRole] = useState<OrgRole>('member')
  const [days, setDays] = useState(14)
  const [created, setCreated] = useState<OrgInvite | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [isBusy, setIsBusy] = useState(false)

  const reload = useCallback(() => {
    listOrgInvites(orgId).then(setInvites, (err: unknown) => setError(describeError(err)))
  }, [orgId])
  useEffect(reload, [reload])

  const create = async (event: FormEvent) => {
    event.preventDefault()
    setIsBusy(true)
    setError(null)
    try {
      setCreated(await createOrgInvite(orgId, { role, expiresInDays: days }))
      reload()
    } catch (err) {
      setError(describeError(err))
    } finally {
      setIsBusy(false)
    }
  }

  const active = (invites ?? []).filter((i) => !i.revokedAt && Date.parse(i.expiresAt) > Date.now())
  return (
    <section className="card" aria-labelledby="org-invites-heading">
      <h2 id="org-invites-heading" className="card-title">Invite colleagues</h2>
      <p className="muted org-paragraph">Colleagues from {orgName} join through an invite link. Send it by email or chat; anyone with the link can join until it expires or you revoke it.</p>
      <form className="inline-form org-invite-form" onSubmit={create}>
        <label className="compact-field">
          <span>Joins as</span>
          <select className="select-input" value={role} onChange={(e) => setRole(e.target.value as OrgRole)}>
            <option value="member">Member</option>
            <option value="admin">Administrator</option>
          </select>
        </label>
        <label className="compact-field">
          <span>Valid for</span>
          <select className="select-input" value={days} onChange={(e) => setDays(Number(e.target.value))}>
            {[1, 7, 14, 30, 90].map((d) => <option key={d} value={d}>{d} {d === 1 ? 'day' : 'days'}</option>)}
          </select>
        </label>
        <button type="submit" className="button button-primary" disabled={isBusy}>{isBusy ? 'Creating…' : 'Create invite link'}</button>
      </form>
      {created?.url && (
        <div className="link-box" role="status">
          <input className="text-input" readOnly value={created.url} aria-label="New invite link" onFocus={(e) => e.target.select()} />
          <CopyButton text={created.url} />
        </div>
      )}
      {error && <p className="field-error" role="alert">{error}</p>}
      {active.length > 0 && (
        <ul className="org-list org-invite-list" aria-label="Active invite links">
          {active.map((invite) => (
            <li key={invite.id} className="org-row">
              <div className="org-row-main">
                <span>{invite.role === 'admin' ? 'Administrator' : 'Member'} link</span>
                <span className="muted org-row-sub">
                  by {invite.createdByName} · expires {formatDate(invite.expiresAt)} · used {invite.uses} {invite.uses === 1 ? 'time' : 'times'}
                </span>
              </div>
              <button
                type="button"
                className="button button-danger-quiet button-small"
                onClick={() => revokeOrgInvite(orgId, invite.id).then(reload, (err: unknown) => setError(describeError(err)))}
              >
                Revoke
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

function DeploymentSettingsSection() {
  const [settings, setSettings] = useState<Settings | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    getDeploymentSettings().then(setSettings, (err: unknown) => setError(describeError(err)))
  }, [])
  const change = (signupMode: Settings['signupMode']) => {
    setError(null)
    updateDeploymentSettings({ signupMode }).then(setSettings, (err: unknown) => setError(describeError(err)))
  }
  return (
    <section className="card" aria-labelledby="deployment-heading">
      <h2 id="deployment-heading" className="card-title">This Pooled (you are its administrator)</h2>
      <fieldset className="form-field radio-list">
        <legend className="field-label">Who can create an account</legend>
        <label className="radio-option">
          <input type="radio" name="signupMode" checked={settings?.signupMode === 'open'} disabled={!settings} onChange={() => change('open')} />
          <span><strong>Anyone</strong><span className="muted"> · people sign up and create or join their organisation</span></span>
        </label>
        <label className="radio-option">
          <input type="radio" name="signupMode" checked={settings?.signupMode === 'invite-only'} disabled={!settings} onChange={() => change('invite-only')} />
          <span><strong>Invited people only</strong><span className="muted"> · sign-up needs a board or organisation invite link</span></span>
        </label>
      </fieldset>
      {error && <p className="field-error" role="alert">{error}</p>}
    </section>
  )
}
