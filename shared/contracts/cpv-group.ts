/**
 * @module cpv-group
 * CPV groups: the first three digits of a CPV code (`905` for every code `905xxxxx`), the level at which the
 * collaboration finder and the forward plan compare contracts of different bodies. Labels come from the CPV 2008
 * table (`shared/taxonomy/cpv.json`), passed in by the caller so this module stays pure and small.
 */
import type { CpvMap } from '../taxonomy/search.ts'

/** Group of contracts that publish no usable CPV code. */
export const NO_CPV_GROUP = ''
/** Label for `NO_CPV_GROUP`. */
export const NO_CPV_GROUP_LABEL = 'No CPV code published'

/**
 * The three-digit CPV group of a code, or null when the code does not start with three digits.
 * @example cpvGroupOf('90511000') // '905'
 */
export function cpvGroupOf(code: string): string | null {
  const m = /^\s*(\d{3})/.exec(code)
  return m === null ? null : (m[1] ?? null)
}

/** Distinct CPV groups of a contract's codes, in the order published (main code first). */
export function cpvGroupsOf(codes: readonly string[]): string[] {
  const groups: string[] = []
  for (const code of codes) {
    const g = cpvGroupOf(code)
    if (g !== null && !groups.includes(g)) groups.push(g)
  }
  return groups
}

/** The main CPV group (of the first usable code), or `NO_CPV_GROUP`. */
export function mainCpvGroup(codes: readonly string[]): string {
  return cpvGroupsOf(codes)[0] ?? NO_CPV_GROUP
}

/**
 * The label of a CPV group: the CPV 2008 label of its `XXX00000` code ("Refuse and waste related services" for
 * `905`), falling back to "CPV group 905" for a group the table lacks.
 */
export function cpvGroupLabel(group: string, labels: CpvMap): string {
  if (group === NO_CPV_GROUP) return NO_CPV_GROUP_LABEL
  return labels[group.padEnd(8, '0')] ?? `CPV group ${group}`
}
