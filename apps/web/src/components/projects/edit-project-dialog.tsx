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

/** Schedules offered with one click (cron, UTC). */
export const schedulePresets = [
  { cron: '0 3 * * *', label: 'schedule.daily' },
  { cron: '0 3 * * 1', label: 'schedule.weekly' },
  { cron: '0 3 1 * *', label: 'schedule.monthly' },
] as const;

/** Five cron fields of digits, `*`, ranges, steps and lists: a first check before the server's own. */
export function looksLikeCron(text: string): boolean {
  const fields = text.trim().split(/\s+/);
  return fields.length === 5 && fields.every((f) => /^(\*|\d+(-\d+)?)(\/\d+)?(,(\*|\d+(-\d+)?)(\/\d+)?)*$/.test(f));
}

/** A project as the API shows it once it carries an audit schedule (`schedule_cron`, UTC; null for none). */
type ScheduledProject = ProjectResponse & { schedule_cron?: string | null };

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
  // The schedule is offered once the API reports one for projects (it reads `schedule_cron`).
  const isScheduleSupported = 'schedule_cron' in project;
  const [schedule, setSchedule] = useState((project as ScheduledProject).schedule_cron ?? '');

  useEffect(() => {
    setName(project.name);
    setDescription(project.description ?? '');
    setBranch(project.branch);
    setStatus(project.status === 'archived' ? 'archived' : 'active');
    setUrl(project.source_url ?? '');
    setSchedule((project as ScheduledProject).schedule_cron ?? '');
  }, [project]);

  async function onSubmit(event: FormEvent): Promise<void> {
    event.preventDefault();
    const body: UpdateProjectBody = { name, description: description || null, branch, status };
    if (isGit && url && url !== project.source_url) body.source_url = url;
    if (isGit && token) body.git_token = token;
    else if (isGit && isTokenRemoved) body.git_token = null;
    const checked = UpdateProjectBody.safeParse(body);
    const found = fieldErrors(checked);
    if (isScheduleSupported && schedule.trim() && !looksLikeCron(schedule)) found.schedule_cron = t('schedule.invalid');
    setErrors(found);
    setError(found._ ? new Error(found._) : null);
    if (Object.keys(found).length > 0) return;
    // Added after the check: the contracts in this build may predate the field the server reported.
    if (isScheduleSupported) Object.assign(body, { schedule_cron: schedule.trim() || null });
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
      {isScheduleSupported && (
        <fieldset className="flex flex-col gap-2">
          <legend className="mb-1 text-sm font-medium">{t('schedule.title')}</legend>
          <div className="flex flex-wrap gap-1.5" role="group" aria-label={t('schedule.presets')}>
            {schedulePresets.map((preset) => (
              <Button key={preset.cron} size="sm" aria-pressed={schedule.trim() === preset.cron} onClick={() => setSchedule(preset.cron)}>
                {t(preset.label)}
              </Button>
            ))}
            <Button size="sm" aria-pressed={schedule.trim() === ''} onClick={() => setSchedule('')}>
              {t('schedule.none')}
            </Button>
          </div>
          <TextField label={t('schedule.cron')} value={schedule} onChange={(e) => setSchedule(e.target.value)} placeholder="0 3 * * 1" hint={t('schedule.hint')} error={errors.schedule_cron} className="font-mono" />
        </fieldset>
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
