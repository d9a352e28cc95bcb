/** The one error type services throw. Mapped to HTTP once, in the error handler of src/web/app.ts. */
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

export const NOT_ALLOWED_CHARACTERS = 'The request contains characters that are not allowed'

const FORBIDDEN_CHARACTERS = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** Whether any string in a parsed query, params or body (keys included, nested to any depth) holds a NUL or a lone surrogate. */
export function hasForbiddenCharacters(v: unknown, depth = 0): boolean {
  if (typeof v === 'string') return FORBIDDEN_CHARACTERS.test(v)
  if (v === null || typeof v !== 'object' || Buffer.isBuffer(v) || depth > 32) return false
  if (Array.isArray(v)) return v.some((x) => hasForbiddenCharacters(x, depth + 1))
  return Object.entries(v).some(([k, x]) => FORBIDDEN_CHARACTERS.test(k) || hasForbiddenCharacters(x, depth + 1))
}

/**
 * A database error the user caused (the same SQLSTATE from pg and PGlite, both in `.code`) as the AppError to show,
 * or undefined when it is the service's own fault. Used where errors meet HTTP (the error handler and the form
 * actions, which show the form again with what was typed), so no service needs to know the codes.
 */
export function fromDatabaseError(e: unknown): AppError | undefined {
  if (e instanceof AppError || typeof e !== 'object' || e === null) return undefined
  const code = (e as { code?: unknown }).code
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) return undefined
  switch (code) {
    case '23505': // unique_violation
      return AppError.conflict('This would duplicate something that already exists. Change it and try again.')
    case '23514': // check_violation
      return AppError.conflict('This breaks one of the service’s rules for this record. Check what you entered.')
    case '23503': // foreign_key_violation
      return AppError.conflict(
        'This refers to something that no longer exists, or is still used by something else. Reload the page and try again.',
      )
    case '40001': // serialization_failure
    case '40P01': // deadlock_detected
      return AppError.conflict('Someone else changed this at the same time. Reload the page and try again.')
    case '22021': // character_not_in_repertoire (a NUL byte, an invalid byte sequence)
    case '22P05': // untranslatable_character (a NUL in JSON)
      return new AppError('validation', NOT_ALLOWED_CHARACTERS)
    case '22003': // numeric_value_out_of_range
      return new AppError('validation', 'A number in the request is too large')
    case '22P02': // invalid_text_representation
    case '22007': // invalid_datetime_format
    case '22008': // datetime_field_overflow
      return new AppError('validation', 'A value in the request is not in the form expected')
    default:
      return undefined
  }
}
