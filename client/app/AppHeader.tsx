/** The product header on non-canvas pages: brand mark linking home. */
import type { ReactNode } from 'react'
import { AccountMenu } from '../features/auth/AccountMenu'
import { Link } from './Link'

export function BrandMark() {
  return (
    <Link href="/" className="brand" aria-label="Pooled: all boards">
      <svg width="26" height="26" viewBox="0 0 32 32" aria-hidden="true">
        <rect width="32" height="32" rx="7" fill="#1d4e89" />
        <circle cx="12" cy="16" r="6" fill="#fff" opacity="0.92" />
        <circle cx="20" cy="16" r="6" fill="#fff" opacity="0.6" />
      </svg>
      <span>Pooled</span>
    </Link>
  )
}

export function AppHeader({ children }: { children?: ReactNode }) {
  return (
    <header className="app-header">
      <BrandMark />
      <div className="app-header-end">
        {children}
        <AccountMenu />
      </div>
    </header>
  )
}
