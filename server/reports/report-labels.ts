/** Report helpers that need the board's organisations. The value labels themselves are in shared/domain/labels.ts. */
import type { OrgInfo } from '../../shared/doc/planning-view'

/** An organisation's short name, or its id when unknown. */
export function orgShortName(orgs: readonly OrgInfo[], orgId: string): string {
  return orgs.find((o) => o.id === orgId)?.shortName ?? orgId
}
