/** Root component: picks the page for the current path and catches render errors. */
import { Component, type ReactNode } from 'react'
import { BoardPage } from '../features/boards/BoardPage'
import { HomePage } from '../features/boards/HomePage'
import { InvitePage } from '../features/auth/InvitePage'
import { RequireSession } from '../features/auth/RequireSession'
import { SignInPage } from '../features/auth/SignInPage'
import { SignUpPage } from '../features/auth/SignUpPage'
import { OrgPage } from '../features/orgs/OrgPage'
import { SpendDataPage } from '../features/spend/SpendDataPage'
import { ContractsPage } from '../features/contracts/ContractsPage'
import { CollaborationPage } from '../features/contracts/CollaborationPage'
import { ForwardPlanPage } from '../features/contracts/ForwardPlanPage'
import { ReportPage } from '../features/planning/ReportPage'
import { LibraryPage } from '../features/knowledge/LibraryPage'
import { MethodPage } from '../features/knowledge/MethodPage'
import { MessagePage } from './MessagePage'
import { parseRoute, usePathname } from './router'

export function App() {
  const route = parseRoute(usePathname())
  switch (route.name) {
    case 'home':
      return <RequireSession><HomePage /></RequireSession>
    case 'board':
      // key: a different board is a fresh session (new doc, provider and store).
      // BoardPage gates itself on the session, so that the board starts loading while the session is being checked.
      return <BoardPage key={route.boardId} boardId={route.boardId} />
    case 'report':
      return <RequireSession><ReportPage key={route.boardId} boardId={route.boardId} /></RequireSession>
    case 'signin':
      return <SignInPage />
    case 'signup':
      return <SignUpPage />
    case 'invite':
      return <InvitePage key={route.token} token={route.token} />
    case 'org':
      return <RequireSession><OrgPage /></RequireSession>
    case 'org-spend':
      return <RequireSession><SpendDataPage /></RequireSession>
    case 'org-contracts':
      return <RequireSession><ContractsPage /></RequireSession>
    case 'collaboration':
      return <RequireSession><CollaborationPage /></RequireSession>
    case 'forward-plan':
      return <RequireSession><ForwardPlanPage /></RequireSession>
    case 'library':
      return <RequireSession><LibraryPage /></RequireSession>
    case 'method':
      return <RequireSession><MethodPage key={route.slug} slug={route.slug} /></RequireSession>
    case 'not-found':
      return (
        <MessagePage title="Page not found">
          <p>There is nothing at this address.</p>
        </MessagePage>
      )
  }
}

interface BoundaryState {
  error: Error | null
}

/** Last line of defence: show a calm message instead of a blank page, and report the error once. */
export class ErrorBoundary extends Component<{ children: ReactNode }, BoundaryState> {
  override state: BoundaryState = { error: null }

  static getDerivedStateFromError(error: Error): BoundaryState {
    return { error }
  }

  override componentDidCatch(error: Error): void {
    console.error('Pooled: unexpected error', error)
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children
    return (
      <MessagePage
        title="Something went wrong"
        actions={<button type="button" className="button button-primary" onClick={() => location.reload()}>Reload</button>}
      >
        <p>Pooled hit an unexpected problem. Reloading the page usually fixes it; every change the board showed as shared is saved on the server.</p>
      </MessagePage>
    )
  }
}
