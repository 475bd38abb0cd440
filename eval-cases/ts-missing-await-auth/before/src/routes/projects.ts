import type { Request, Response } from 'express';
import { deleteProject } from '../store/projects';

export async function removeProject(req: Request, res: Response): Promise<void> {
  await deleteProject(req.params.id);
  res.status(204).end();
}
