/** Test support: shared state and builders of the database suite. */
import assert from 'node:assert/strict';
import type { Repositories } from '@xcr/core/ports/repositories';
import type { DatabaseHandle } from './create-database.ts';

/** Shared state of one suite run. */
export interface SuiteContext {
  handle: DatabaseHandle;
  repos: Repositories;
}

let sequence = 0;
/** A unique suffix for names within one run. */
export function unique(prefix: string): string {
  sequence += 1;
  return `${prefix}${sequence}`;
}

/** A user with a unique email and username. */
export async function makeUser(repos: Repositories, role: 'admin' | 'user' | 'viewer' = 'user') {
  const name = unique('u');
  return repos.users.create({ email: `${name}@example.test`, username: name, password_hash: 'hash', role });
}

/** A project, a running task in it and their owner. */
export async function makeTask(repos: Repositories) {
  const owner = await makeUser(repos);
  const project = await repos.projects.create({ owner_id: owner.id, name: unique('p'), source: 'git' });
  const task = await repos.tasks.create({ project_id: project.id, created_by: owner.id, name: 'scan' });
  return { owner, project, task };
}

/** Asserts that `promise` rejects with an AppError of `type` and `code`. */
export async function rejectsWith(promise: Promise<unknown>, type: abstract new (...args: never[]) => Error, code?: string) {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof type, `expected ${type.name}, got ${String(error)}`);
    if (code) assert.equal((error as { code?: string }).code, code);
    return true;
  });
}

