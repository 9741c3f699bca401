/** A calm full-page message (not found, errors) with a way back to the boards list. */
import type { ReactNode } from 'react'
import { AppHeader } from './AppHeader'
import { Link } from './Link'

interface Props {
  title: string
  children?: ReactNode
  actions?: ReactNode
  testId?: string
}

export function MessagePage({ title, children, actions, testId }: Props) {
  return (
    <div className="page">
      <AppHeader />
      <main className="content content-narrow">
        <div className="card message-card" data-testid={testId}>
          <h1>{title}</h1>
          {children}
          <div className="message-actions">
            {actions}
            <Link href="/" className="button button-secondary">Back to boards</Link>
          </div>
        </div>
      </main>
    </div>
  )
}
