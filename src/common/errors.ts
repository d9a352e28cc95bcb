/** The one error type services throw. Mapped to HTTP once, in src/web/errors.ts. */
export type ErrorCode =
  'validation' | 'unauthenticated' | 'forbidden' | 'not-found' | 'conflict' | 'too-large' | 'unsupported'

export const HTTP_STATUS: Record<ErrorCode, number> = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'too-large': 413,
  unsupported: 415,
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Field name -> message, for forms (GOV.UK error summary) and API clients. */
    readonly fields: Record<string, string> = {},
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
}
