import { json } from '@/server/http';

export const dynamic = 'force-dynamic';

/** The process is up; says nothing about its dependencies (that is /api/ready). */
export function GET(): Response {
  return json({ status: 'ok', uptimeSeconds: Math.round(process.uptime()) });
}
