/** The one error type services throw. Mapped to HTTP once, in src/web/errors.ts. */
export type ErrorCode =
  | 'validation'
  | 'unauthenticated'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'too-large'
  | 'unsupported'
  | 'rate-limited'

export const HTTP_STATUS: Record<ErrorCode, number> = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'too-large': 413,
  unsupported: 415,
  'rate-limited': 429,
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Field name -> message, for forms (GOV.UK error summary) and API clients. */
    readonly fields: Record<string, string> = {},
    /** For 'rate-limited': seconds until another try can succeed (the Retry-After header). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message)
  }
  static validation(fields: Record<string, string>, message = 'There is a problem'): AppError {
    return new AppError('validation', message, fields)
  }
  static notFound(what = 'Page'): AppError {
    return new AppError('not-found', `${what} not found`)
  }
  static forbidden(message = 'You do not have permission to do that'): AppError {
    return new AppError('forbidden', message)
  }
  static conflict(message: string): AppError {
    return new AppError('conflict', message)
  }
  static rateLimited(message: string, retryAfterSeconds: number, fields: Record<string, string> = {}): AppError {
    return new AppError('rate-limited', message, fields, retryAfterSeconds)
  }
}
