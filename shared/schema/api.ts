/**
 * The REST contract between client and server: request and response bodies plus the one error envelope.
 * Both sides parse with these schemas; types come from z.infer.
 */
import { z } from 'zod'
import { BOARD_ROLES } from '../access/roles'

/** Board ids: 22 characters of base64url, i.e. 132 random bits. Validated before anything reaches storage. */
export const BOARD_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/
export const BoardIdSchema = z.string().regex(BOARD_ID_PATTERN, 'board id must be 22 URL-safe characters')

export const BOARD_TITLE_MAX_CHARS = 200
export const BoardTitleSchema = z
  .string()
  .trim()
  .min(1, 'title must not be empty')
  .max(BOARD_TITLE_MAX_CHARS, `title must be at most ${BOARD_TITLE_MAX_CHARS} characters`)

export const BoardRoleSchema = z.enum(BOARD_ROLES)

export const BoardSchema = z.object({
  id: BoardIdSchema,
  title: z.string(),
  /** ISO 8601 timestamp (UTC). */
  createdAt: z.string(),
  /** ISO 8601 timestamp (UTC). */
  updatedAt: z.string(),
  /** The caller's role on this board (every board route needs a signed-in caller). */
  myRole: BoardRoleSchema,
  ownerId: z.string().nullable().optional(),
})
export type Board = z.infer<typeof BoardSchema>

export const CreateBoardBodySchema = z.object({ title: BoardTitleSchema }).strict()
export type CreateBoardBody = z.infer<typeof CreateBoardBodySchema>

export const UpdateBoardBodySchema = z.object({ title: BoardTitleSchema }).strict()
export type UpdateBoardBody = z.infer<typeof UpdateBoardBodySchema>

export const BoardListSchema = z.object({ boards: z.array(BoardSchema) })
export type BoardList = z.infer<typeof BoardListSchema>

export const HealthSchema = z.object({ status: z.enum(['ok', 'unavailable']) })

/** Closed set of error codes the API returns. */
export const ErrorCode = {
  BadRequest: 'bad_request',
  ValidationFailed: 'validation_failed',
  NotFound: 'not_found',
  Unauthorized: 'unauthorized',
  Forbidden: 'forbidden',
  Conflict: 'conflict',
  PayloadTooLarge: 'payload_too_large',
  /** A file of a kind Pooled does not read (a PDF, an Excel 97–2003 workbook). */
  UnsupportedFile: 'unsupported_file',
  /** A file of a known kind that cannot be used: not spend, a truncated or bomb workbook, too many sheets. */
  UnreadableFile: 'unreadable_file',
  TooManyRequests: 'too_many_requests',
  Unavailable: 'unavailable',
  Internal: 'internal',
} as const
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode]

export const ErrorEnvelopeSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
    requestId: z.string().optional(),
  }),
})
export type ErrorEnvelope = z.infer<typeof ErrorEnvelopeSchema>

/** One located problem in an envelope's `details`, as validation failures send them (`organisation.shortName`). */
export const ErrorIssueSchema = z.object({ path: z.string(), message: z.string() })
export type ErrorIssue = z.infer<typeof ErrorIssueSchema>
export const ErrorIssueListSchema = z.array(ErrorIssueSchema)

/** The answer of calls that only acknowledge. */
export const OkResponseSchema = z.object({ ok: z.boolean() })

// ---------------------------------------------------------------------------------------------------------------
// Accounts, organisations, sharing

export const EmailSchema = z.string().trim().toLowerCase().max(254).regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'must be an email address')
export const PASSWORD_MIN_CHARS = 10
export const PasswordSchema = z
  .string()
  .min(PASSWORD_MIN_CHARS, `password must be at least ${PASSWORD_MIN_CHARS} characters`)
  .max(200, 'password must be at most 200 characters')
export const PersonNameSchema = z.string().trim().min(1, 'name must not be empty').max(100)
export const OrgColourSchema = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'colour must look like #1f77b4')

export const NewOrganisationSchema = z
  .object({
    name: z.string().trim().min(2, 'organisation name must be at least 2 characters').max(120),
    shortName: z.string().trim().min(1).max(12, 'short name must be at most 12 characters'),
    colour: OrgColourSchema,
  })
  .strict()
export type NewOrganisation = z.infer<typeof NewOrganisationSchema>

export const OrganisationSchema = z.object({
  id: z.string(),
  name: z.string(),
  shortName: z.string(),
  colour: z.string(),
  createdAt: z.string(),
})
export type Organisation = z.infer<typeof OrganisationSchema>

export const OrgRoleSchema = z.enum(['member', 'admin'])
export type OrgRole = z.infer<typeof OrgRoleSchema>

export const UserSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  orgId: z.string(),
  orgRole: OrgRoleSchema,
  isAdmin: z.boolean(),
  createdAt: z.string(),
})
export type User = z.infer<typeof UserSchema>

export const SignupBodySchema = z
  .object({
    name: PersonNameSchema,
    email: EmailSchema,
    password: PasswordSchema,
    /** Create a new organisation… */
    organisation: NewOrganisationSchema.optional(),
    /** …or join one through its administrator's invite link. */
    orgInviteToken: z.string().min(10).max(100).optional(),
    /** A board invite being accepted as part of sign-up. */
    boardInviteToken: z.string().min(10).max(100).optional(),
  })
  .strict()
