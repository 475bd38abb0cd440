import { db } from './db';

export async function isMember(projectId: string, userId: string): Promise<boolean> {
  const row = await db.oneOrNone('SELECT 1 FROM members WHERE project_id = $1 AND user_id = $2', [projectId, userId]);
  return row !== null;
}
