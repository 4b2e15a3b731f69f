import { formatClock } from '@/lib/time/format';

/**
 * An incident timeline entry of kind `notification` in one line: `Slack #ops (slack): trigger sent, HTTP
 * 200, attempt 1`, with the error or the next retry (in `timeZone`) when there is one. Ids are left out.
 */
export function describeNotificationEntry(data: Record<string, unknown>, timeZone: string): string {
  const text = (key: string) => (typeof data[key] === 'string' ? data[key] : null);
  const num = (key: string) => (typeof data[key] === 'number' ? data[key] : null);
  const channel = text('channelName') ?? 'a channel';
  const type = text('channelType');
  const parts = [
    `${channel}${type ? ` (${type})` : ''}: ${text('action') ?? 'message'} ${text('status') ?? ''}`.trim(),
  ];
  const code = num('statusCode');
  if (code !== null) parts.push(`HTTP ${code}`);
  const attempt = num('attempt');
  if (attempt !== null) parts.push(`attempt ${attempt}`);
  const error = text('error');
  if (error) parts.push(error);
  const next = text('nextAttemptAt');
  if (next) parts.push(`next try ${formatClock(next, timeZone)}`);
  return parts.join(', ');
}
