// Administration: LLM providers, users and roles, feature flags, system status, the audit log.
import { PageHeader } from '../../components/layout.tsx';
import { Tabs } from '../../components/ui/tabs.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { useTitle } from '../../lib/use-title.ts';
import { navigate } from '../../router/router.tsx';
import { AuditLogPanel } from './audit-log.tsx';
import { FlagsPanel } from './flags.tsx';
import { ProvidersPanel } from './providers.tsx';
import { SystemPanel } from './system.tsx';
import { UsersPanel } from './users.tsx';

const tabs = ['providers', 'users', 'flags', 'system', 'audit-log'] as const;
type AdminTab = (typeof tabs)[number];

/** The admin page; the tab is part of the path (`/admin/users`). */
export function AdminPage({ params }: { params: Record<string, string> }) {
  const { t } = useI18n();
  useTitle(t('nav.admin'));
  const tab: AdminTab = (tabs as readonly string[]).includes(params.tab ?? '') ? (params.tab as AdminTab) : 'providers';
  return (
    <div>
      <PageHeader title={t('nav.admin')} description={t('admin.subtitle')} />
      <Tabs
        label={t('nav.admin')}
        active={tab}
        onChange={(key) => navigate(`/admin/${key}`, { replace: true })}
        items={[
          { key: 'providers', label: t('admin.providers') },
          { key: 'users', label: t('admin.users') },
          { key: 'flags', label: t('admin.flags') },
          { key: 'system', label: t('admin.system') },
          { key: 'audit-log', label: t('admin.auditLog') },
        ]}
      >
        {tab === 'providers' && <ProvidersPanel />}
        {tab === 'users' && <UsersPanel />}
        {tab === 'flags' && <FlagsPanel />}
        {tab === 'system' && <SystemPanel />}
        {tab === 'audit-log' && <AuditLogPanel />}
      </Tabs>
    </div>
  );
}
