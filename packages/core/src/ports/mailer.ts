/**
 * The mail port: how the server reaches a user outside the API (password reset links). The default adapter writes
 * the message to the log; a deployment plugs in a real transport behind the same interface.
 */

/** Why a message is sent; adapters may treat kinds differently (for example redact the body of some). */
export type MailKind = 'password_reset';

/** One plain-text message. */
export interface MailMessage {
  kind: MailKind;
  to: string;
  subject: string;
  text: string;
}

/** Sends mail. */
export interface Mailer {
  readonly id: string;
  /** Sends the message or throws; callers decide whether a failure matters to their caller. */
  send(message: MailMessage, signal?: AbortSignal): Promise<void>;
}
