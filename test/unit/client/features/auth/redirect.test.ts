import { describe, expect, it } from 'vitest'
import { nextFromSearch, safeNextPath, signInHref } from '../../../../../client/features/auth/redirect'
import { fieldErrorsFromDetails } from '../../../../../client/ui/field-errors'

describe('safeNextPath', () => {
  it.each([
    ['/', '/'],
    ['/b/abcDEF_-123', '/b/abcDEF_-123'],
    ['/invite/tok123', '/invite/tok123'],
    ['/org', '/org'],
    ['/b/abc?x=1', '/b/abc?x=1'],
  ])('keeps the in-app page %s', (raw, expected) => expect(safeNextPath(raw)).toBe(expected))

  it.each([null, '', 'https://evil.example/', '//evil.example/b/x', '/\\evil.example', 'javascript:alert(1)', '/api/boards', '/b/x/../../api', '/b/x\n'])(
    'refuses %j',
    (raw) => expect(safeNextPath(raw)).toBe('/'),
  )
})

describe('signInHref and nextFromSearch', () => {
  it('round-trips the target through the query string', () => {
    const href = signInHref('/b/abc')
    expect(href).toBe('/signin?next=%2Fb%2Fabc')
    expect(nextFromSearch(href.slice(href.indexOf('?')))).toBe('/b/abc')
  })
  it('needs no parameter for the home page and carries extras', () => {
    expect(signInHref('/')).toBe('/signin')
    expect(signInHref('/', 'signup', { invite: 't1' })).toBe('/signup?invite=t1')
  })
})

describe('fieldErrorsFromDetails', () => {
  it('maps the envelope details to the first message per field', () => {
    expect(
      fieldErrorsFromDetails([
        { path: 'organisation.shortName', message: 'short name must be at most 12 characters' },
        { path: 'organisation.shortName', message: 'second' },
        { path: 'email', message: 'must be an email address' },
        'junk',
      ]),
    ).toEqual({ 'organisation.shortName': 'Short name must be at most 12 characters', email: 'Must be an email address' })
    expect(fieldErrorsFromDetails(undefined)).toEqual({})
  })
})
