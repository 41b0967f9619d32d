import { InvalidArgumentError, Option, type Command } from 'commander';
import { loadConfig } from '../config.js';
import { createDbSessionStore } from '../newsroom/auth/db-session-store.js';
import { createRedisSessionStore, staffSessionsKeyPrefix } from '../newsroom/auth/redis-session-store.js';
import { ALL_SCOPES, DEFAULT_TOKEN_SCOPES, SCOPES, type Scope } from '../newsroom/auth/scopes.js';
import { createApiToken, listApiTokens, revokeApiToken, type ApiTokenInfo } from '../newsroom/auth/tokens.service.js';
import { STAFF_ROLES, type StaffRole } from '../newsroom/staff/actor.js';
import { resetPassword } from '../newsroom/staff/credentials.service.js';
import { createStaff, getStaffMemberByEmail, listStaffMembers, type StaffMember } from '../newsroom/staff/staff.service.js';
import type { OpenDatabase } from '../platform/db/database.js';
import { AppError } from '../platform/errors.js';
import { openRedis } from '../platform/redis/open-redis.js';

/** What commands.ts lends the staff commands. */
export interface StaffCommandHelpers {
  /** Opens the configured database, runs `fn`, closes it; a ValidationError becomes a usage error. */
  withDatabase<T>(fn: (database: OpenDatabase) => Promise<T>): Promise<T>;
  out(line: string): void;
  /** Thrown for bad arguments: main prints the message and exits with code 2. */
  UsageError: new (message: string) => Error;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

function desksText(member: StaffMember): string {
  return member.desks === null ? 'all desks' : `desks: ${member.desks.join(', ')}`;
}

function memberLine(member: StaffMember): string {
  const state = member.disabled ? 'disabled' : member.mustChangePassword ? 'must change password' : 'active';
  return [member.id, member.email, member.name, member.role, member.desks?.join(',') ?? '*', state].join('\t');
}

function tokenLine(token: ApiTokenInfo): string {
  return [
    token.id,
    token.name,
    `${token.owner.name} (#${token.owner.id})`,
    token.scopes.join(','),
    `created ${token.createdAt}`,
    token.lastUsedAt ? `last used ${token.lastUsedAt}` : 'never used',
    token.revokedAt ? `REVOKED ${token.revokedAt}` : 'active',
  ].join('\t');
}

/**
 * `xinwen user add|list|passwd` and `xinwen token create|list|revoke`. Anything the services
 * refuse (unknown desk, taken email, unknown user, …) is a usage error: exit code 2.
 */
export function registerStaffCommands(program: Command, helpers: StaffCommandHelpers): void {
  const { out, UsageError } = helpers;
  const run = <T>(fn: (database: OpenDatabase) => Promise<T>) =>
    helpers.withDatabase(async (database) => {
      try {
        return await fn(database);
      } catch (error) {
        if (error instanceof AppError && error.status < 500) throw new UsageError(error.message);
        throw error;
      }
    });

  const user = program.command('user').description('staff logins: add, list, reset a password');
  user
    .command('add')
    .description('give someone a login (a person already named in copy with that name gets it, no duplicate)')
    .requiredOption('--email <email>', 'login email')
    .requiredOption('--name <name>', 'display name, as in bylines, e.g. 王芳')
    .addOption(new Option('--role <role>', 'role').choices(STAFF_ROLES).makeOptionMandatory())
    .option('--desk <slug>', 'limit to this desk (section slug); repeat for several; default: every desk', collect)
    .option('--password <password>', 'initial password (visible in shell history); omit to print a one-time password')
    .action(async (o: { email: string; name: string; role: StaffRole; desk?: string[]; password?: string }) => {
      await run(async ({ db }) => {
        const { member, oneTimePassword, existingPerson } = await createStaff(db, {
          email: o.email,
          name: o.name,
          role: o.role,
          ...(o.desk && { desks: o.desk }),
          ...(o.password !== undefined && { password: o.password }),
        });
        const how = existingPerson ? 'Gave a login to' : 'Added';
        out(`${how} ${member.name} <${member.email}> (#${member.id}), ${member.role}, ${desksText(member)}.`);
        if (oneTimePassword) out(`One-time password: ${oneTimePassword}\n(shown once; it must be changed at first login)`);
      });
    });

  user
    .command('list', { isDefault: true })
    .description('print every staff login: id, email, name, role, desks (* = all), state')
    .action(async () => {
      await run(async ({ db }) => {
        for (const member of await listStaffMembers(db)) out(memberLine(member));
      });
    });

  user
    .command('passwd')
    .description('reset a password: prints a one-time password, ends their sessions, unlocks the account')
    .requiredOption('--email <email>', 'login email')
    .action(async (o: { email: string }) => {
      await run(async ({ db }) => {
        // In scale mode (REDIS_URL) the sessions to end are in Redis, not in the database.
        const { redisUrl, redisPrefix } = loadConfig();
        const redis = redisUrl ? await openRedis(redisUrl) : null;
        try {
          const sessions = redis ? createRedisSessionStore({ redis, keyPrefix: staffSessionsKeyPrefix(redisPrefix) }) : createDbSessionStore(db);
          const { member, oneTimePassword } = await resetPassword(db, sessions, o.email);
          out(`Reset the password of ${member.name} <${member.email}>; their sessions are ended.`);
          out(`One-time password: ${oneTimePassword}\n(shown once; it must be changed at first login)`);
        } finally {
          await redis?.quit();
        }
      });
    });

  const token = program.command('token').description('API tokens for integrations: create, list, revoke');
  token
    .command('create')
    .description('create an API token acting for a staff member; it is printed once')
    .requiredOption('--user <email>', "owner's login email")
    .requiredOption('--name <name>', 'what the token is for, e.g. 通讯社稿件导入')
    .addOption(
      new Option(
        '--scope <scope>',
        `repeat for several (default: ${DEFAULT_TOKEN_SCOPES.join(' + ')}); ${ALL_SCOPES.map((s) => `${s}: ${SCOPES[s]}`).join('; ')}`,
      )
        .choices(ALL_SCOPES)
        .argParser((value: string, previous: Scope[] | undefined) => {
          if (!(ALL_SCOPES as string[]).includes(value)) throw new InvalidArgumentError(`must be one of ${ALL_SCOPES.join(', ')}`);
          return [...(previous ?? []), value as Scope];
        }),
    )
    .action(async (o: { user: string; name: string; scope?: Scope[] }) => {
      await run(async ({ db }) => {
        const owner = await getStaffMemberByEmail(db, o.user);
        if (owner.disabled) throw new UsageError(`${owner.email} is disabled; a token for them would not work.`);
        const { token: secret, info } = await createApiToken(db, owner, { name: o.name, ...(o.scope && { scopes: o.scope }) }, { actorId: null });
        out(`Created token #${info.id} "${info.name}" for ${owner.name} <${owner.email}>, scopes: ${info.scopes.join(', ')}.`);
        out(secret);
        out('Store it now: it is not shown again. Use it as "Authorization: Bearer <token>".');
      });
    });

  token
    .command('list', { isDefault: true })
    .description("print tokens (never the secrets): id, name, owner, scopes, dates, state")
    .option('--user <email>', "only this person's tokens")
    .action(async (o: { user?: string }) => {
      await run(async ({ db }) => {
        const personId = o.user === undefined ? null : (await getStaffMemberByEmail(db, o.user)).id;
        for (const info of await listApiTokens(db, { personId })) out(tokenLine(info));
      });
    });

  token
    .command('revoke')
    .description('revoke a token at once')
    .requiredOption('--id <n>', 'token id (see token list)', (value: string) => {
      if (!/^\d+$/.test(value)) throw new InvalidArgumentError('must be a token id (a whole number)');
      return Number(value);
    })
    .action(async (o: { id: number }) => {
      await run(async ({ db }) => {
        const info = await revokeApiToken(db, null, o.id);
        out(`Revoked token #${info.id} "${info.name}" of ${info.owner.name}.`);
      });
    });
}
