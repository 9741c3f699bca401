/**
 * The board's sharing dialog. Facilitators and owners see and change who has access (people and whole
 * organisations, each with a role), add people by exact email or an organisation from the list, and create,
 * copy and revoke invite links. Everyone else sees who has access, read-only.
 */
import { useCallback, useEffect, useId, useState, type FormEvent } from 'react'
import { BOARD_ROLES, ROLE_DESCRIPTIONS, ROLE_LABELS, canGrant, type BoardRole } from '../../../shared/access/roles'
import { INVITE_MAX_DAYS, type Invite, type Organisation, type PersonLookup, type Share } from '../../../shared/schema/api'
import { ApiError, describeError } from '../../api/client'
import {
  createBoardInvite,
  listBoardInvites,
  listOrganisations,
  listShares,
  lookupPerson,
  putShare,
  removeShare,
  revokeBoardInvite,
} from '../../api/auth'
import { OrgBadge } from '../../ui/OrgBadge'
import { CopyButton } from '../../ui/CopyButton'
import '../orgs/orgs.css'
import './sharing.css'

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' })

interface Props {
  boardId: string
  boardTitle: string
  myRole: BoardRole | null
  selfId: string
  onClose(): void
}

export function ShareDialog({ boardId, boardTitle, myRole, selfId, onClose }: Props) {
  const titleId = useId()
  const canShare = canGrant(myRole, 'viewer')
  const grantable = BOARD_ROLES.filter((r) => canGrant(myRole, r)).reverse()
  const [shares, setShares] = useState<Share[] | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    const controller = new AbortController()
    listShares(boardId, controller.signal).then(setShares, (err: unknown) => {
      if (!controller.signal.aborted) setError(describeError(err))
    })
    return () => controller.abort()
  }, [boardId])

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose()
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [onClose])

  const apply = (promise: Promise<Share[]>) => {
    setError(null)
    promise.then(setShares, (err: unknown) => setError(describeError(err)))
  }

  return (
    <div className="modal-backdrop" role="presentation" onPointerDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="modal share-modal" role="dialog" aria-modal="true" aria-labelledby={titleId} data-testid="share-dialog">
        <div className="share-header">
          <h2 id={titleId}>{canShare ? 'Share' : 'Who has access'} “{boardTitle}”</h2>
          <button type="button" className="icon-button" onClick={onClose} aria-label="Close" autoFocus>×</button>
        </div>
        {!canShare && <p className="muted">Only the board's facilitators and owner can change who has access.</p>}

        {canShare && <AddAccess grantable={grantable} existing={shares ?? []} onAdd={(body) => apply(putShare(boardId, body))} />}

        <section aria-label="People and organisations with access" className="share-section">
          <h3 className="share-subtitle">People and organisations with access</h3>
          {shares === null && !error && <p className="muted" role="status">Loading…</p>}
          {shares && (
            <ul className="share-list" data-testid="share-list">
              {shares.map((share) => (
                <ShareRow
                  key={`${share.principalType}:${share.principalId}`}
                  share={share}
                  isSelf={share.principalType === 'user' && share.principalId === selfId}
                  canEdit={canShare && (share.role !== 'owner' || myRole === 'owner') && share.role !== 'owner'}
                  grantable={grantable}
                  onRole={(role) => apply(putShare(boardId, { principalType: share.principalType, principalId: share.principalId, role }))}
                  onRemove={() => apply(removeShare(boardId, share.principalType, share.principalId))}
                />
              ))}
            </ul>
          )}
        </section>
        {error && <p className="notice notice-error share-error" role="alert">{error}</p>}

        {canShare && <InviteLinks boardId={boardId} grantable={grantable.filter((r) => r !== 'owner')} />}
      </div>
    </div>
  )
}

function RoleSelect({ value, roles, onChange, label }: { value: BoardRole; roles: readonly BoardRole[]; onChange(role: BoardRole): void; label: string }) {
  return (
    <select className="select-input select-small" aria-label={label} value={value} onChange={(e) => onChange(e.target.value as BoardRole)}>
      {roles.map((r) => <option key={r} value={r} title={ROLE_DESCRIPTIONS[r]}>{ROLE_LABELS[r]}</option>)}
    </select>
  )
}

