// Bulk data for load runs against a server this process started on a fresh PostgreSQL database: users who are
// project members, projects with several completed audits each, and findings spread over severities,
// categories, files and triage states, written through the product's repositories (an audit per row through the
// API would take the run minutes of rule scanning before the load starts).
import { createHash } from 'node:crypto';
import { severityRank, type Category, type FindingStatus, type Severity } from '@xcr/contracts';
import { createDatabase } from '@xcr/adapters/db/create-database';
import { createRepositories } from '@xcr/adapters/db/repositories/index';
import type { NewFinding, Repositories } from '@xcr/core/ports/repositories';

/** How much to write. */
export interface LoadSeedSize {
  projects: number;
  tasksPerProject: number;
  findingsPerTask: number;
  users: number;
}

export const defaultLoadSeedSize: LoadSeedSize = {
  projects: 12,
  tasksPerProject: 4,
  findingsPerTask: 60,
  users: 20,
};

/** What was written. */
export interface LoadSeedResult {
  users: number;
  projects: number;
  tasks: number;
  findings: number;
}

const severities: readonly Severity[] = [
  'critical',
  'high',
  'high',
  'medium',
  'medium',
  'medium',
  'low',
  'low',
  'info',
];
const categories: readonly Category[] = [
  'security',
  'security',
  'security',
  'bug',
  'performance',
  'maintainability',
  'style',
];
const statuses: readonly FindingStatus[] = [
  'open',
  'open',
  'open',
  'open',
  'in_progress',
  'resolved',
  'false_positive',
];
const languages = ['javascript', 'typescript', 'python', 'java', 'go'] as const;
const extensions: Record<(typeof languages)[number], string> = {
  javascript: 'js',
  typescript: 'ts',
  python: 'py',
  java: 'java',
  go: 'go',
};
const rules = [
  { id: 'javascript.sqli.string-built-query', title: 'SQL query built from request input', cwe: [89] },
  {
    id: 'javascript.xss.unescaped-html',
    title: 'Request input written into HTML without escaping',
    cwe: [79],
  },
  { id: 'python.command-injection.os-system', title: 'Shell command built from input', cwe: [78] },
  { id: 'generic.secrets.hard-coded-key', title: 'Hard-coded credential', cwe: [798] },
  { id: 'java.crypto.weak-hash', title: 'Weak hash algorithm (MD5/SHA-1)', cwe: [327] },
  { id: 'generic.path-traversal.joined-path', title: 'File path joined from request input', cwe: [22] },
] as const;

function pick<T>(items: readonly T[], n: number): T {
  return items[n % items.length]!;
}

/** The findings of one task: deterministic, so two runs seed the same shapes. */
function findingsFor(taskId: string, projectId: string, projectIndex: number, count: number): NewFinding[] {
  const language = pick(languages, projectIndex);
  return Array.from({ length: count }, (_, i) => {
    const rule = pick(rules, i + projectIndex);
    const severity = pick(severities, i * 7 + projectIndex);
    const filePath = `src/${pick(['api', 'db', 'auth', 'util', 'jobs'], i)}/module-${i % 17}.${extensions[language]}`;
    const line = 10 + ((i * 37) % 400);
    return {
      task_id: taskId,
      project_id: projectId,
      fingerprint: createHash('sha256')
        .update(`${projectIndex}:${rule.id}:${filePath}:${line}`)
        .digest('hex')
        .slice(0, 32),
      file_path: filePath,
      line_start: line,
      line_end: line + (i % 3),
      code_snippet: `const rows = db.query("SELECT * FROM t WHERE id = " + req.query.id${i});`,
      title: rule.title,
      description: `${rule.title} in ${filePath}: the value reaches the sink without validation.`,
      severity,
      category: pick(categories, i + projectIndex),
      cwe: [...rule.cwe],
      rule_id: rule.id,
      analyzer: 'rules',
      confidence: 0.6 + (i % 4) / 10,
      suggestion: 'Validate the input and use the parameterised API.',
      explanation: {
        what: rule.title,
        why: 'An attacker controls the value.',
        how: 'Pass it as a parameter, never as text.',
      },
      status: pick(statuses, i + projectIndex),
      lifecycle: i % 5 === 0 ? 'new' : 'persisting',
    };
  });
}

/** Severity counters of a task, as a finished audit writes them. */
function counters(findings: readonly NewFinding[]): Record<`${Severity}_issues` | 'total_issues', number> {
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  return {
    total_issues: findings.length,
    critical_issues: count('critical'),
    high_issues: count('high'),
    medium_issues: count('medium'),
    low_issues: count('low'),
    info_issues: count('info'),
  };
}

async function seedProject(
  repos: Repositories,
  ownerId: string,
  memberIds: readonly string[],
  index: number,
  size: LoadSeedSize,
): Promise<number> {
  const language = pick(languages, index);
  const project = await repos.projects.create({
    owner_id: ownerId,
    name: `load project ${index + 1} (${language})`,
    source: index % 3 === 0 ? 'git' : 'zip',
    description: `A ${language} service seeded for load runs`,
    repository_url: index % 3 === 0 ? `https://git.example.com/load/project-${index + 1}.git` : null,
    languages: { [language]: 120 + index, markdown: 4 },
  });
  for (const [i, userId] of memberIds.entries()) {
    if ((i + index) % 4 === 0)
      await repos.members.add(project.id, userId, pick(['member', 'viewer', 'admin'] as const, i));
  }
  let findings = 0;
  for (let t = 0; t < size.tasksPerProject; t++) {
    const task = await repos.tasks.create({
      project_id: project.id,
      created_by: ownerId,
      name: `audit ${t + 1}`,
      scan_config: { analyzers: ['rules'] },
      branch: 'main',
    });
    await repos.tasks.transition(task.id, 'running');
    const rows = findingsFor(task.id, project.id, index, size.findingsPerTask);
    findings += (await repos.findings.insertMany(rows)).inserted;
    const scored = rows.reduce((sum, f) => sum + severityRank[f.severity], 0);
    await repos.tasks.transition(task.id, 'completed', {
      ...counters(rows),
      progress: 100,
      files_total: 140 + index,
      files_scanned: 120 + index,
      lines_scanned: 18_000 + index * 250,
      quality_score: Math.max(0, 100 - scored / 10),
    });
  }
  return findings;
}

/** Writes `size` worth of rows to the database at `databaseUrl`, owned by the user `ownerLogin` (the admin). */
export async function seedLoadData(
  databaseUrl: string,
  ownerLogin: string,
  size: LoadSeedSize = defaultLoadSeedSize,
): Promise<LoadSeedResult> {
  const handle = await createDatabase({
    kind: 'postgres',
    url: databaseUrl,
    poolMax: 2,
    statementTimeoutMs: 60_000,
  });
  try {
    const repos = createRepositories(handle.db);
    const owner = await repos.users.findByEmailOrUsername(ownerLogin);
    if (!owner) throw new Error(`no user ${ownerLogin} to own the seeded projects`);
    const memberIds: string[] = [];
    for (let i = 0; i < size.users; i++) {
      // Members only: they never log in, so they have no password.
      const user = await repos.users.create({
        username: `load-user-${i + 1}`,
        email: `load-user-${i + 1}@example.com`,
        password_hash: null,
        role: 'user',
      });
      memberIds.push(user.id);
    }
    let findings = 0;
    for (let p = 0; p < size.projects; p++)
      findings += await seedProject(repos, owner.id, memberIds, p, size);
    return {
      users: size.users,
      projects: size.projects,
      tasks: size.projects * size.tasksPerProject,
      findings,
    };
  } finally {
    await handle.close();
  }
}
