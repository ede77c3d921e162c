// Creating a project from a Git URL or from a ZIP archive; the archive uploads with a progress bar. Fields are
// checked with the API's own schema before anything is sent.
import { useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { CreateProjectBody, type ProjectResponse } from '@xcr/contracts/api/index';
import { useApi } from '../../api/session.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { Button } from '../ui/button.tsx';
import { Dialog } from '../ui/dialog.tsx';
import { SelectField, TextAreaField, TextField } from '../ui/field.tsx';
import { ErrorMessage, formatBytes } from '../ui/misc.tsx';
import { Tabs } from '../ui/tabs.tsx';

type Source = 'git' | 'zip';
type GitKind = 'github' | 'gitlab' | 'git';

/** Field errors of a body by its first path segment. */
export function fieldErrors(result: { success: boolean; error?: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> } }): Record<string, string> {
  const errors: Record<string, string> = {};
  if (result.success || !result.error) return errors;
  for (const issue of result.error.issues) {
    const key = String(issue.path[0] ?? '_');
    errors[key] ??= issue.message;
  }
  return errors;
}

/** The dialog; `onCreated` receives the project once it (and its archive) is stored. */
export function CreateProjectDialog({ isOpen, onClose, onCreated }: { isOpen: boolean; onClose: () => void; onCreated: (project: ProjectResponse) => void }) {
  const { t } = useI18n();
  const api = useApi();
  const queryClient = useQueryClient();
  const [source, setSource] = useState<Source>('git');
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [gitKind, setGitKind] = useState<GitKind>('github');
  const [url, setUrl] = useState('');
  const [branch, setBranch] = useState('main');
  const [token, setToken] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [uploadFraction, setUploadFraction] = useState<number | null>(null);
  const [created, setCreated] = useState<ProjectResponse | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setBusy] = useState(false);

  function reset(): void {
    setName('');
    setDescription('');
    setUrl('');
    setBranch('main');
    setToken('');
    setFile(null);
    setUploadFraction(null);
    setCreated(null);
    setErrors({});
    setError(null);
  }

  function close(): void {
    if (isBusy) return;
    reset();
    onClose();
  }

  async function onSubmit(event: FormEvent): Promise<void> {
    event.preventDefault();
    const body =
      source === 'git'
        ? { name, description: description || undefined, source_type: gitKind, source_url: url, branch: branch || 'main', git_token: token || undefined }
        : { name, description: description || undefined, source_type: 'zip' as const };
    const checked = CreateProjectBody.safeParse(body);
    const found = fieldErrors(checked);
    if (source === 'git' && !url.trim()) found.source_url = t('projects.urlRequired');
    if (source === 'zip' && !file) found.file = t('projects.fileRequired');
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    setError(null);
    try {
      const project = created ?? (await api.projects.create(body));
      setCreated(project);
      let result = project;
      if (source === 'zip' && file) {
        setUploadFraction(0);
        result = (await api.projects.upload(project.id, file, setUploadFraction)).project;
      }
      await queryClient.invalidateQueries({ queryKey: ['projects'] });
      reset();
      onCreated(result);
    } catch (caught) {
      setError(caught);
      setUploadFraction(null);
    } finally {
      setBusy(false);
    }
  }

  const percent = uploadFraction === null ? null : Math.round(uploadFraction * 100);
  return (
    <Dialog
      isOpen={isOpen}
      onClose={close}
      title={t('projects.create')}
      size="lg"
      closeLabel={t('common.close')}
      footer={
        <>
          <Button onClick={close} disabled={isBusy}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" form="create-project-form" variant="primary" isBusy={isBusy}>
            {created && source === 'zip' ? t('projects.retryUpload') : t('projects.createSubmit')}
          </Button>
        </>
      }
    >
      <form id="create-project-form" onSubmit={(e) => void onSubmit(e)} className="flex flex-col gap-4" noValidate>
        <Tabs
          label={t('projects.source')}
          active={source}
          onChange={(key) => !created && setSource(key)}
          items={[
            { key: 'git', label: t('projects.fromGit') },
            { key: 'zip', label: t('projects.fromZip') },
          ]}
        >
          <div className="flex flex-col gap-4">
            <TextField label={t('projects.name')} required value={name} onChange={(e) => setName(e.target.value)} error={errors.name} disabled={created !== null} />
            <TextAreaField label={t('projects.description')} rows={2} value={description} onChange={(e) => setDescription(e.target.value)} error={errors.description} disabled={created !== null} />
            {source === 'git' ? (
              <>
                <div className="grid gap-4 sm:grid-cols-[10rem_1fr]">
                  <SelectField label={t('projects.repoType')} value={gitKind} onChange={(e) => setGitKind(e.target.value as GitKind)}>
                    <option value="github">GitHub</option>
                    <option value="gitlab">GitLab</option>
                    <option value="git">{t('projects.otherGit')}</option>
                  </SelectField>
                  <TextField label={t('projects.repoUrl')} type="url" required placeholder="https://github.com/owner/repo" value={url} onChange={(e) => setUrl(e.target.value)} error={errors.source_url} />
                </div>
                <div className="grid gap-4 sm:grid-cols-2">
                  <TextField label={t('projects.branch')} value={branch} onChange={(e) => setBranch(e.target.value)} error={errors.branch} />
                  <TextField label={t('projects.gitToken')} type="password" autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} hint={t('projects.gitTokenHint')} error={errors.git_token} />
                </div>
              </>
            ) : (
              <div className="flex flex-col gap-2">
                <TextField
                  label={t('projects.zipFile')}
                  type="file"
                  accept=".zip,application/zip"
                  onChange={(e) => setFile(e.target.files?.[0] ?? null)}
                  hint={file ? `${file.name} · ${formatBytes(file.size)}` : t('projects.zipHint')}
                  error={errors.file}
                  disabled={isBusy}
                />
                {percent !== null && (
                  <div className="flex items-center gap-3 text-sm">
                    <div role="progressbar" aria-label={t('projects.uploading')} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} className="h-2 flex-1 overflow-hidden rounded-full bg-sunken">
                      <div className="h-full bg-accent transition-[width]" style={{ width: `${percent}%` }} />
                    </div>
                    <span className="tabular-nums">{percent < 100 ? `${percent}%` : t('projects.checkingArchive')}</span>
                  </div>
                )}
              </div>
            )}
          </div>
        </Tabs>
        <ErrorMessage error={error} />
      </form>
    </Dialog>
  );
}
