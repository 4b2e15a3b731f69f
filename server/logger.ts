import pino from 'pino';

const loggerKey = Symbol.for('pulseboard.logger');
type LoggerHolder = { [loggerKey]?: pino.Logger };

/** Structured JSON logs; one logger per process, shared by the custom server and the route handlers. */
export function logger(): pino.Logger {
  const holder = globalThis as LoggerHolder;
  holder[loggerKey] ??= pino({
    level: process.env.LOG_LEVEL ?? 'info',
    base: { proc: process.env.PULSEBOARD_PROCESS ?? 'web' },
    redact: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.secret'],
  });
  return holder[loggerKey];
}
