/** The calm centred card used by the sign-in, sign-up and invite pages. */
import type { ReactNode } from 'react'
import { BrandMark } from '../../app/AppHeader'
import './auth.css'

interface Props {
  title: string
  lead?: ReactNode
  children: ReactNode
  footer?: ReactNode
  testId?: string
}

export function AuthLayout({ title, lead, children, footer, testId }: Props) {
  return (
    <div className="auth-page">
      <div className="auth-brand"><BrandMark /></div>
      <main className="auth-card card" data-testid={testId}>
        <h1>{title}</h1>
        {lead && <div className="auth-lead">{lead}</div>}
        {children}
      </main>
      {footer && <p className="auth-footer">{footer}</p>}
    </div>
  )
}
