// What a learned-motif card shows beyond the stored record: THE display name (shared/motif-name.ts),
// the trust verdict (./trust.ts), the group of filters that learned the same motif (./groups.ts)
// and the identity read from the library (./identity.ts). Used by the motifs.* handlers.
import type Database from 'better-sqlite3';
import { listMotifs, type ProjectMotifRecord } from './project-store';
import { trustVerdict, type TrustVerdict } from './trust';
import { motifGroups, type MotifGroupInfo } from './groups';
import { getIdentity, type StoredIdentity } from './identity';
import { motifDisplayName } from '../../shared/motif-name';

export interface MotifCardInfo {
  displayName: string;
  trust: TrustVerdict;
  group: MotifGroupInfo;
  identity: StoredIdentity | null;
}

export function withCardInfo(db: Database.Database, recs: ProjectMotifRecord[]): (ProjectMotifRecord & MotifCardInfo)[] {
  const groups = new Map<number, MotifGroupInfo>();
  const runs = new Set(recs.map((m) => m.runId).filter((r): r is number => r !== null));
  for (const runId of runs) for (const [id, g] of motifGroups(listMotifs(db, { runId }))) groups.set(id, g);
  return recs.map((m) => ({
    ...m,
    displayName: motifDisplayName({ userName: m.userName, defaultName: m.defaultName, filterIndex: m.filterIndex, id: m.id }),
    trust: trustVerdict(m),
    group: groups.get(m.id) ?? { repId: m.id, members: [] },
    identity: getIdentity(db, m.id),
  }));
}
