'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { ApiError, sendJson } from '@/components/api/fetch-json';
import { ConfirmDialog } from '@/components/forms/confirm-dialog';
import { incidentActionInputSchema } from '@/core/services/incidents/schemas';
import {
  applyIncidentToCache,
  incidentDetailKey,
  incidentPath,
  incidentsQueryKey,
  type IncidentView,
} from './incident-api';

/** Resolve, after a confirmation that takes an optional note for the timeline (what was done). */
export function ResolveButton({ incident, disabled }: { incident: IncidentView; disabled: boolean }) {
  const queryClient = useQueryClient();
  const noteId = useId();
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function resolve() {
    const parsed = incidentActionInputSchema.safeParse(note.trim() ? { note } : {});
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? 'invalid note');
      return;
    }
    setPending(true);
    setError(null);
    try {
      const updated = await sendJson<IncidentView>(
        'POST',
        incidentPath(incident.id, '/resolve'),
        parsed.data,
      );
      if (updated && typeof updated.id === 'string') applyIncidentToCache(queryClient, updated);
      await queryClient.invalidateQueries({ queryKey: incidentsQueryKey });
      await queryClient.invalidateQueries({ queryKey: incidentDetailKey(incident.id), exact: true });
      setOpen(false);
      setNote('');
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'Could not resolve the incident.');
    } finally {
      setPending(false);
    }
  }

  return (
    <>
      <button type="button" className="button" disabled={disabled} onClick={() => setOpen(true)}>
        Resolve
      </button>
      {open && (
        <ConfirmDialog
          title="Resolve this incident?"
          confirmLabel="Resolve incident"
          pendingLabel="Resolving…"
          pending={pending}
          error={error}
          onConfirm={() => void resolve()}
          onCancel={() => {
            setOpen(false);
            setError(null);
          }}
          testId="resolve-dialog"
        >
          <p>
            {incident.title} will be marked resolved. If the rule is still firing, it reopens once the rule
            clears and fires again.
          </p>
          <div className="field field-wide">
            <label htmlFor={noteId}>Resolution note (optional)</label>
            <textarea
              id={noteId}
              rows={3}
              maxLength={2000}
              value={note}
              placeholder="What was done, for the timeline"
              onChange={(e) => setNote(e.target.value)}
            />
          </div>
        </ConfirmDialog>
      )}
    </>
  );
}
