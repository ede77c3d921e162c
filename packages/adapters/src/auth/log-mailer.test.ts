import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { createLogMailer } from './log-mailer.ts';

function capture() {
  const lines: string[] = [];
  const logger = pino(
    { level: 'info' },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    }),
  );
  return { logger, text: () => lines.join('') };
}

const message = { kind: 'password_reset' as const, to: 'ann@example.test', subject: 'Reset', text: 'token: SECRET-LINK-123' };

describe('adapters/auth/log-mailer', () => {
  it('writes the whole message when told to (embedded mode: the console is the mailbox)', async () => {
    const { logger, text } = capture();
    await createLogMailer({ shouldLogBody: true }, { logger }).send(message);
    assert.match(text(), /SECRET-LINK-123/);
    assert.match(text(), /ann@example\.test/);
  });

  it('writes only who and what otherwise, so reset links never reach shipped logs', async () => {
    const { logger, text } = capture();
    await createLogMailer({ shouldLogBody: false }, { logger }).send(message);
    assert.doesNotMatch(text(), /SECRET-LINK-123/);
    assert.match(text(), /password_reset/);
  });
});
