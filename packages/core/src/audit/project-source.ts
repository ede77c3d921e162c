/** Facts about where a project's code is kept, shared by the API (which stores them) and the audit (which reads them). */
import { ProjectUpload } from '@xcr/contracts/api/projects';
import type { ProjectRecord } from '../ports/repositories.ts';

/** The secret-box context of project Git tokens: a token sealed for a project opens for nothing else. */
export const gitTokenContext = 'project.git_token';

/** The facts of the archive last uploaded to a project (kept in its settings under `upload`), or null. */
export function uploadOf(project: Pick<ProjectRecord, 'settings'>): ProjectUpload | null {
  const parsed = ProjectUpload.safeParse(project.settings.upload);
  return parsed.success ? parsed.data : null;
}
