// Editing a project: name, description, branch, repository URL and token, active or archived.
import { useEffect, useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { UpdateProjectBody, type ProjectResponse } from '@xcr/contracts/api/index';
import { useApi } from '../../api/session.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { Button } from '../ui/button.tsx';
import { Dialog } from '../ui/dialog.tsx';
import { CheckboxField, SelectField, TextAreaField, TextField } from '../ui/field.tsx';
import { ErrorMessage } from '../ui/misc.tsx';
import { fieldErrors } from './create-project-dialog.tsx';

/** The project settings form, used in a dialog and on the project's settings tab. */
export function ProjectSettingsForm({ project, onSaved, formId, onBusy }: { project: ProjectResponse; onSaved: (p: ProjectResponse) => void; formId: string; onBusy?: (isBusy: boolean) => void }) {
  const { t } = useI18n();
  const api = useApi();
  const queryClient = useQueryClient();
  const isGit = project.source_type !== 'zip' && project.source_type !== 'local';
  const [name, setName] = useState(project.name);
  const [description, setDescription] = useState(project.description ?? '');
  const [branch, setBranch] = useState(project.branch);
  const [status, setStatus] = useState<'active' | 'archived'>(project.status === 'archived' ? 'archived' : 'active');
  const [url, setUrl] = useState(project.source_url ?? '');
  const [token, setToken] = useState('');
  const [isTokenRemoved, setTokenRemoved] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    setName(project.name);
    setDescription(project.description ?? '');
    setBranch(project.branch);
    setStatus(project.status === 'archived' ? 'archived' : 'active');
    setUrl(project.source_url ?? '');
  }, [project]);

  async function onSubmit(event: FormEvent): Promise<void> {
    event.preventDefault();
    const body: UpdateProjectBody = { name, description: description || null, branch, status };
    if (isGit && url && url !== project.source_url) body.source_url = url;
    if (isGit && token) body.git_token = token;
    else if (isGit && isTokenRemoved) body.git_token = null;
    const checked = UpdateProjectBody.safeParse(body);
    const found = fieldErrors(checked);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    onBusy?.(true);
    setError(null);
    try {
      const saved = await api.projects.update(project.id, body);
      queryClient.setQueryData(['project', project.id], saved);
      await queryClient.invalidateQueries({ queryKey: ['projects'] });
      setToken('');
      onSaved(saved);
    } catch (caught) {
      setError(caught);
    } finally {
      onBusy?.(false);
    }
  }

  return (
    <form id={formId} onSubmit={(e) => void onSubmit(e)} className="flex flex-col gap-4" noValidate>
      <TextField label={t('projects.name')} required value={name} onChange={(e) => setName(e.target.value)} error={errors.name} />
      <TextAreaField label={t('projects.description')} rows={2} value={description} onChange={(e) => setDescription(e.target.value)} error={errors.description} />
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField label={t('projects.branch')} value={branch} onChange={(e) => setBranch(e.target.value)} error={errors.branch} />
        <SelectField label={t('projects.status')} value={status} onChange={(e) => setStatus(e.target.value as 'active' | 'archived')}>
          <option value="active">{t('projects.status.active')}</option>
          <option value="archived">{t('projects.status.archived')}</option>
        </SelectField>
      </div>
      {isGit && (
        <>
          <TextField label={t('projects.repoUrl')} type="url" value={url} onChange={(e) => setUrl(e.target.value)} error={errors.source_url} />
          <TextField label={t('projects.gitToken')} type="password" autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} hint={project.has_git_token ? t('projects.gitTokenStored') : t('projects.gitTokenHint')} />
          {project.has_git_token && <CheckboxField label={t('projects.removeToken')} checked={isTokenRemoved} onChange={(e) => setTokenRemoved(e.target.checked)} />}
        </>
      )}
      <ErrorMessage error={error} />
    </form>
  );
}

/** The edit dialog. */
export function EditProjectDialog({ project, onClose }: { project: ProjectResponse | null; onClose: () => void }) {
  const { t } = useI18n();
  const [isBusy, setBusy] = useState(false);
  return (
    <Dialog
      isOpen={project !== null}
      onClose={onClose}
      title={t('projects.edit')}
      size="lg"
      closeLabel={t('common.close')}
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" form="edit-project-form" variant="primary" isBusy={isBusy}>
            {t('common.save')}
          </Button>
        </>
      }
    >
      {project && <ProjectSettingsForm project={project} formId="edit-project-form" onSaved={onClose} onBusy={setBusy} />}
    </Dialog>
  );
}
