/**
 * A line diff (longest common subsequence) for showing what changed between two versions of a text.
 * Pure; O(n·m) in lines, bounded by `maxCells` so a pathological pair falls back to "replace everything".
 */

export type DiffLine = { kind: 'same' | 'added' | 'removed'; text: string }

export function diffLines(before: string, after: string, maxCells = 4_000_000): DiffLine[] {
  const a = before === '' ? [] : before.split('\n')
  const b = after === '' ? [] : after.split('\n')
  // Trim the common head and tail first: most edits touch a few lines.
  let head = 0
  while (head < a.length && head < b.length && a[head] === b[head]) head++
  let tail = 0
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++
  const midA = a.slice(head, a.length - tail)
  const midB = b.slice(head, b.length - tail)
  const out: DiffLine[] = a.slice(0, head).map((text) => ({ kind: 'same', text }))
  if (midA.length * midB.length > maxCells) {
    for (const text of midA) out.push({ kind: 'removed', text })
    for (const text of midB) out.push({ kind: 'added', text })
  } else {
    const n = midA.length
    const m = midB.length
    const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1))
    for (let i = n - 1; i >= 0; i--) {
      const row = lcs[i] as Uint32Array
      const next = lcs[i + 1] as Uint32Array
      for (let j = m - 1; j >= 0; j--) {
        row[j] = midA[i] === midB[j] ? (next[j + 1] as number) + 1 : Math.max(next[j] as number, row[j + 1] as number)
      }
    }
    let i = 0
    let j = 0
    while (i < n && j < m) {
      if (midA[i] === midB[j]) {
        out.push({ kind: 'same', text: midA[i] as string })
        i++
        j++
      } else if ((lcs[i + 1] as Uint32Array)[j]! >= (lcs[i] as Uint32Array)[j + 1]!) {
        out.push({ kind: 'removed', text: midA[i] as string })
        i++
      } else {
        out.push({ kind: 'added', text: midB[j] as string })
        j++
      }
    }
    while (i < n) out.push({ kind: 'removed', text: midA[i++] as string })
    while (j < m) out.push({ kind: 'added', text: midB[j++] as string })
  }
  for (const text of a.slice(a.length - tail)) out.push({ kind: 'same', text })
  return out
}
