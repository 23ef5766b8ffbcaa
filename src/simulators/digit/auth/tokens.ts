// RedisTokenStore + DefaultTokenServices behaviour: opaque UUID tokens, one live token per
// authentication key (userName, client, scope, tenantId), reused until it expires.
import { randomUUID } from 'node:crypto';

export interface TokenGrant {
  accessToken: string;
  refreshToken: string;
  userId: number;
  scope: string;
  expiresAt: number;
  authKey: string;
}

export class TokenStore {
  private readonly byToken = new Map<string, TokenGrant>();
  private readonly byAuthKey = new Map<string, TokenGrant>();
  private readonly byRefresh = new Map<string, TokenGrant>();

  constructor(
    private readonly now: () => number,
    private readonly ttlMs: number,
  ) {}

  /** The live token for this key, or a new one. */
  issue(authKey: string, userId: number, scope: string): TokenGrant {
    const existing = this.byAuthKey.get(authKey);
    if (existing && existing.expiresAt > this.now()) return existing;
    if (existing) this.revoke(existing);
    // the refresh token survives re-issue (setReuseRefreshToken(true))
    const refreshToken = existing?.refreshToken ?? randomUUID();
    const grant: TokenGrant = { accessToken: randomUUID(), refreshToken, userId, scope, expiresAt: this.now() + this.ttlMs, authKey };
    this.byToken.set(grant.accessToken, grant);
    this.byAuthKey.set(authKey, grant);
    this.byRefresh.set(refreshToken, grant);
    return grant;
  }

  /** A valid (known, unexpired) token's grant. */
  check(accessToken: string): TokenGrant | undefined {
    const grant = this.byToken.get(accessToken);
    if (!grant) return undefined;
    if (grant.expiresAt <= this.now()) return undefined;
    return grant;
  }

  byRefreshToken(refreshToken: string): TokenGrant | undefined {
    return this.byRefresh.get(refreshToken);
  }

  /** Admin: every current token stops working (a login then issues new ones). */
  expireAll(): number {
    const n = this.byToken.size;
    for (const grant of this.byToken.values()) grant.expiresAt = Math.min(grant.expiresAt, this.now());
    return n;
  }

  private revoke(grant: TokenGrant): void {
    this.byToken.delete(grant.accessToken);
    this.byAuthKey.delete(grant.authKey);
  }
}
