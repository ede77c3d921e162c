/**
 * The clock port: where "now" comes from. Production uses the system clock; tests pass one they can move, so that
 * behaviour tied to time (token expiry, account lockout, reset links) is tested without waiting.
 */
export type Clock = () => Date;

/** The system clock. */
export const systemClock: Clock = () => new Date();
