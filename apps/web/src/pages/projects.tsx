// Projects: search, create from a Git URL or a ZIP archive, edit, start an audit, move to the recycle bin.
import { useState } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ProjectResponse } from '@xcr/contracts/api/index';
import { useApi } from '../api/session.tsx';
import { PageHeader } from '../components/layout.tsx';
import { CreateProjectDialog } from '../components/projects/create-project-dialog.tsx';
import { CreateTaskDialog } from '../components/projects/create-task-dialog.tsx';
import { EditProjectDialog } from '../components/projects/edit-project-dialog.tsx';
import { Button } from '../components/ui/button.tsx';
import { ConfirmDialog } from '../components/ui/confirm.tsx';
import { TextField } from '../components/ui/field.tsx';
import { Badge, EmptyState, ErrorMessage, Pagination, Spinner } from '../components/ui/misc.tsx';
import { useToast } from '../components/ui/toast.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { useDebounced } from '../lib/use-debounced.ts';
import { useTitle } from '../lib/use-title.ts';
import { Link, navigate } from '../router/router.tsx';

const pageSize = 12;

function ProjectCard({ project, onAudit, onEdit, onDelete }: { project: ProjectResponse; onAudit: () => void; onEdit: () => void; onDelete: () => void }) {
  const { t, formatDateTime, formatNumber } = useI18n();
  const languages = Object.entries(project.languages)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3);
  const canWrite = project.role !== 'viewer';
  return (
    <li className="flex flex-col gap-3 rounded-lg border border-line bg-panel p-4">
      <div className="flex items-start justify-between gap-2">
        <h2 className="text-base font-semibold">
          <Link to={`/projects/${project.id}`} className="text-accent hover:underline">
            {project.name}
          </Link>
        </h2>
        <div className="flex gap-1">
          <Badge tone={project.status === 'active' ? 'green' : 'slate'}>{t(`projects.status.${project.status}`)}</Badge>
          <Badge tone="blue">{t(`source.${project.source_type}`)}</Badge>
        </div>
      </div>
      {project.description && <p className="line-clamp-2 text-sm text-muted">{project.description}</p>}
      <dl className="grid grid-cols-2 gap-1 text-xs text-muted">
        <dt className="sr-only">{t('projects.files')}</dt>
        <dd>{t('projects.filesLines', { files: formatNumber(project.total_files), lines: formatNumber(project.total_lines) })}</dd>
        <dt className="sr-only">{t('projects.lastScan')}</dt>
        <dd className="text-right">{project.last_scanned_at ? formatDateTime(project.last_scanned_at) : t('projects.neverScanned')}</dd>
      </dl>
      {languages.length > 0 && (
        <div className="flex flex-wrap gap-1">
          {languages.map(([language, files]) => (
            <Badge key={language}>
              {language} · {files}
            </Badge>
          ))}
        </div>
      )}
      <div className="mt-auto flex flex-wrap gap-2">
        {canWrite && (
          <Button size="sm" variant="primary" onClick={onAudit} aria-label={t('projects.auditOf', { name: project.name })}>
            {t('projects.audit')}
          </Button>
        )}
        {canWrite && (
          <Button size="sm" onClick={onEdit} aria-label={t('projects.editOf', { name: project.name })}>
            {t('common.edit')}
          </Button>
        )}
        {(project.role === 'owner' || project.role === 'admin') && (
          <Button size="sm" variant="ghost" onClick={onDelete} aria-label={t('projects.deleteOf', { name: project.name })}>
            {t('common.delete')}
          </Button>
        )}
      </div>
    </li>
  );
}

/** The projects page. */
export function ProjectsPage() {
  const { t } = useI18n();
  const api = useApi();
  const toast = useToast();
  const queryClient = useQueryClient();
  useTitle(t('nav.projects'));
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const [isCreating, setCreating] = useState(false);
  const [editing, setEditing] = useState<ProjectResponse | null>(null);
  const [auditing, setAuditing] = useState<ProjectResponse | null>(null);
  const [deleting, setDeleting] = useState<ProjectResponse | null>(null);
  const settled = useDebounced(search.trim());
  const list = useQuery({
    queryKey: ['projects', 'list', settled, page],
    queryFn: () => api.projects.list({ page, page_size: pageSize, search: settled || undefined }),
    placeholderData: keepPreviousData,
  });
  const remove = useMutation({
    mutationFn: (project: ProjectResponse) => api.projects.remove(project.id),
    onSuccess: async (_r, project) => {
      setDeleting(null);
      toast(t('projects.deleted', { name: project.name }));
      await queryClient.invalidateQueries({ queryKey: ['projects'] });
      await queryClient.invalidateQueries({ queryKey: ['recycle-bin'] });
    },
    onError: (error) => toast(String((error as Error).message), 'error'),
  });

  return (
    <div>
      <PageHeader
        title={t('nav.projects')}
        description={t('projects.subtitle')}
        actions={
          <Button variant="primary" onClick={() => setCreating(true)}>
            {t('projects.create')}
          </Button>
        }
      />
      <div className="mb-4 max-w-sm">
        <TextField
          label={t('projects.search')}
          isLabelHidden
          type="search"
          placeholder={t('projects.search')}
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
            setPage(1);
          }}
        />
      </div>
      <ErrorMessage error={list.error} onRetry={() => void list.refetch()} />
      {list.isPending ? (
        <Spinner />
      ) : list.data && list.data.items.length > 0 ? (
        <>
          <ul className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3" aria-label={t('nav.projects')}>
            {list.data.items.map((project) => (
              <ProjectCard key={project.id} project={project} onAudit={() => setAuditing(project)} onEdit={() => setEditing(project)} onDelete={() => setDeleting(project)} />
            ))}
          </ul>
          <Pagination page={page} pageSize={pageSize} total={list.data.total} onPage={setPage} />
        </>
      ) : (
        <EmptyState title={settled ? t('projects.noMatch') : t('projects.empty')}>
          {!settled && (
            <Button variant="primary" onClick={() => setCreating(true)}>
              {t('projects.create')}
            </Button>
          )}
        </EmptyState>
      )}

      <CreateProjectDialog
        isOpen={isCreating}
        onClose={() => setCreating(false)}
        onCreated={(project) => {
          setCreating(false);
          toast(t('projects.created', { name: project.name }));
          navigate(`/projects/${project.id}`);
        }}
      />
      <EditProjectDialog project={editing} onClose={() => setEditing(null)} />
      <CreateTaskDialog isOpen={auditing !== null} project={auditing} onClose={() => setAuditing(null)} onCreated={(task) => navigate(`/tasks/${task.id}`)} />
      <ConfirmDialog
        isOpen={deleting !== null}
        title={t('projects.deleteTitle')}
        confirmLabel={t('projects.moveToBin')}
        isDanger
        isBusy={remove.isPending}
        onCancel={() => setDeleting(null)}
        onConfirm={() => deleting && remove.mutate(deleting)}
      >
        {t('projects.deleteBody', { name: deleting?.name ?? '' })}
      </ConfirmDialog>
    </div>
  );
}
