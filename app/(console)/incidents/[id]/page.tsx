import type { Metadata } from 'next';
import { IncidentDetailView } from '@/components/incidents/incident-detail';
import { pageActor } from '@/server/auth/page-actor';

export const metadata: Metadata = { title: 'Incident' };

export default async function IncidentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await pageActor();
  return <IncidentDetailView key={id} id={id} userId={actor?.userId ?? null} />;
}
