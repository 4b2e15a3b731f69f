/** Typed errors that the route and socket layers map to statuses in one place (server/http.ts). */
export class AppError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly field?: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  constructor(message: string, field?: string) {
    super(message, 400, 'validation_error', field);
  }
}
export class UnauthorizedError extends AppError {
  constructor(message = 'Authentication required') {
    super(message, 401, 'unauthorized');
  }
}
export class ForbiddenError extends AppError {
  constructor(message = 'You do not have permission to do that') {
    super(message, 403, 'forbidden');
  }
}
export class NotFoundError extends AppError {
  constructor(message = 'Not found') {
    super(message, 404, 'not_found');
  }
}
export class ConflictError extends AppError {
  constructor(message: string, field?: string) {
    super(message, 409, 'conflict', field);
  }
}
export class PayloadTooLargeError extends AppError {
  constructor(message: string) {
    super(message, 413, 'payload_too_large', 'body');
  }
}
export class UnsupportedMediaTypeError extends AppError {
  constructor(message: string) {
    super(message, 415, 'unsupported_media_type', 'content-type');
  }
}
export class TooManyRequestsError extends AppError {
  constructor(message: string, retryAfterSeconds: number) {
    super(message, 429, 'too_many_requests', undefined, retryAfterSeconds);
  }
}
export class UnavailableError extends AppError {
  constructor(message: string, retryAfterSeconds = 5) {
    super(message, 503, 'unavailable', undefined, retryAfterSeconds);
  }
}

type ChainedError = Error & {
  query?: unknown;
  params?: unknown;
  code?: unknown;
  constraint_name?: unknown;
  table_name?: unknown;
  detail?: unknown;
};

/** Enough of a query to know which it was; the rest can be megabytes of parameters' placeholders. */
const queryShown = 200;

export type ErrorFields = {
  error: string;
  query?: string;
  code?: string;
  constraint?: string;
  table?: string;
  detail?: string;
};

/**
 * What a log line says about a failure: the messages of its `cause` chain and PostgreSQL's code, constraint,
 * table and detail (also behind drizzle's "Failed query"), with the query's start but not its parameters.
 */
export function errorFields(error: unknown): ErrorFields {
  if (!(error instanceof Error)) return { error: String(error) };
  const messages: string[] = [];
  const fields: Omit<ErrorFields, 'error'> = {};
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 8; depth += 1) {
    const e: ChainedError = current;
    if (typeof e.query === 'string' && 'params' in e) {
      fields.query ??= e.query.length > queryShown ? `${e.query.slice(0, queryShown)}…` : e.query;
    } else {
      messages.push(e.message);
    }
    if (typeof e.code === 'string') fields.code ??= e.code;
    if (typeof e.constraint_name === 'string') fields.constraint ??= e.constraint_name;
    if (typeof e.table_name === 'string') fields.table ??= e.table_name;
    if (typeof e.detail === 'string') fields.detail ??= e.detail;
    current = e.cause;
  }
  return { error: messages.join(': ') || (error.message.split('\n')[0] ?? ''), ...fields };
}
