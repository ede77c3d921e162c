import { AppError } from '../errors.ts';
import { checkPassword, passwordProblemMessages } from './password-policy.ts';

/** Throws a 422 `weak_password` listing every problem when the policy refuses `password`. */
export function assertPasswordAllowed(password: string, identity: { username?: string; email?: string }): void {
  const problems = checkPassword(password, identity);
  if (problems.length === 0) return;
  throw new AppError('weak_password', `The password ${problems.map((p) => passwordProblemMessages[p]).join('; ')}`, {
    status: 422,
    details: { problems },
  });
}