export type SignupBody = z.infer<typeof SignupBodySchema>

export const LoginBodySchema = z.object({ email: EmailSchema, password: z.string().min(1).max(200) }).strict()
export type LoginBody = z.input<typeof LoginBodySchema>

export const SessionResponseSchema = z.object({ token: z.string(), user: UserSchema, organisation: OrganisationSchema })
export type SessionResponse = z.infer<typeof SessionResponseSchema>

export const MeResponseSchema = z.object({ user: UserSchema, organisation: OrganisationSchema })
export type MeResponse = z.infer<typeof MeResponseSchema>

export const OrganisationListSchema = z.object({ organisations: z.array(OrganisationSchema) })
export type OrganisationList = z.infer<typeof OrganisationListSchema>

export const MemberSchema = z.object({ id: z.string(), name: z.string(), email: z.string(), orgRole: OrgRoleSchema, createdAt: z.string() })
export type Member = z.infer<typeof MemberSchema>
export const OrganisationDetailSchema = z.object({
  organisation: OrganisationSchema,
  members: z.array(MemberSchema),
  /** May the caller administer this organisation (rename, members, invites)? */
  canManage: z.boolean(),
})
export type OrganisationDetail = z.infer<typeof OrganisationDetailSchema>

export const UpdateOrganisationBodySchema = NewOrganisationSchema.partial().strict()
export type UpdateOrganisationBody = z.input<typeof UpdateOrganisationBodySchema>
export const UpdateMemberBodySchema = z.object({ orgRole: OrgRoleSchema }).strict()
export type UpdateMemberBody = z.input<typeof UpdateMemberBodySchema>

export const PrincipalTypeSchema = z.enum(['user', 'org'])
export const ShareSchema = z.object({
  principalType: PrincipalTypeSchema,
  principalId: z.string(),
  /** Display name of the person or organisation. */
  name: z.string(),
  /** For a person: their organisation's short name; for an organisation: its short name. */
  orgShortName: z.string(),
  colour: z.string(),
  role: BoardRoleSchema,
})
export type Share = z.infer<typeof ShareSchema>
export const ShareListSchema = z.object({ shares: z.array(ShareSchema) })
export const PutShareBodySchema = z.object({ principalType: PrincipalTypeSchema, principalId: z.string().min(1).max(64), role: BoardRoleSchema }).strict()
export type PutShareBody = z.input<typeof PutShareBodySchema>

export const INVITE_MAX_DAYS = 90
export const CreateInviteBodySchema = z
  .object({ role: BoardRoleSchema.exclude(['owner']), expiresInDays: z.number().int().min(1).max(INVITE_MAX_DAYS).default(14) })
  .strict()
export type CreateInviteBody = z.input<typeof CreateInviteBodySchema>
export const InviteSchema = z.object({
  id: z.string(),
  role: BoardRoleSchema,
  expiresAt: z.string(),
  createdAt: z.string(),
  createdByName: z.string(),
  revokedAt: z.string().nullable(),
  uses: z.number().int(),
  /** Only returned once, when the invite is created. */
  url: z.string().optional(),
  token: z.string().optional(),
})
export type Invite = z.infer<typeof InviteSchema>
export const InviteListSchema = z.object({ invites: z.array(InviteSchema) })
export const InvitePreviewSchema = z.object({
  kind: z.enum(['board', 'org']),
  title: z.string(),
  role: z.string(),
  invitedBy: z.string(),
  expiresAt: z.string(),
  isValid: z.boolean(),
  reason: z.string().optional(),
})
export type InvitePreview = z.infer<typeof InvitePreviewSchema>

/** Organisation invites share the board invite's shape, but their role is an organisation role. */
export const CreateOrgInviteBodySchema = z
  .object({ role: OrgRoleSchema.default('member'), expiresInDays: CreateInviteBodySchema.shape.expiresInDays })
  .strict()
export type CreateOrgInviteBody = z.input<typeof CreateOrgInviteBodySchema>
export const OrgInviteSchema = InviteSchema.extend({ role: OrgRoleSchema })
export type OrgInvite = z.infer<typeof OrgInviteSchema>
export const OrgInviteListSchema = z.object({ invites: z.array(OrgInviteSchema) })

/** What accepting an invite link joined: a board, or an organisation. */
export const AcceptInviteResultSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('board'), boardId: z.string() }),
  z.object({ kind: z.literal('org'), orgId: z.string() }),
])
export type AcceptInviteResult = z.infer<typeof AcceptInviteResultSchema>

/** `GET /api/users/lookup?email=`: the person to share a board with, and their organisation. */
export const PersonLookupSchema = z.object({
  id: z.string(),
  name: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  orgShortName: z.string(),
  colour: z.string(),
})
export type PersonLookup = z.infer<typeof PersonLookupSchema>

export const SignupModeSchema = z.enum(['open', 'invite-only'])
export const SettingsSchema = z.object({ signupMode: SignupModeSchema })
export type Settings = z.infer<typeof SettingsSchema>
export const UpdateSettingsBodySchema = SettingsSchema.strict()
export type UpdateSettingsBody = z.input<typeof UpdateSettingsBodySchema>
export const PublicSettingsSchema = z.object({ signupMode: SignupModeSchema, hasUsers: z.boolean() })
export type PublicSettings = z.infer<typeof PublicSettingsSchema>
