import pino from 'pino';
import { errorFields } from '@/core/errors';

const loggerKey = Symbol.for('pulseboard.logger');
type LoggerHolder = { [loggerKey]?: pino.Logger };

/**
 * `err` fields as pino writes them, but a database error says PostgreSQL's message, code, constraint and
 * detail instead of drizzle's "Failed query: … params: …": the parameters are request data (events,
 * password hashes), and the stack keeps only its frames for the same reason.
 */
export function serializeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const { error: message, ...fields } = errorFields(error);
  // V8's stack is "<name>: <message>" and then the frames; a message may span lines (drizzle's does).
  const stack = error.stack ?? '';
  const header = `${error.name}: ${error.message}`;
  const frames = stack.startsWith(header)
    ? stack.slice(header.length)
    : `\n${stack
        .split('\n')
        .filter((line) => /^\s+at /.test(line))
        .join('\n')}`;
  return { type: error.name, message, ...fields, stack: `${error.name}: ${message}${frames}` };
}

/** Structured JSON logs; one logger per process, shared by the custom server and the route handlers. */
export function logger(): pino.Logger {
  const holder = globalThis as LoggerHolder;
  holder[loggerKey] ??= pino({
    level: process.env.LOG_LEVEL ?? 'info',
    base: { proc: process.env.PULSEBOARD_PROCESS ?? 'web' },
    redact: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.secret'],
    serializers: { err: serializeError },
  });
  return holder[loggerKey];
}
