import { randomUUID } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { AuthError } from '@xcr/core/errors';
import type { UserRole } from '@xcr/core/ports/repositories';
import type { AccessTokenClaims, TokenSigner } from '@xcr/core/ports/token-signer';

/** Options of the HS256 signer. */
export interface JoseTokenSignerOptions {
  /** The shared signing key (XCR_SECRET_KEY), at least 32 characters. */
  secretKey: string;
  /** Seconds of clock skew tolerated between API replicas when checking `nbf` and `exp`. */
  clockToleranceS?: number;
  /** Tokens whose signature and claims were checked, kept so a client's next request skips the HMAC; 0 keeps none. */
  verifiedCacheSize?: number;
}

/** `iss` of every access token. */
export const accessTokenIssuer = 'xcodereviewer';
/** `aud` of every access token. */
export const accessTokenAudience = 'xcodereviewer-api';
const issuer = accessTokenIssuer;
const audience = accessTokenAudience;
const roles: readonly UserRole[] = ['admin', 'user', 'viewer'];

/**
 * Access tokens as HS256 JWTs. Verification pins HS256 (so `alg: none` or an asymmetric algorithm in the header
 * is refused), checks issuer, audience, `exp`/`nbf` at the caller's clock, and that the token is an access token.
 */
export function createJoseTokenSigner(options: JoseTokenSignerOptions): TokenSigner {
  if (options.secretKey.length < 32) throw new Error('the token signing key must be at least 32 characters');
  // Imported once: given raw bytes, jose imports a WebCrypto key on every call, which cost more than the HMAC.
  const key = crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(options.secretKey),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign', 'verify'],
  );
  const clockTolerance = options.clockToleranceS ?? 5;
  const verified = createVerifiedTokenCache(options.verifiedCacheSize ?? 10_000);

  return {
    async signAccessToken(subject, { now, ttlS }) {
      const iat = Math.floor(now.getTime() / 1000);
      const claims: AccessTokenClaims = {
        sub: subject.userId,
        role: subject.role,
        typ: 'access',
        jti: randomUUID(),
        sid: subject.sessionId,
        iat,
        nbf: iat,
        exp: iat + ttlS,
      };
      const token = await new SignJWT({ role: claims.role, typ: claims.typ, sid: claims.sid })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(claims.sub)
        .setJti(claims.jti)
        .setIssuer(issuer)
        .setAudience(audience)
        .setIssuedAt(claims.iat)
        .setNotBefore(claims.nbf)
        .setExpirationTime(claims.exp)
        .sign(await key);
      return { token, claims };
    },

    async verifyAccessToken(token, { now }) {
      const known = verified.get(token);
      if (known) return checkTimes(known, now, clockTolerance);
      let payload: Record<string, unknown>;
      try {
        ({ payload } = await jwtVerify(token, await key, {
          algorithms: ['HS256'],
          issuer,
          audience,
          currentDate: now,
          clockTolerance,
          requiredClaims: ['sub', 'jti', 'iat', 'nbf', 'exp'],
        }));
      } catch (error) {
        if (error instanceof joseErrors.JWTExpired)
          throw new AuthError('token_expired', 'The access token has expired', { cause: error });
        if (error instanceof joseErrors.JWTClaimValidationFailed && error.claim === 'nbf') {
          throw new AuthError('invalid_token', 'The access token is not valid yet', { cause: error });
        }
        throw new AuthError('invalid_token', 'The access token is not valid', { cause: error });
      }
      const { sub, role, typ, jti, sid, iat, nbf, exp } = payload;
      if (typ !== 'access') throw new AuthError('invalid_token', 'The token is not an access token');
      if (
        typeof sub !== 'string' ||
        typeof jti !== 'string' ||
        typeof sid !== 'string' ||
        !roles.includes(role as UserRole)
      ) {
        throw new AuthError('invalid_token', 'The access token is not valid');
      }
      const claims: AccessTokenClaims = {
        sub,
        role: role as UserRole,
        typ,
        jti,
        sid,
        iat: iat as number,
        nbf: nbf as number,
        exp: exp as number,
      };
      verified.set(token, claims);
      return { ...claims };
    },
  };
}

/** The time checks jose made, repeated for a token verified before: `exp` and `nbf` against `now`, with tolerance. */
function checkTimes(claims: AccessTokenClaims, now: Date, toleranceS: number): AccessTokenClaims {
  const nowS = Math.floor(now.getTime() / 1000);
  if (claims.exp <= nowS - toleranceS) throw new AuthError('token_expired', 'The access token has expired');
  if (claims.nbf > nowS + toleranceS)
    throw new AuthError('invalid_token', 'The access token is not valid yet');
  return { ...claims };
}

/**
 * Claims of tokens whose signature verified, by the exact token text (a changed byte is another key). Revocation
 * is not decided here: the session manager checks the deny list on every request. Bounded: the oldest entry goes
 * first once `maxEntries` are kept.
 */
function createVerifiedTokenCache(maxEntries: number): {
  get(token: string): AccessTokenClaims | undefined;
  set(token: string, claims: AccessTokenClaims): void;
} {
  const entries = new Map<string, AccessTokenClaims>();
  return {
    get: (token) => entries.get(token),
    set(token, claims) {
      if (maxEntries <= 0) return;
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
      entries.set(token, claims);
    },
  };
}
