import type { StaffRole } from '../staff/actor.js';

/**
 * What an API token may be allowed to do, each with what it covers. A token's scopes only
 * narrow what its owner's role allows; they never widen it.
 */
export const SCOPES = {
  'articles:read': '读取稿件，包括未发布的稿件',
  'articles:write': '撰写、修改稿件并提交审核',
  'articles:publish': '签发、定时发布、更正和撤下稿件',
  admin: '管理员工账号、API 令牌并查看审计日志',
  'comments:moderate': '审核读者评论、封禁评论者、修改评论设置（编辑仅限所负责栏目）',
} as const satisfies Record<string, string>;

export type Scope = keyof typeof SCOPES;

/** Every scope, in the order above. */
export const ALL_SCOPES = Object.keys(SCOPES) as [Scope, ...Scope[]];

/** Scopes a new token gets when none are named. */
export const DEFAULT_TOKEN_SCOPES: readonly Scope[] = ['articles:read', 'articles:write'];

const ROLE_SCOPES: Record<StaffRole, readonly Scope[]> = {
  admin: ALL_SCOPES,
  editor: ['articles:read', 'articles:write', 'articles:publish', 'comments:moderate'],
  reporter: ['articles:read', 'articles:write'],
  moderator: ['articles:read', 'comments:moderate'],
};

/** Every scope a role allows: what a signed-in session of that role has. */
export function scopesForRole(role: StaffRole): readonly Scope[] {
  return ROLE_SCOPES[role];
}

export function isScope(value: string): value is Scope {
  return Object.hasOwn(SCOPES, value);
}
