import { z } from 'zod';
import type { Db } from '../../platform/db/database.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Actor, StaffRole } from '../staff/actor.js';
import { loadActor } from '../staff/staff.service.js';
import { parseInput } from '../../platform/validation.js';
import type { Queryable } from '../../platform/db/database.js';
import { ALL_SCOPES, DEFAULT_TOKEN_SCOPES, isScope, scopesForRole, type Scope } from './scopes.js';
import { hashSecret, randomSecret } from './secrets.js';
import { findTokenByHash, findTokenById, insertToken, markRevoked, markUsed, selectTokens, type TokenRow } from './tokens.store.js';

/** Every API token starts with this, so a leaked one is easy to recognise (and to scan for). */
export const TOKEN_PREFIX = 'xw_';

/** `last_used_at` is written at most this often per token, not on every request. */
export const LAST_USED_EVERY_MS = 60_000;

/** An API token as listed: never the secret nor its hash. */
export interface ApiTokenInfo {
  id: number;
  name: string;
  scopes: Scope[];
  owner: { id: number; name: string };
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** What creating a token takes; scopes default to articles:read and articles:write. */
export const NewTokenSchema = z.object({
  name: z.string({ error: '请填写令牌名称' }).trim().min(1, { error: '请填写令牌名称' }).max(100, { error: '令牌名称不能超过 100 个字符' }),
  scopes: z
    .array(z.enum(ALL_SCOPES, { error: `权限范围必须是 ${ALL_SCOPES.join('、')} 之一` }))
    .min(1, { error: '至少指定一项权限范围' })
    .optional(),
});
export type NewToken = z.input<typeof NewTokenSchema>;

function toInfo(row: TokenRow): ApiTokenInfo {
  const scopes = (JSON.parse(row.scopes) as string[]).filter(isScope);
  return {
    id: row.id,
    name: row.name,
    scopes,
    owner: { id: row.person_id, name: row.owner_name },
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

/**
 * Creates an API token for `owner`; returns the token (`xw_` + 32 random bytes, base64url),
 * which is shown once and stored only as its sha256. A token cannot hold a scope the owner's
 * role does not allow. Audited as `token.create`; `actorId` defaults to the owner.
 */
export async function createApiToken(
  db: Db,
  owner: { id: number; role: StaffRole },
  input: NewToken,
  options: { actorId?: number | null; now?: Date } = {},
): Promise<{ token: string; info: ApiTokenInfo }> {
  const valid = parseInput(NewTokenSchema, input, '令牌信息有误');
  const scopes = [...new Set(valid.scopes ?? DEFAULT_TOKEN_SCOPES)];
  const allowed = scopesForRole(owner.role);
  const beyond = scopes.filter((s) => !allowed.includes(s));
  if (beyond.length) {
    throw new ValidationError(
      '权限范围超出了角色允许的范围',
      beyond.map((s) => `scopes: 角色 ${owner.role} 不能持有 ${s}（可用：${allowed.join('、')}）`),
    );
  }
  const now = options.now ?? new Date();
  const token = `${TOKEN_PREFIX}${randomSecret(32)}`;
  const id = await db.transaction().execute(async (tx) => {
    const tokenId = await insertToken(tx, {
      person_id: owner.id,
      name: valid.name,
      token_hash: hashSecret(token),
      scopes: JSON.stringify(scopes),
      created_at: now.toISOString(),
    });
    await recordAudit(
      tx,
      {
        actorId: options.actorId === undefined ? owner.id : options.actorId,
        action: 'token.create',
        subjectType: 'api_token',
        subjectId: tokenId,
        details: { name: valid.name, scopes, ownerId: owner.id },
      },
      { now },
    );
    return tokenId;
  });
  const row = await findTokenById(db, id);
  if (!row) throw new Error(`api token ${id} vanished after insert`);
  return { token, info: toInfo(row) };
}

/** Tokens newest first, revoked ones included: `personId`'s, or everyone's when it is null. */
export async function listApiTokens(db: Queryable, options: { personId: number | null }): Promise<ApiTokenInfo[]> {
  return (await selectTokens(db, options.personId)).map(toInfo);
}

/**
 * Revokes a token. `actor` must own it or be an admin (null: the command line may revoke any).
 * Revoking a revoked token changes nothing. Audited as `token.revoke`.
 */
export async function revokeApiToken(db: Db, actor: Actor | null, id: number, options: { now?: Date } = {}): Promise<ApiTokenInfo> {
  const row = await findTokenById(db, id);
  if (!row) throw new NotFoundError('没有这个 API 令牌。', `no api token ${id}`);
  if (actor && actor.role !== 'admin' && actor.id !== row.person_id) {
    throw new ForbiddenError('只能撤销自己的 API 令牌。');
  }
  if (row.revoked_at === null) {
    const now = options.now ?? new Date();
    await db.transaction().execute(async (tx) => {
      await markRevoked(tx, id, now.toISOString());
      await recordAudit(
        tx,
        { actorId: actor?.id ?? null, action: 'token.revoke', subjectType: 'api_token', subjectId: id, details: { name: row.name, ownerId: row.person_id } },
        { now },
      );
    });
  }
  const revoked = await findTokenById(db, id);
  return toInfo(revoked ?? row);
}

/** Who a bearer token acts for and with which scopes (the token's, narrowed to the owner's role now). */
export interface TokenAuth {
  tokenId: number;
  actor: Actor;
  scopes: Scope[];
  mustChangePassword: boolean;
}

/**
 * Resolves a bearer token; null when it is unknown, revoked, or its owner is disabled or no
 * longer staff. Records `last_used_at`, at most once a minute per token.
 */
export async function authenticateApiToken(db: Db, token: string, options: { now?: Date } = {}): Promise<TokenAuth | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const row = await findTokenByHash(db, hashSecret(token));
  if (!row || row.revoked_at !== null) return null;
  const loaded = await loadActor(db, row.person_id);
  if (!loaded) return null;
  const now = options.now ?? new Date();
  if (row.last_used_at === null || now.getTime() - Date.parse(row.last_used_at) >= LAST_USED_EVERY_MS) {
    await markUsed(db, row.id, now.toISOString());
  }
  const allowed = scopesForRole(loaded.actor.role);
  return {
    tokenId: row.id,
    actor: loaded.actor,
    scopes: toInfo(row).scopes.filter((s) => allowed.includes(s)),
    mustChangePassword: loaded.mustChangePassword,
  };
}