function ShareRow({ share, isSelf, canEdit, grantable, onRole, onRemove }: {
  share: Share
  isSelf: boolean
  canEdit: boolean
  grantable: readonly BoardRole[]
  onRole(role: BoardRole): void
  onRemove(): void
}) {
  const [isConfirming, setIsConfirming] = useState(false)
  const roles = grantable.includes(share.role) ? grantable : [share.role, ...grantable]
  return (
    <li className="share-row" data-principal={share.name}>
      <span className={share.principalType === 'org' ? 'share-icon share-icon-org' : 'share-icon'} style={{ backgroundColor: share.colour }} aria-hidden="true">
        {share.principalType === 'org' ? '▦' : share.name.trim()[0]?.toUpperCase()}
      </span>
      <div className="share-who">
        <span className="share-name">{share.name}{isSelf && <span className="muted"> (you)</span>}</span>
        <span className="share-sub">
          {share.principalType === 'org' ? <span className="muted">Everyone in this organisation</span> : <OrgBadge shortName={share.orgShortName} colour={share.colour} />}
        </span>
      </div>
      {isConfirming ? (
        <span className="confirm share-confirm" role="alertdialog" aria-label={`Remove ${share.name}?`}>
          Remove access?
          <button type="button" className="button button-danger button-small" onClick={onRemove}>Remove</button>
          <button type="button" className="button button-secondary button-small" onClick={() => setIsConfirming(false)} autoFocus>Keep</button>
        </span>
      ) : canEdit ? (
        <span className="share-actions">
          <RoleSelect label={`Role of ${share.name}`} value={share.role} roles={roles} onChange={onRole} />
          <button type="button" className="button button-danger-quiet button-small" onClick={() => setIsConfirming(true)} aria-label={`Remove ${share.name}`}>Remove</button>
        </span>
      ) : (
        <span className="role-pill" title={ROLE_DESCRIPTIONS[share.role]}>{ROLE_LABELS[share.role]}</span>
      )}
    </li>
  )
}

type AddBody = { principalType: 'user' | 'org'; principalId: string; role: BoardRole }

function AddAccess({ grantable, existing, onAdd }: { grantable: readonly BoardRole[]; existing: Share[]; onAdd(body: AddBody): void }) {
  const [kind, setKind] = useState<'user' | 'org'>('user')
  const [email, setEmail] = useState('')
  const [found, setFound] = useState<PersonLookup | null>(null)
  const [orgs, setOrgs] = useState<Organisation[] | null>(null)
  const [orgId, setOrgId] = useState('')
  const defaultRole: BoardRole = grantable.includes('editor') ? 'editor' : (grantable[grantable.length - 1] ?? 'viewer')
  const [role, setRole] = useState<BoardRole>(defaultRole)
  const [error, setError] = useState<string | null>(null)
  const [isBusy, setIsBusy] = useState(false)
  const emailId = useId()

  useEffect(() => {
    if (kind === 'org' && orgs === null) listOrganisations().then(setOrgs, (err: unknown) => setError(describeError(err)))
  }, [kind, orgs])

  const find = async (event: FormEvent) => {
    event.preventDefault()
    if (email.trim() === '') return
    setIsBusy(true)
    setError(null)
    setFound(null)
    try {
      setFound(await lookupPerson(email.trim()))
    } catch (err) {
      setError(err instanceof ApiError && err.status === 404 ? 'Nobody on Pooled uses that email address. Send them an invite link instead.' : describeError(err))
    } finally {
      setIsBusy(false)
    }
  }

  const add = () => {
    const principalId = kind === 'user' ? found?.id : orgId
    if (!principalId) return
    onAdd({ principalType: kind, principalId, role })
    setFound(null)
    setEmail('')
    setOrgId('')
  }

  const isShared = (type: 'user' | 'org', id: string) => existing.some((s) => s.principalType === type && s.principalId === id)

  return (
    <section className="share-section share-add" aria-label="Add people or an organisation">
      <div className="segmented" role="tablist" aria-label="Add">
        <button type="button" role="tab" aria-selected={kind === 'user'} className={kind === 'user' ? 'is-active' : ''} onClick={() => setKind('user')}>A person</button>
        <button type="button" role="tab" aria-selected={kind === 'org'} className={kind === 'org' ? 'is-active' : ''} onClick={() => setKind('org')}>An organisation</button>
      </div>
      {kind === 'user' ? (
        <form className="inline-form" onSubmit={find}>
          <label htmlFor={emailId} className="visually-hidden">Email address</label>
          <input id={emailId} className="text-input" type="email" placeholder="Their exact work email" value={email} onChange={(e) => { setEmail(e.target.value); setFound(null) }} />
          <button type="submit" className="button button-secondary" disabled={isBusy || email.trim() === ''}>{isBusy ? 'Finding…' : 'Find'}</button>
        </form>
      ) : (
        <select className="select-input share-org-select" aria-label="Organisation" value={orgId} onChange={(e) => setOrgId(e.target.value)}>
          <option value="">Choose an organisation…</option>
          {(orgs ?? []).map((o) => <option key={o.id} value={o.id} disabled={isShared('org', o.id)}>{o.name} ({o.shortName})</option>)}
        </select>
      )}
      {((kind === 'user' && found) || (kind === 'org' && orgId)) && (
        <div className="share-candidate">
          {kind === 'user' && found ? (
            <span className="share-who">
              <span className="share-name">{found.name}</span>
              <OrgBadge shortName={found.orgShortName} colour={found.colour} title={found.orgName} />
            </span>
          ) : (
            <span className="share-name">Everyone in {orgs?.find((o) => o.id === orgId)?.name}</span>
          )}
          <RoleSelect label="Role" value={role} roles={grantable} onChange={setRole} />
          <button type="button" className="button button-primary button-small" onClick={add}>
            Add
          </button>
        </div>
      )}
      <p className="muted share-role-hint">{ROLE_LABELS[role]}: {ROLE_DESCRIPTIONS[role]}.</p>
      {error && <p className="field-error" role="alert">{error}</p>}
    </section>
  )
}

