/**
 * What the canvas shows while tldraw gets ready (the board syncing, then its fonts loading): a plain line of text
 * instead of tldraw's spinner. An endless animation keeps the compositor drawing 60 frames a second for the whole of
 * that time; where the browser composites in software (no GPU, as on many virtual desktops and thin clients) that
 * took close to half a CPU core away from opening the board itself.
 */
export function BoardLoadingScreen() {
  return (
    <div className="tl-loading" role="status" aria-busy="true" data-testid="board-canvas-loading">
      Opening board…
    </div>
  )
}
