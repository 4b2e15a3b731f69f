import type { Metadata } from 'next';
import { IncidentsList } from '@/components/incidents/incidents-list';

export const metadata: Metadata = { title: 'Incidents' };

export default function IncidentsPage() {
  return <IncidentsList />;
}
