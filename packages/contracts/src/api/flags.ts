/** Feature flags: evaluation for the caller (`GET /flags`) and administration (`/admin/flags`, admin only). */
import { z } from 'zod';
import { Timestamp } from './common.ts';

/** A flag key: a letter, then letters, digits, `_`, `.` or `-`; at most 100 characters. */
export const FlagKey = z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]{0,99}$/, 'letters, digits, _ . - (starting with a letter), at most 100');
export type FlagKey = z.infer<typeof FlagKey>;

/** A flag as admins see it. Enabled flags are on for `allowed_users` and for `rollout_percentage` % of the others. */
export const FeatureFlagResponse = z.object({
  key: z.string(),
  enabled: z.boolean(),
  rollout_percentage: z.number().int().min(0).max(100),
  allowed_users: z.array(z.string()),
  description: z.string().nullable(),
  updated_by: z.string().nullable(),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type FeatureFlagResponse = z.infer<typeof FeatureFlagResponse>;

/** `GET /admin/flags`: every flag, ordered by key. */
export const FeatureFlagListResponse = z.object({ items: z.array(FeatureFlagResponse) });
export type FeatureFlagListResponse = z.infer<typeof FeatureFlagListResponse>;

const flagFields = {
  enabled: z.boolean(),
  rollout_percentage: z.number().int().min(0).max(100),
  allowed_users: z.array(z.uuid()).max(1000),
  description: z.string().trim().max(500).nullable(),
};

/** `POST /admin/flags`: a new flag; disabled, 100 %, nobody allowed and no description unless given. */
export const CreateFeatureFlagBody = z
  .object({
    key: FlagKey,
    enabled: flagFields.enabled.default(false),
    rollout_percentage: flagFields.rollout_percentage.default(100),
    allowed_users: flagFields.allowed_users.default([]),
    description: flagFields.description.optional(),
  })
  .strict();
export type CreateFeatureFlagBody = z.infer<typeof CreateFeatureFlagBody>;

/** `PUT /admin/flags/{key}`: the fields to change (at least one); the others keep their value. */
export const UpdateFeatureFlagBody = z
  .object({
    enabled: flagFields.enabled.optional(),
    rollout_percentage: flagFields.rollout_percentage.optional(),
    allowed_users: flagFields.allowed_users.optional(),
    description: flagFields.description.optional(),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, { message: 'Give at least one field to change' });
export type UpdateFeatureFlagBody = z.infer<typeof UpdateFeatureFlagBody>;

/** A path naming a flag. */
export const FlagKeyParams = z.object({ key: z.string().min(1).max(100) });
export type FlagKeyParams = z.infer<typeof FlagKeyParams>;

/** `GET /flags`: every flag, on or off for the caller. The web app reads its flags from here. */
export const EvaluatedFlagsResponse = z.object({ flags: z.record(z.string(), z.boolean()) });
export type EvaluatedFlagsResponse = z.infer<typeof EvaluatedFlagsResponse>;
