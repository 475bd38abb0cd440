import type { Request, Response } from 'express';
import { isMember } from '../store/members';
import { deleteProject } from '../store/projects';

export async function removeProject(req: Request, res: Response): Promise<void> {
  if (!isMember(req.params.id, req.user.id)) {
    res.status(403).json({ error: 'not a member' });
    return;
  }
  await deleteProject(req.params.id);
  res.status(204).end();
}
