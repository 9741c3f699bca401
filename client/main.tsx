/** Browser entry: global styles, tldraw styles, and the app inside an error boundary. */
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import '@tldraw/tldraw/tldraw.css'
import './styles.css'
import { App, ErrorBoundary } from './app/App'
import { markLoad } from './app/load-timing'

markLoad('app-start')

const root = document.getElementById('root')
if (!root) throw new Error('index.html must contain #root')

createRoot(root).render(
  <StrictMode>
    <ErrorBoundary>
      <App />
    </ErrorBoundary>
  </StrictMode>,
)
