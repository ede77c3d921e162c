import type { MailMessage, Mailer } from '@xcr/core/ports/mailer';

/** A mailer that keeps messages in memory, for tests and previews. */
export interface MemoryMailer extends Mailer {
  /** Every message sent, oldest first. */
  readonly outbox: MailMessage[];
}

/** Creates a mailer whose messages land in `outbox`. */
export function createMemoryMailer(): MemoryMailer {
  const outbox: MailMessage[] = [];
  return {
    id: 'memory',
    outbox,
    async send(message) {
      outbox.push({ ...message });
    },
  };
}
