// The typed API: one function per endpoint, its path, body and answer typed by the shared contracts.
import type {
  AddMemberBody,
  AuditLogEntryResponse,
  BulkUpdateIssuesBody,
  BulkUpdateIssuesResponse,
  ChangePasswordBody,
  CreateFeatureFlagBody,
  CreateIssueCommentBody,
  CreateLlmProviderBody,
  CreateProjectBody,
  CreateReportBody,
  CreateTaskBody,
  CreateUserBody,
  DatabaseStatusResponse,
  EvaluatedFlagsResponse,
  FeatureFlagListResponse,
  FeatureFlagResponse,
  ImportResponse,
  InstantAnalysisBody,
  InstantAnalysisRecordResponse,
  InstantAnalysisResponse,
  IssueCommentList,
  IssueCommentResponse,
  IssueResponse,
  IssueStatisticsResponse,
  JobListResponse,
  LlmMonitoringResponse,
  LlmProviderPresetList,
  LlmProviderResponse,
  LlmProviderTestResponse,
  LoginBody,
  MemberResponse,
  MigrationBatchResponse,
  ProjectResponse,
  ProjectStatistics,
  QuarantineEntryResponse,
  QueuesResponse,
  RedisStatusResponse,
  ReportResponse,
  RollbackResponse,
  StatisticsOverview,
  StatisticsQuality,
  StatisticsTrends,
  TaskResponse,
  TaskResultsResponse,
  TokenResponse,
  UpdateFeatureFlagBody,
  UpdateLlmProviderBody,
  UpdateProjectBody,
  UpdateUserBody,
  UploadResponse,
  UserResponse,
  ValidationReportResponse,
  WorkersResponse,
} from '@xcr/contracts/api/index';
import type { HttpClient, QueryValues } from './http.ts';

/** One page of a list. */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  page_size: number;
}

/** Input bodies as callers write them: fields with server defaults may be left out. */
type Input<T> = Partial<T>;

