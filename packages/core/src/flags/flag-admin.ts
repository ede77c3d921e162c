/**
 * Feature flag administration: list, read, create, change, delete. Every change is audit-logged with the flag
 * before and after, in the same transaction as the change, and drops this process's evaluation cache.
 */
import type { ActionContext } from '../auth/types.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import type { FeatureFlagRecord, Repositories } from '../ports/repositories.ts';
import type { FlagEvaluator } from './flag-evaluator.ts';

/** Fields of a new flag; left out: disabled, 100 %, nobody allowed, no description. */
export interface NewFlagInput {
  key: string;
  enabled?: boolean;
  rollout_percentage?: number;
  allowed_users?: string[];
  description?: string | null;
}

/** Fields to change. */
export type FlagPatch = Omit<NewFlagInput, 'key'>;

/** The admin use cases on flags. */
export interface FeatureFlagAdmin {
  list(): Promise<FeatureFlagRecord[]>;
  /** 404 when missing. */
  get(key: string): Promise<FeatureFlagRecord>;
  /** 409 `flag_exists` when the key is taken. */
  create(input: NewFlagInput, ctx: ActionContext): Promise<FeatureFlagRecord>;
  /** 404 when missing. */
  update(key: string, patch: FlagPatch, ctx: ActionContext): Promise<FeatureFlagRecord>;
  /** 404 when missing. */
  delete(key: string, ctx: ActionContext): Promise<void>;
}

function auditView(flag: FeatureFlagRecord): Record<string, unknown> {
  return { enabled: flag.enabled, rollout_percentage: flag.rollout_percentage, allowed_users: flag.allowed_users, description: flag.description };
}

/** Creates the flag admin use cases; `evaluator` is invalidated after each change. */
export function createFeatureFlagAdmin(deps: { repos: Repositories; evaluator: FlagEvaluator }): FeatureFlagAdmin {
  const { repos, evaluator } = deps;

  async function change<T>(work: (trx: Repositories) => Promise<T>): Promise<T> {
    try {
      return await repos.transaction(work);
    } finally {
      evaluator.invalidate();
    }
  }

  return {
    list: () => repos.featureFlags.list(),

    async get(key) {
      const flag = await repos.featureFlags.get(key);
      if (!flag) throw new NotFoundError('Feature flag');
      return flag;
    },

    create(input, ctx) {
      return change(async (trx) => {
        if (await trx.featureFlags.get(input.key)) throw new ConflictError('flag_exists', `A flag named ${input.key} exists already`);
        const flag = await trx.featureFlags.upsert(
          { key: input.key, enabled: input.enabled ?? false, rollout_percentage: input.rollout_percentage ?? 100, allowed_users: input.allowed_users ?? [], description: input.description ?? null },
          ctx.actorId,
        );
        await trx.auditLog.append({ actor_id: ctx.actorId, action: 'flag.created', resource_type: 'feature_flag', resource_id: flag.key, details: { after: auditView(flag) }, ip: ctx.ip });
        return flag;
      });
    },

    update(key, patch, ctx) {
      return change(async (trx) => {
        const before = await trx.featureFlags.get(key);
        if (!before) throw new NotFoundError('Feature flag');
        const after = await trx.featureFlags.upsert({ key, ...patch }, ctx.actorId);
        await trx.auditLog.append({
          actor_id: ctx.actorId,
          action: 'flag.updated',
          resource_type: 'feature_flag',
          resource_id: key,
          details: { before: auditView(before), after: auditView(after) },
          ip: ctx.ip,
        });
        return after;
      });
    },

    delete(key, ctx) {
      return change(async (trx) => {
        const before = await trx.featureFlags.get(key);
        if (!before || !(await trx.featureFlags.delete(key))) throw new NotFoundError('Feature flag');
        await trx.auditLog.append({ actor_id: ctx.actorId, action: 'flag.deleted', resource_type: 'feature_flag', resource_id: key, details: { before: auditView(before) }, ip: ctx.ip });
      });
    },
  };
}
