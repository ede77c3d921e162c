import type { Logger } from 'pino';
import type { Mailer } from '@xcr/core/ports/mailer';

/** Options of the logging mailer. */
export interface LogMailerOptions {
  /**
   * Whether the message body (with its link) goes to the log. On a laptop the log is the operator's console and the
   * only way a reset link reaches anyone; where logs are shipped to a central store, a reset link there would let
   * anyone who reads logs take over the account, so only who and what is logged.
   */
  shouldLogBody: boolean;
}

/** The default mailer: writes each message to the log instead of sending it. */
export function createLogMailer(options: LogMailerOptions, deps: { logger: Logger }): Mailer {
  const log = deps.logger;
  return {
    id: 'log',
    async send(message) {
      if (options.shouldLogBody) {
        // Deliberately printed: with no mail transport, this is how the message reaches its reader.
        log.info({ mail_kind: message.kind, to: message.to, subject: message.subject, body: message.text }, 'mail (not sent: written to the log)');
      } else {
        log.warn({ mail_kind: message.kind, to: message.to, subject: message.subject }, 'mail not delivered: no mail transport is configured');
      }
    },
  };
}
