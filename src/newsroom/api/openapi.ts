import { z } from 'zod';

/** One operation of the admin API, described for the OpenAPI document. */
export interface ApiOperation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI path, e.g. /api/admin/articles/{id}. */
  path: string;
  summary: string;
  tag: string;
  /** The scope a token needs; absent for routes open to any signed-in user (or anonymous). */
  scope?: string;
  /** Whether the route needs no sign-in at all (login). */
  anonymous?: boolean;
  body?: z.ZodType;
  /** How the body is sent, default application/json (uploads are multipart/form-data). */
  bodyType?: 'application/json' | 'multipart/form-data';
  query?: z.ZodObject;
  /** Successful status, default 200. */
  status?: number;
}

const ERROR_RESPONSE = {
  description: 'Error: `{error: {code, message, details?}}`',
  content: {
    'application/json': {
      schema: {
        type: 'object',
        properties: {
          error: {
            type: 'object',
            required: ['code', 'message'],
            properties: {
              code: { type: 'string' },
              message: { type: 'string', description: 'In Chinese, fit to show the user' },
              details: { type: 'array', items: { type: 'string' }, description: 'One line per invalid field' },
              conflict: { type: 'object', description: '409 version_conflict: yourVersion, currentVersion and the other change' },
            },
          },
        },
      },
    },
  },
};

function jsonSchema(schema: z.ZodType): object {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

function pathParameters(path: string) {
  return [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
}

function queryParameters(query: z.ZodObject | undefined) {
  if (!query) return [];
  return Object.entries(query.shape).map(([name, schema]) => ({
    name,
    in: 'query',
    required: !(schema as z.ZodType).safeParse(undefined).success,
    schema: jsonSchema(schema as z.ZodType),
  }));
}

/** The OpenAPI 3.1 document for the admin API, built from the routes' own zod schemas. */
export function buildOpenApiDocument(operations: ApiOperation[], info: { title: string; version: string }): object {
  const paths: Record<string, Record<string, object>> = {};
  for (const op of operations) {
    const errors: Record<string, unknown> = { '400': ERROR_RESPONSE, '404': ERROR_RESPONSE };
    if (!op.anonymous) Object.assign(errors, { '401': ERROR_RESPONSE, '403': ERROR_RESPONSE });
    if (op.method !== 'get') Object.assign(errors, { '409': ERROR_RESPONSE, '422': ERROR_RESPONSE });
    paths[op.path] ??= {};
    (paths[op.path] as Record<string, object>)[op.method] = {
      summary: op.summary,
      tags: [op.tag],
      ...(op.scope && { description: `API token scope: \`${op.scope}\`` }),
      ...(op.anonymous && { security: [] }),
      parameters: [...pathParameters(op.path), ...queryParameters(op.query)],
      ...(op.body && { requestBody: { required: true, content: { [op.bodyType ?? 'application/json']: { schema: jsonSchema(op.body) } } } }),
      responses: { [String(op.status ?? 200)]: { description: 'OK' }, ...errors },
    };
  }
  return {
    openapi: '3.1.0',
    info,
    servers: [{ url: '/' }],
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'xinwen_session', description: 'Unsafe methods also need the x-csrf-token header.' },
        bearer: { type: 'http', scheme: 'bearer', description: 'API token (xw_…); no CSRF token needed.' },
      },
    },
    security: [{ session: [] }, { bearer: [] }],
    paths,
  };
}
