import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

/**
 * Killing git alone is not enough: `git clone` runs its transport (`git-remote-https`) and `index-pack` as
 * child processes, which keep running (and downloading) after their parent dies. This finds, through
 * Linux's /proc, the git processes this process started for one working folder, and kills them with all
 * their descendants. Where /proc is missing it does nothing, and only git itself is stopped.
 */
export function killGitProcessTree(workDir: string): number[] {
  const table = readProcessTable();
  const roots = table.filter((proc) => proc.ppid === process.pid && belongsTo(proc.pid, workDir)).map((proc) => proc.pid);
  const victims = new Set<number>();
  const pending = [...roots];
  while (pending.length > 0) {
    const pid = pending.pop()!;
    if (victims.has(pid)) continue;
    victims.add(pid);
    for (const proc of table) if (proc.ppid === pid) pending.push(proc.pid);
  }
  for (const pid of victims) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  return [...victims];
}

interface ProcessInfo {
  pid: number;
  ppid: number;
}

function readProcessTable(): ProcessInfo[] {
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return [];
  }
  const table: ProcessInfo[] = [];
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so parse from the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      table.push({ pid: Number(name), ppid: Number(fields[1]) });
    } catch {
      // The process ended while we looked.
    }
  }
  return table;
}

/** Whether a git process works on `workDir`: named in its arguments or running inside it. */
function belongsTo(pid: number, workDir: string): boolean {
  try {
    if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(workDir)) return true;
    const cwd = readlinkSync(`/proc/${pid}/cwd`);
    return cwd === workDir || cwd.startsWith(`${workDir}/`);
  } catch {
    return false;
  }
}
