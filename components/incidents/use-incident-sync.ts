import { useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useIncidentFrames } from '@/components/realtime/socket';
import {
  applyIncidentToCache,
  incidentsQueryKey,
  parseIncidentFrame,
  type IncidentView,
} from './incident-api';

/**
 * Keeps every cached incident list and detail current from `incident` frames; each reconnect re-reads
 * them (frames may have been missed). `onIncident` also sees each frame; `onSubscribed` runs once the
 * server has acknowledged the subscription (see `IncidentFrameListener`).
 */
export function useIncidentSync(
  onIncident?: (incident: IncidentView) => void,
  onSubscribed?: () => void,
): void {
  const queryClient = useQueryClient();
  const listener = useMemo(
    () => ({
      onFrame: (raw: unknown) => {
        const incident = parseIncidentFrame(raw);
        if (!incident) return;
        applyIncidentToCache(queryClient, incident);
        onIncident?.(incident);
      },
      onConnect: () => {
        void queryClient.invalidateQueries({ queryKey: incidentsQueryKey });
      },
      onSubscribed,
    }),
    [queryClient, onIncident, onSubscribed],
  );
  useIncidentFrames(listener);
}
