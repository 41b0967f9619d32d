/**
 * An error a service throws on purpose. `publicMessage` is safe to show a reader
 * (in Chinese); `message` is for logs and the command line.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly publicMessage: string,
    message: string = publicMessage,
  ) {
    super(message);
    this.name = 'AppError';
  }

  /** Extra fields for the JSON error body beside `code` and `message` (e.g. `details`). */
  jsonFields(): Record<string, unknown> {
    return {};
  }
}

/** 404: the thing asked for does not exist (or is not public). */
export class NotFoundError extends AppError {
  constructor(publicMessage = '您要找的页面不存在或已被删除。', message?: string) {
    super(404, 'not_found', publicMessage, message);
    this.name = 'NotFoundError';
  }
}

/** 400: input failed validation; `details` lists each problem. */
export class ValidationError extends AppError {
  constructor(
    publicMessage: string,
    readonly details: string[] = [],
  ) {
    super(400, 'invalid_input', publicMessage, details.length ? `${publicMessage}: ${details.join('; ')}` : publicMessage);
    this.name = 'ValidationError';
  }

  override jsonFields(): Record<string, unknown> {
    return this.details.length > 0 ? { details: this.details } : {};
  }
}

/** 401: no valid session or API token came with the request. */
export class UnauthorizedError extends AppError {
  constructor(publicMessage = '请先登录。', code = 'unauthenticated', message?: string) {
    super(401, code, publicMessage, message);
    this.name = 'UnauthorizedError';
  }
}

/** 403: the caller is known but may not do this (role, scope, CSRF token, …); `code` says which. */
export class ForbiddenError extends AppError {
  constructor(publicMessage = '您没有权限执行此操作。', code = 'forbidden', message?: string) {
    super(403, code, publicMessage, message);
    this.name = 'ForbiddenError';
  }
}

/** 409: the change clashes with what is stored (e.g. an email address already in use). */
export class ConflictError extends AppError {
  constructor(publicMessage: string, code = 'conflict', message?: string) {
    super(409, code, publicMessage, message);
    this.name = 'ConflictError';
  }
}

/** 429: too many attempts; `retryAfterSeconds` becomes the Retry-After header. */
export class TooManyRequestsError extends AppError {
  constructor(
    publicMessage: string,
    readonly retryAfterSeconds: number,
    code = 'too_many_requests',
  ) {
    super(429, code, publicMessage);
    this.name = 'TooManyRequestsError';
  }
}
