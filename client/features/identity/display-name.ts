/**
 * Display name until accounts exist: asked once, kept in localStorage, and mirrored into tldraw's user preferences
 * (name and a colour derived from the name) so cursors and the people menu show it.
 */
import { getUserPreferences, setUserPreferences } from '@tldraw/tldraw'

const STORAGE_KEY = 'pooled.displayName'
export const DISPLAY_NAME_MAX_CHARS = 60

/** Calm, distinguishable colours that read well as cursor and label backgrounds with white text. */
const PARTICIPANT_COLOURS = ['#1d4e89', '#b5432b', '#2f7d4f', '#7a4fa3', '#a86b00', '#0f7c8c', '#c2367a', '#4a5a6a'] as const

export function loadDisplayName(): string | null {
  try {
    const stored = localStorage.getItem(STORAGE_KEY)
    return stored && stored.trim() !== '' ? stored.trim() : null
  } catch {
    // reason: storage can be disabled (privacy mode); we simply ask again
    return null
  }
}

export function saveDisplayName(name: string): void {
  const trimmed = name.trim().slice(0, DISPLAY_NAME_MAX_CHARS)
  try {
    localStorage.setItem(STORAGE_KEY, trimmed)
  } catch {
    // reason: storage can be disabled; the name still applies to this page
  }
  applyDisplayName(trimmed)
}

/** A stable colour for a name, so the same person keeps the same colour across sessions and devices. */
export function colourForName(name: string): string {
  let hash = 0
  for (const char of name.toLowerCase()) hash = (hash * 31 + char.codePointAt(0)!) >>> 0
  return PARTICIPANT_COLOURS[hash % PARTICIPANT_COLOURS.length] ?? PARTICIPANT_COLOURS[0]
}

export function applyDisplayName(name: string): void {
  const prefs = getUserPreferences()
  const color = colourForName(name)
  if (prefs.name === name && prefs.color === color) return
  setUserPreferences({ ...prefs, name, color })
}