/** Builds the typed API over an HTTP client. */
export function createApi(http: HttpClient) {
  const get = <T>(path: string, query?: QueryValues) => http.request<T>('GET', path, { query });
  const post = <T>(path: string, json?: unknown, query?: QueryValues) => http.request<T>('POST', path, { json, query });
  const put = <T>(path: string, json?: unknown) => http.request<T>('PUT', path, { json });
  const del = (path: string) => http.request<void>('DELETE', path);
  const id = encodeURIComponent;

  return {
    auth: {
      login: (body: LoginBody) => http.request<TokenResponse>('POST', '/auth/login', { json: body, isAnonymous: true }),
      logout: (refreshToken?: string) => post<void>('/auth/logout', refreshToken ? { refresh_token: refreshToken } : {}),
      me: () => get<UserResponse>('/auth/me'),
      changePassword: (body: ChangePasswordBody) => post<UserResponse>('/auth/change-password', body),
    },
    flags: {
      evaluate: () => get<EvaluatedFlagsResponse>('/flags'),
      list: () => get<FeatureFlagListResponse>('/admin/flags'),
      create: (body: Input<CreateFeatureFlagBody> & { key: string }) => post<FeatureFlagResponse>('/admin/flags', body),
      update: (key: string, body: UpdateFeatureFlagBody) => put<FeatureFlagResponse>(`/admin/flags/${id(key)}`, body),
      remove: (key: string) => del(`/admin/flags/${id(key)}`),
    },
    statistics: {
      overview: () => get<StatisticsOverview>('/statistics/overview'),
      trends: (days: number, projectId?: string) => get<StatisticsTrends>('/statistics/trends', { days, project_id: projectId }),
      quality: (projectId?: string) => get<StatisticsQuality>('/statistics/quality', { project_id: projectId }),
      project: (projectId: string) => get<ProjectStatistics>(`/statistics/projects/${id(projectId)}`),
    },
    projects: {
      list: (query: { page?: number; page_size?: number; search?: string; status?: string }) => get<Page<ProjectResponse>>('/projects', query),
      get: (projectId: string) => get<ProjectResponse>(`/projects/${id(projectId)}`),
      create: (body: Input<CreateProjectBody> & { name: string }) => post<ProjectResponse>('/projects', body),
      update: (projectId: string, body: UpdateProjectBody) => http.request<ProjectResponse>('PATCH', `/projects/${id(projectId)}`, { json: body }),
      remove: (projectId: string) => del(`/projects/${id(projectId)}`),
      upload: (projectId: string, file: File, onProgress?: (fraction: number) => void, signal?: AbortSignal) => {
        const form = new FormData();
        form.append('file', file, file.name);
        return http.upload<UploadResponse>(`/projects/${id(projectId)}/upload`, form, onProgress, signal);
      },
      members: (projectId: string) => get<MemberResponse[]>(`/projects/${id(projectId)}/members`),
      addMember: (projectId: string, body: Input<AddMemberBody>) => post<MemberResponse>(`/projects/${id(projectId)}/members`, body),
      updateMember: (projectId: string, userId: string, role: MemberResponse['role']) => put<MemberResponse>(`/projects/${id(projectId)}/members/${id(userId)}`, { role }),
      removeMember: (projectId: string, userId: string) => del(`/projects/${id(projectId)}/members/${id(userId)}`),
    },
    recycleBin: {
      list: (query: { page?: number; page_size?: number; search?: string }) => get<Page<ProjectResponse>>('/recycle-bin/projects', query),
      restore: (projectId: string) => post<ProjectResponse>(`/recycle-bin/projects/${id(projectId)}/restore`),
      purge: (projectId: string) => del(`/recycle-bin/projects/${id(projectId)}`),
    },
    tasks: {
      list: (query: { page?: number; page_size?: number; project_id?: string; status?: string; kind?: string }) => get<Page<TaskResponse>>('/tasks', query),
      get: (taskId: string) => get<TaskResponse>(`/tasks/${id(taskId)}`),
      create: (body: Input<CreateTaskBody> & { project_id: string }) => post<TaskResponse>('/tasks', body),
      cancel: (taskId: string) => put<TaskResponse>(`/tasks/${id(taskId)}/cancel`),
      retry: (taskId: string) => post<TaskResponse>(`/tasks/${id(taskId)}/retry`),
      results: (taskId: string) => get<TaskResultsResponse>(`/tasks/${id(taskId)}/results`),
    },
    issues: {
      list: (query: QueryValues) => get<Page<IssueResponse>>('/issues', query),
      get: (issueId: string) => get<IssueResponse>(`/issues/${id(issueId)}`),
      statistics: (query: { task_id?: string; project_id?: string }) => get<IssueStatisticsResponse>('/issues/statistics', query),
      update: (issueId: string, status: IssueResponse['status']) => put<IssueResponse>(`/issues/${id(issueId)}`, { status }),
      bulkUpdate: (body: BulkUpdateIssuesBody) => post<BulkUpdateIssuesResponse>('/issues/bulk-update', body),
      comments: (issueId: string) => get<IssueCommentList>(`/issues/${id(issueId)}/comments`),
      addComment: (issueId: string, body: CreateIssueCommentBody) => post<IssueCommentResponse>(`/issues/${id(issueId)}/comments`, body),
      removeComment: (issueId: string, commentId: string) => del(`/issues/${id(issueId)}/comments/${id(commentId)}`),
    },
    reports: {
      list: (query: { page?: number; page_size?: number; task_id?: string; format?: string; status?: string }) => get<Page<ReportResponse>>('/reports', query),
      get: (reportId: string) => get<ReportResponse>(`/reports/${id(reportId)}`),
      create: (body: Input<CreateReportBody> & { task_id: string }) => post<ReportResponse>('/reports', body),
      download: (reportId: string) => http.download(`/reports/${id(reportId)}/download`),
      remove: (reportId: string) => del(`/reports/${id(reportId)}`),
    },
    instant: {
      analyze: (body: InstantAnalysisBody) => post<InstantAnalysisResponse>('/instant-analysis', body),
      history: (query: { page?: number; page_size?: number }) => get<Page<InstantAnalysisRecordResponse>>('/instant-analysis', query),
    },
    llmProviders: {
      list: () => get<Page<LlmProviderResponse>>('/llm-providers', { page_size: 100 }),
      presets: () => get<LlmProviderPresetList>('/llm-providers/presets'),
      create: (body: Input<CreateLlmProviderBody> & { name: string }) => post<LlmProviderResponse>('/llm-providers', body),
      update: (providerId: string, body: UpdateLlmProviderBody) => put<LlmProviderResponse>(`/llm-providers/${id(providerId)}`, body),
      remove: (providerId: string) => del(`/llm-providers/${id(providerId)}`),
      test: (providerId: string) => post<LlmProviderTestResponse>(`/llm-providers/${id(providerId)}/test`),
    },
    users: {
      list: (query: { page?: number; page_size?: number; search?: string; role?: string }) => get<Page<UserResponse>>('/users', query),
      create: (body: Input<CreateUserBody> & { email: string; username: string; password: string }) => post<UserResponse>('/users', body),
      update: (userId: string, body: UpdateUserBody) => http.request<UserResponse>('PATCH', `/users/${id(userId)}`, { json: body }),
      setPassword: (userId: string, password: string) => put<UserResponse>(`/users/${id(userId)}/password`, { password }),
      unlock: (userId: string) => post<UserResponse>(`/users/${id(userId)}/unlock`),
      remove: (userId: string) => del(`/users/${id(userId)}`),
    },
    auditLog: {
      list: (query: { page?: number; page_size?: number; action?: string }) => get<Page<AuditLogEntryResponse>>('/audit-log', query),
    },
    monitoring: {
      queues: () => get<QueuesResponse>('/monitoring/queues'),
      jobs: (state: string) => get<JobListResponse>('/monitoring/jobs', { state, limit: 20 }),
      workers: () => get<WorkersResponse>('/monitoring/workers'),
      database: () => get<DatabaseStatusResponse>('/monitoring/database'),
      redis: () => get<RedisStatusResponse>('/monitoring/redis'),
      llm: () => get<LlmMonitoringResponse>('/monitoring/llm'),
    },
    system: {
      health: () => fetch('/health').then((r) => r.json() as Promise<{ status: string; version: string; timestamp: string }>),
      ready: () => fetch('/ready').then((r) => r.json() as Promise<{ status: string; version: string; checks: Record<string, { status: string; latency_ms: number; error?: string }> }>),
    },
    migration: {
      validate: (file: File) => http.request<ValidationReportResponse>('POST', '/migration/validate', { form: fileForm(file) }),
      importFile: (file: File, dryRun: boolean) => http.request<ImportResponse>('POST', '/migration/import', { form: fileForm(file), query: { dry_run: dryRun } }),
      batches: (query: { page?: number; page_size?: number }) => get<Page<MigrationBatchResponse>>('/migration/batches', query),
      quarantine: (batchId: string) => get<Page<QuarantineEntryResponse>>(`/migration/batches/${id(batchId)}/quarantine`),
      rollback: (batchId: string) => post<RollbackResponse>(`/migration/batches/${id(batchId)}/rollback`),
      exportData: (format: 'native' | 'v1') => http.download('/migration/export', { query: { format } }),
    },
  };
}

function fileForm(file: File): FormData {
  const form = new FormData();
  form.append('file', file, file.name);
  return form;
}

/** The typed API. */
export type Api = ReturnType<typeof createApi>;
