// The discussion of a finding: comments oldest first, a form to add one, authors may delete theirs.
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSession } from '../../api/session.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { Button } from '../ui/button.tsx';
import { TextAreaField } from '../ui/field.tsx';
import { ErrorMessage } from '../ui/misc.tsx';

/** The comments of one finding. */
export function Comments({ issueId, canWrite }: { issueId: string; canWrite: boolean }) {
  const { t, formatDateTime } = useI18n();
  const { api, user } = useSession();
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const comments = useQuery({ queryKey: ['comments', issueId], queryFn: () => api.issues.comments(issueId) });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['comments', issueId] });
  const add = useMutation({
    mutationFn: () => api.issues.addComment(issueId, { content: text.trim() }),
    onSuccess: async () => {
      setText('');
      await refresh();
    },
  });
  const remove = useMutation({ mutationFn: (commentId: string) => api.issues.removeComment(issueId, commentId), onSuccess: refresh });

  function onSubmit(event: FormEvent): void {
    event.preventDefault();
    if (text.trim()) add.mutate();
  }

  return (
    <section className="flex flex-col gap-3 border-t border-line pt-4">
      <h4 className="text-sm font-semibold">{t('comments.title', { count: comments.data?.total ?? 0 })}</h4>
      <ErrorMessage error={comments.error ?? remove.error} />
      <ul className="flex flex-col gap-2">
        {(comments.data?.items ?? []).map((c) => (
          <li key={c.id} className="rounded-md border border-line p-3 text-sm">
            <div className="mb-1 flex items-center justify-between gap-2 text-xs text-muted">
              <span>
                <span className="font-medium text-fg">{c.author_username ?? t('comments.deletedUser')}</span> · {formatDateTime(c.created_at)}
              </span>
              {(c.author_id === user?.id || user?.role === 'admin') && (
                <Button size="sm" variant="ghost" onClick={() => remove.mutate(c.id)} aria-label={t('comments.delete')}>
                  {t('common.delete')}
                </Button>
              )}
            </div>
            <p className="whitespace-pre-wrap">{c.content}</p>
          </li>
        ))}
      </ul>
      {canWrite && (
        <form onSubmit={onSubmit} className="flex flex-col gap-2">
          <TextAreaField label={t('comments.add')} rows={2} value={text} onChange={(e) => setText(e.target.value)} maxLength={10_000} />
          <ErrorMessage error={add.error} />
          <div>
            <Button type="submit" size="sm" isBusy={add.isPending} disabled={!text.trim()}>
              {t('comments.submit')}
            </Button>
          </div>
        </form>
      )}
    </section>
  );
}
