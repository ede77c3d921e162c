// Starting an audit: the project, branch, priority, analyzers, exclusions and limits of the scan.
import { useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateTaskBody, ProjectResponse, TaskResponse } from '@xcr/contracts/api/index';
import { useApi } from '../../api/session.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { Button } from '../ui/button.tsx';
import { Dialog } from '../ui/dialog.tsx';
import { CheckboxField, SelectField, TextAreaField, TextField } from '../ui/field.tsx';
import { ErrorMessage } from '../ui/misc.tsx';

/** Exclusion presets offered with one click. */
export const excludePresets = ['node_modules/**', 'dist/**', 'build/**', 'vendor/**', '**/*.min.js', '**/test/**'];

/** The dialog; `project` preselects the project. */
export function CreateTaskDialog({ isOpen, project, onClose, onCreated }: { isOpen: boolean; project?: ProjectResponse | null; onClose: () => void; onCreated: (task: TaskResponse) => void }) {
  const { t } = useI18n();
  const api = useApi();
  const queryClient = useQueryClient();
  const projects = useQuery({ queryKey: ['projects', 'all-active'], queryFn: () => api.projects.list({ page_size: 100 }), enabled: isOpen && !project });
  const [projectId, setProjectId] = useState('');
  const [name, setName] = useState('');
  const [branch, setBranch] = useState('');
  const [priority, setPriority] = useState<'low' | 'normal' | 'high' | 'urgent'>('normal');
  const [useRules, setUseRules] = useState(true);
  const [useLlm, setUseLlm] = useState(false);
  const [exclude, setExclude] = useState('');
  const [includeTests, setIncludeTests] = useState(true);
  const [maxFiles, setMaxFiles] = useState('5000');
  const [depth, setDepth] = useState<'basic' | 'standard' | 'deep'>('standard');
  const [outputLanguage, setOutputLanguage] = useState<'en-US' | 'zh-CN'>('en-US');
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setBusy] = useState(false);
  const chosenId = project?.id ?? projectId;
  const chosen = project ?? projects.data?.items.find((p) => p.id === projectId);
  const isGit = chosen ? chosen.source_type !== 'zip' : false;

  function addPreset(glob: string): void {
    const lines = exclude.split('\n').map((l) => l.trim()).filter(Boolean);
    if (!lines.includes(glob)) setExclude([...lines, glob].join('\n'));
  }

  async function onSubmit(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (!chosenId || (!useRules && !useLlm)) return;
    const analyzers: Array<'rules' | 'llm'> = [...(useRules ? ['rules' as const] : []), ...(useLlm ? ['llm' as const] : [])];
    const body: Partial<CreateTaskBody> & { project_id: string } = {
      project_id: chosenId,
      name: name.trim() || undefined,
      priority,
      branch: isGit && branch.trim() ? branch.trim() : undefined,
      scan_config: {
        exclude: exclude.split('\n').map((l) => l.trim()).filter(Boolean),
        include: [],
        include_tests: includeTests,
        max_files: Math.max(1, Number.parseInt(maxFiles, 10) || 5000),
        max_file_size_kb: 1024,
        analysis_depth: depth,
        analyzers,
        output_language: outputLanguage,
      },
    };
    setBusy(true);
    setError(null);
    try {
      const task = await api.tasks.create(body);
      await queryClient.invalidateQueries({ queryKey: ['tasks'] });
      onCreated(task);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog
      isOpen={isOpen}
      onClose={onClose}
      title={t('tasks.create')}
      description={chosen ? chosen.name : undefined}
      size="lg"
      closeLabel={t('common.close')}
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" form="create-task-form" variant="primary" isBusy={isBusy} disabled={!chosenId || (!useRules && !useLlm)}>
            {t('tasks.start')}
          </Button>
        </>
      }
    >
      <form id="create-task-form" onSubmit={(e) => void onSubmit(e)} className="flex flex-col gap-4" noValidate>
        {!project && (
          <SelectField label={t('tasks.project')} value={projectId} onChange={(e) => setProjectId(e.target.value)} required>
            <option value="">{t('tasks.chooseProject')}</option>
            {projects.data?.items.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </SelectField>
        )}
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField label={t('tasks.name')} value={name} onChange={(e) => setName(e.target.value)} hint={t('tasks.nameHint')} />
          <SelectField label={t('tasks.priority')} value={priority} onChange={(e) => setPriority(e.target.value as typeof priority)}>
            {(['low', 'normal', 'high', 'urgent'] as const).map((p) => (
              <option key={p} value={p}>
                {t(`priority.${p}`)}
              </option>
            ))}
          </SelectField>
          {isGit && <TextField label={t('projects.branch')} value={branch} placeholder={chosen?.branch} onChange={(e) => setBranch(e.target.value)} />}
          <SelectField label={t('tasks.depth')} value={depth} onChange={(e) => setDepth(e.target.value as typeof depth)}>
            {(['basic', 'standard', 'deep'] as const).map((d) => (
              <option key={d} value={d}>
                {t(`depth.${d}`)}
              </option>
            ))}
          </SelectField>
          <SelectField label={t('tasks.outputLanguage')} value={outputLanguage} onChange={(e) => setOutputLanguage(e.target.value as typeof outputLanguage)}>
            <option value="en-US">English</option>
            <option value="zh-CN">简体中文</option>
          </SelectField>
          <TextField label={t('tasks.maxFiles')} type="number" min={1} max={100000} value={maxFiles} onChange={(e) => setMaxFiles(e.target.value)} />
        </div>
        <fieldset className="flex flex-col gap-2">
          <legend className="mb-1 text-sm font-medium">{t('tasks.analyzers')}</legend>
          <CheckboxField label={t('tasks.analyzer.rules')} checked={useRules} onChange={(e) => setUseRules(e.target.checked)} />
          <CheckboxField label={t('tasks.analyzer.llm')} hint={t('tasks.analyzer.llmHint')} checked={useLlm} onChange={(e) => setUseLlm(e.target.checked)} />
          <CheckboxField label={t('tasks.includeTests')} checked={includeTests} onChange={(e) => setIncludeTests(e.target.checked)} />
        </fieldset>
        <div className="flex flex-col gap-2">
          <TextAreaField label={t('tasks.exclude')} rows={3} value={exclude} onChange={(e) => setExclude(e.target.value)} hint={t('tasks.excludeHint')} className="font-mono" />
          <div className="flex flex-wrap gap-1.5" role="group" aria-label={t('tasks.excludePresets')}>
            {excludePresets.map((glob) => (
              <Button key={glob} size="sm" onClick={() => addPreset(glob)}>
                + <span className="font-mono">{glob}</span>
              </Button>
            ))}
          </div>
        </div>
        <ErrorMessage error={error} />
      </form>
    </Dialog>
  );
}
