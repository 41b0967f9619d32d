import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseInput } from '../platform/validation.js';
import type { Popularity } from './popularity.service.js';

export interface PopularityRoutesOptions {
  popularity: Popularity;
}

const ParamsSchema = z.object({
  articleId: z
    .string()
    .regex(/^[1-9]\d{0,9}$/, '文章编号应为正整数')
    .transform(Number)
    .refine((n) => n <= 2_147_483_647, '文章编号超出范围'),
});

/**
 * `POST /api/views/:articleId` → `{views, counted}`: the page's view beacon. It counts the view
 * (unless it is a bot, a prefetch, cross-site or a repeat within 30 minutes) and answers the
 * article's 人气. Unknown and unpublished ids are 404.
 */
export async function popularityRoutes(app: FastifyInstance, { popularity }: PopularityRoutesOptions): Promise<void> {
  app.post<{ Params: { articleId: string } }>(
    '/api/views/:articleId',
    {
      schema: {
        response: {
          200: {
            type: 'object',
            properties: { views: { type: 'integer' }, counted: { type: 'boolean' } },
            required: ['views', 'counted'],
          },
        },
      },
    },
    async (request, reply) => {
      const { articleId } = parseInput(ParamsSchema, request.params, '文章编号无效');
      const answer = await popularity.recordView({ articleId, ip: request.ip, headers: request.headers });
      reply.header('cache-control', 'no-store');
      return { views: answer.views, counted: answer.counted };
    },
  );
}
