import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../platform/db/database.js';
import { requireScope } from '../auth/auth.plugin.js';
import type { SessionStore } from '../auth/session-store.js';
import type { PasswordCost } from './passwords.js';
import { parseInput } from '../../platform/validation.js';
import { createStaff, listStaffMembers, NewStaffSchema, StaffChangesSchema, updateStaff } from './staff.service.js';

export interface StaffRoutesOptions {
  db: Db;
  sessions: SessionStore;
  now?: () => Date;
  /** Lower argon2 cost for tests only. */
  passwordCost?: PasswordCost;
}

const IdParams = z.object({ id: z.coerce.number({ error: 'id 应为正整数' }).int().positive({ error: 'id 应为正整数' }) });

/** The users admin API (admins only): list, create (a one-time password when none is given) and change staff. */
export const staffRoutes: FastifyPluginAsync<StaffRoutesOptions> = async (app, options) => {
  const { db, sessions } = options;
  const clock = () => options.now?.() ?? new Date();

  app.get('/users', async (request) => {
    requireScope(request, 'admin');
    return { users: await listStaffMembers(db) };
  });

  app.post('/users', async (request, reply) => {
    const actor = requireScope(request, 'admin');
    const input = parseInput(NewStaffSchema, request.body, '员工信息有误');
    const created = await createStaff(db, input, {
      actorId: actor.id,
      now: clock(),
      ...(options.passwordCost && { passwordCost: options.passwordCost }),
    });
    return reply.code(201).send({ user: created.member, oneTimePassword: created.oneTimePassword });
  });

  app.patch('/users/:id', async (request) => {
    const actor = requireScope(request, 'admin');
    const { id } = parseInput(IdParams, request.params, '员工编号有误');
    const changes = parseInput(StaffChangesSchema, request.body, '员工信息有误');
    return { user: await updateStaff(db, sessions, id, changes, { actorId: actor.id, now: clock() }) };
  });
};