function InviteLinks({ boardId, grantable }: { boardId: string; grantable: readonly BoardRole[] }) {
  const [invites, setInvites] = useState<Invite[] | null>(null)
  const [role, setRole] = useState<BoardRole>(grantable.includes('editor') ? 'editor' : (grantable[grantable.length - 1] ?? 'viewer'))
  const [days, setDays] = useState(14)
  const [created, setCreated] = useState<Invite | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [isBusy, setIsBusy] = useState(false)

  const reload = useCallback(() => {
    listBoardInvites(boardId).then(setInvites, (err: unknown) => setError(describeError(err)))
  }, [boardId])
  useEffect(reload, [reload])

  const create = async (event: FormEvent) => {
    event.preventDefault()
    setIsBusy(true)
    setError(null)
    try {
      setCreated(await createBoardInvite(boardId, { role: role as Exclude<BoardRole, 'owner'>, expiresInDays: days }))
      reload()
    } catch (err) {
      setError(describeError(err))
    } finally {
      setIsBusy(false)
    }
  }
  const active = (invites ?? []).filter((i) => !i.revokedAt && Date.parse(i.expiresAt) > Date.now())

  return (
    <section className="share-section share-invites" aria-label="Invite links">
      <h3 className="share-subtitle">Invite link</h3>
      <p className="muted share-role-hint">Anyone with the link can join with this role, including people new to Pooled (they create an account first).</p>
      <form className="inline-form share-invite-form" onSubmit={create}>
        <label className="compact-field">
          <span>Role</span>
          <RoleSelect label="Invite role" value={role} roles={grantable} onChange={setRole} />
        </label>
        <label className="compact-field">
          <span>Expires after</span>
          <select className="select-input select-small" aria-label="Expires after" value={days} onChange={(e) => setDays(Number(e.target.value))}>
            {[1, 7, 14, 30, INVITE_MAX_DAYS].map((d) => <option key={d} value={d}>{d} {d === 1 ? 'day' : 'days'}</option>)}
          </select>
        </label>
        <button type="submit" className="button button-primary button-small" disabled={isBusy}>{isBusy ? 'Creating…' : 'Create link'}</button>
      </form>
      {created?.url && (
        <div className="link-box" role="status">
          <input className="text-input" readOnly value={created.url} aria-label="New invite link" data-testid="invite-url" onFocus={(e) => e.target.select()} />
          <CopyButton text={created.url} />
        </div>
      )}
      {error && <p className="field-error" role="alert">{error}</p>}
      {active.length > 0 && (
        <ul className="share-list share-invite-list" aria-label="Active invite links">
          {active.map((invite) => (
            <li key={invite.id} className="share-row">
              <div className="share-who">
                <span className="share-name">{ROLE_LABELS[invite.role]} link</span>
                <span className="muted share-sub">
                  by {invite.createdByName} · expires {dateFormat.format(new Date(invite.expiresAt))} · used {invite.uses} {invite.uses === 1 ? 'time' : 'times'}
                </span>
              </div>
              <button
                type="button"
                className="button button-danger-quiet button-small"
                onClick={() => revokeBoardInvite(boardId, invite.id).then(() => { if (created?.id === invite.id) setCreated(null); reload() }, (err: unknown) => setError(describeError(err)))}
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
