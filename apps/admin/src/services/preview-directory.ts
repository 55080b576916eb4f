import { mirroredUsersOf, observationOf, type Db } from '@entra-sync/db';
import type { DirectoryObservation, MappingRule } from '@entra-sync/domain';
import { getGroupIdsForUsers, groupMembers, type DirectoryUser, type GraphClient } from '@entra-sync/graph';
import { describeFailure, safeFailure } from './graph-access';

export interface PreviewDirectory {
  observations: DirectoryObservation[];
  /** users the mirror did not know, read from Graph because a proposed rule names their group */
  fromGraph: number;
  warnings: string[];
}

/**
 * The users a sync with these rules would look at (S8): everyone the mirror knows for the connection, plus the
 * members of the proposed rules' groups that the mirror has never seen (a new rule's group), read from Graph.
 * When Graph cannot be read, the preview still covers the mirror and says so.
 */
export async function previewDirectory(
  db: Db,
  client: GraphClient | null,
  connectionId: string,
  rules: readonly MappingRule[],
  at: Date,
): Promise<PreviewDirectory> {
  const mirrored = await mirroredUsersOf(db, connectionId);
  const observations = mirrored.map((user) => observationOf(user, at));
  const known = new Set(mirrored.map((u) => u.objectId));
  const warnings: string[] = [];
  if (!client) return { observations, fromGraph: 0, warnings };

  const unseen = new Map<string, DirectoryUser>();
  const groups = new Map(rules.map((r) => [`${r.groupId}\n${r.transitive}`, r]));
  for (const rule of groups.values()) {
    try {
      for await (const page of groupMembers(
        client,
        rule.groupId,
        rule.transitive ? 'transitive' : 'direct',
      )) {
        for (const member of page.items) if (!known.has(member.id)) unseen.set(member.id, member);
      }
    } catch (err) {
      warnings.push(
        `members of group ${rule.groupId} could not be read from Graph: ${describeFailure(safeFailure(err))}`,
      );
    }
  }
  if (unseen.size === 0) return { observations, fromGraph: 0, warnings };
  try {
    const ids = [...unseen.keys()];
    const direct = await getGroupIdsForUsers(client, ids, 'direct');
    const transitive = await getGroupIdsForUsers(client, ids, 'transitive');
    for (const [id, member] of unseen) {
      const directIds = direct.get(id);
      if (!directIds) continue;
      observations.push({
        state: 'present',
        objectId: id,
        observedAt: at,
        user: member.user,
        directGroupIds: directIds,
        transitiveGroupIds: [...new Set([...directIds, ...(transitive.get(id) ?? [])])],
      });
    }
  } catch (err) {
    warnings.push(
      `group memberships of ${unseen.size} new users could not be read from Graph: ${describeFailure(safeFailure(err))}`,
    );
  }
  observations.sort((a, b) => (a.objectId < b.objectId ? -1 : a.objectId > b.objectId ? 1 : 0));
  return { observations, fromGraph: observations.length - mirrored.length, warnings };
}
