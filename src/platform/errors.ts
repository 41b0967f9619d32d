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
}
