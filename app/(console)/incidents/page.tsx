import type { Metadata } from 'next';
import { IncidentStatsView } from '@/components/incidents/incident-stats';
import { IncidentsList } from '@/components/incidents/incidents-list';

export const metadata: Metadata = { title: 'Incidents' };

export default function IncidentsPage() {
  return (
    <>
      <IncidentsList />
      <div className="metrics-page incident-stats-section">
        <IncidentStatsView />
      </div>
    </>
  );
}
