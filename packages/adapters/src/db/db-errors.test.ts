import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConflictError, UnavailableError, ValidationError } from '@xcr/core/errors';
import { translateDbError } from './db-errors.ts';

/** An error shaped like pg's and PGlite's: SQLSTATE in `code`. */
function pgError(code: string, constraint?: string): Error {
  return Object.assign(new Error(`sqlstate ${code}`), { code, ...(constraint ? { constraint } : {}) });
}

describe('adapters/db/db-errors translateDbError', () => {
  it('keeps the constraint mappings', () => {
    const conflict = translateDbError(pgError('23505', 'users_email_key'), {
      users_email_key: 'email_taken',
    });
    assert.ok(conflict instanceof ConflictError);
    assert.equal(conflict.code, 'email_taken');
    assert.ok(translateDbError(pgError('23514')) instanceof ValidationError);
  });

  it('turns a statement timeout or an ungranted lock into a retryable 503 database_timeout', () => {
    for (const code of ['57014', '55P03']) {
      const error = translateDbError(pgError(code));
      assert.ok(error instanceof UnavailableError, code);
      assert.equal(error.code, 'database_timeout');
      assert.equal(error.status, 503);
      assert.equal(error.retryable, true);
      assert.deepEqual(error.details, { retry_after_s: 2 });
    }
  });

  it('turns a server without sessions, shutting down, or a broken connection into database_unavailable', () => {
    for (const code of ['53300', '57P01', '57P02', '57P03', '08006', '08001']) {
      const error = translateDbError(pgError(code));
      assert.ok(error instanceof UnavailableError, code);
      assert.equal(error.code, 'database_unavailable');
    }
  });

  it('leaves other errors alone, including non-SQLSTATE codes that start like one', () => {
    for (const error of [
      pgError('42P01'),
      pgError('ENOSPC'),
      pgError('08_NOT_SQLSTATE'),
      new Error('plain'),
    ]) {
      assert.equal(translateDbError(error), error);
    }
  });
});
