'use client';

import { useState } from 'react';
import { sendJson } from '@/components/api/fetch-json';
import { useHasRole } from '@/components/auth/actor-context';
import { PageHeader } from '@/components/console/page-header';
import { Tabs } from '@/components/console/tabs';
import { ConfirmDialog } from '@/components/forms/confirm-dialog';
import {
  DeleteButton,
  DeleteDialog,
  EditButton,
  edited,
  editorKey,
  EmptyRow,
  ErrorBanner,
  NewButton,
  Notice,
  TablePanel,
} from '@/components/lists/list-panel';
import { useListEditor } from '@/components/lists/use-list-editor';
import { useRowActions } from '@/components/lists/use-row-actions';
import { useRuleList } from '@/components/rules/rule-api';
import { maintenanceWindowActiveUntil } from '@/lib/alerting/suppression';
import { weekDays } from '@/lib/alerting/types';
import { formatMoment } from '@/lib/time/format';
import { useTimeFormat, type TimeFormat } from '@/components/time/time-zone';
import { dayNames, MaintenanceWindowForm } from './maintenance-window-form';
import {
  describeMatchers,
  maintenanceWindowPath,
  maintenanceWindowsQueryKey,
  silencePath,
  silencesQueryKey,
  toSchedule,
  useMaintenanceWindows,
  useSilences,
  type MaintenanceWindowView,
  type SilenceView,
} from './silence-api';
import { SilenceForm, type SilencePrefill } from './silence-form';

const tabs = [
  { id: 'silences', label: 'Silences' },
  { id: 'windows', label: 'Maintenance windows' },
] as const;
type Tab = (typeof tabs)[number]['id'];

const states = [
  { id: 'active', label: 'Active' },
  { id: 'pending', label: 'Upcoming' },
  { id: 'expired', label: 'Expired' },
] as const;
type SilenceState = (typeof states)[number]['id'];

function useRuleName() {
  const rules = useRuleList();
  return (id: string) => rules.data?.find((r) => r.id === id)?.name ?? id;
}

function Matchers({ matchers, empty }: { matchers: SilenceView['matchers']; empty: string }) {
  const ruleName = useRuleName();
  const parts = describeMatchers(matchers, ruleName);
  if (parts.length === 0) return <span className="muted">{empty}</span>;
  return (
    <span className="chips">
      {parts.map((p) => (
        <code key={p} className="chip">
          {p}
        </code>
      ))}
    </span>
  );
}

/** Silences by state, Alertmanager's way: active, upcoming, expired; operators create and end them. */
function SilencesSection({ prefill }: { prefill: SilencePrefill | null }) {
  const silences = useSilences();
  const canSilence = useHasRole('operator');
  const time = useTimeFormat();
  const [state, setState] = useState<SilenceState>('active');
  const [creating, setCreating] = useState(prefill !== null);
  const [ending, setEnding] = useState<SilenceView | null>(null);
  const rows = useRowActions(silencesQueryKey);
  const { notice, setNotice } = rows;
  const all = silences.data ?? [];
  const shown = all.filter((s) => s.state === state);

  function end(silence: SilenceView) {
    // An upcoming silence never took effect: it goes; an active one ends now and stays as expired.
    const upcoming = silence.state === 'pending';
    void rows
      .act({
        id: silence.id,
        run: () =>
          upcoming
            ? sendJson('DELETE', silencePath(silence.id))
            : sendJson('PATCH', silencePath(silence.id), { endsAt: new Date().toISOString() }),
        done: upcoming ? 'Silence deleted.' : 'Silence ended.',
        failed: 'Could not end the silence.',
      })
      .then((ok) => ok && setEnding(null));
  }

  return (
    <div className="notifications-section">
      <div className="section-bar">
        <div className="cell-actions" role="group" aria-label="Silence state">
          {states.map((s) => (
            <button
              key={s.id}
              type="button"
              className="button button-small"
              aria-pressed={state === s.id}
              onClick={() => setState(s.id)}
            >
              {s.label} ({all.filter((x) => x.state === s.id).length})
            </button>
          ))}
        </div>
        {canSilence && !creating && (
          <NewButton
            label="New silence"
            onClick={() => {
              setNotice('');
              setCreating(true);
            }}
          />
        )}
      </div>
      <Notice testId="silences-notice">{notice}</Notice>
      {canSilence && creating && (
        <SilenceForm
          prefill={prefill ?? {}}
          onCancel={() => setCreating(false)}
          onSaved={(s) => {
            setCreating(false);
            setState(s.state);
            setNotice(`Silence created, until ${time.moment(s.endsAt)}.`);
          }}
        />
      )}
      {silences.isError && <ErrorBanner>Could not load silences.</ErrorBanner>}
      <TablePanel
        id="silences"
        title={`${states.find((s) => s.id === state)?.label} silences`}
        loaded={Boolean(silences.data)}
        pending={silences.isPending}
        testId="silences-table"
        columns={['Matches', 'Starts', 'Ends', 'Comment', 'Created by']}
        actions={canSilence && state !== 'expired'}
      >
        {shown.map((s) => (
          <tr key={s.id} data-testid="silence-row">
            <th scope="row">
              <Matchers matchers={s.matchers} empty="everything" />
            </th>
            <td>
              <time dateTime={s.startsAt}>{time.moment(s.startsAt)}</time>
            </td>
            <td>
              <time dateTime={s.endsAt}>{time.moment(s.endsAt)}</time>
            </td>
            <td>{s.comment || <span className="muted">—</span>}</td>
            <td>{s.createdBy.email}</td>
            {canSilence && state !== 'expired' && (
              <td>
                <button
                  type="button"
                  className="button button-small button-danger-quiet"
                  onClick={() => {
                    rows.reset();
                    setEnding(s);
                  }}
                >
                  {s.state === 'pending' ? 'Delete' : 'End now'}
                </button>
              </td>
            )}
          </tr>
        ))}
        <EmptyRow show={Boolean(silences.data) && shown.length === 0} colSpan={6}>
          No {states.find((x) => x.id === state)?.label.toLowerCase()} silences.
        </EmptyRow>
      </TablePanel>
      {ending && (
        <ConfirmDialog
          title={ending.state === 'pending' ? 'Delete this upcoming silence?' : 'End this silence now?'}
          confirmLabel={ending.state === 'pending' ? 'Delete silence' : 'End silence'}
          pendingLabel="Ending…"
          pending={rows.busy === ending.id}
          error={rows.error || null}
          onConfirm={() => end(ending)}
          onCancel={() => {
            rows.reset();
            setEnding(null);
          }}
          testId="end-silence-dialog"
        >
          <p>
            Matching firings open incidents again at the next evaluation.{' '}
            {ending.comment && <>Comment: “{ending.comment}”.</>}
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}

function describeSchedule(w: MaintenanceWindowView): string {
  if (w.recurrence) {
    const days = weekDays.filter((d) => w.recurrence?.days.includes(d)).map((d) => dayNames[d].slice(0, 3));
    const minutes = w.recurrence.durationMinutes;
    const length = minutes % 60 === 0 ? `${minutes / 60} h` : `${minutes} min`;
    return `Weekly ${days.join(', ')} at ${w.recurrence.start} for ${length}`;
  }
  if (!w.startsAt || !w.endsAt) return '—';
  // A one-off window reads in its own zone, the one it was planned in.
  const now = Date.now();
  return `${formatMoment(w.startsAt, w.timeZone, now)} – ${formatMoment(w.endsAt, w.timeZone, now)}`;
}

function windowState(w: MaintenanceWindowView, time: TimeFormat): string {
  if (!w.enabled) return 'disabled';
  const until = maintenanceWindowActiveUntil(toSchedule(w), Date.now());
  if (until !== null) return `in force until ${time.moment(until)}`;
  if (!w.recurrence && w.endsAt && Date.parse(w.endsAt) <= Date.now()) return 'over';
  return 'scheduled';
}

/** Maintenance windows: everyone reads them; admins create, edit and delete (as the API allows). */
function WindowsSection() {
  const windows = useMaintenanceWindows();
  const canEdit = useHasRole('admin');
  const time = useTimeFormat();
  const windowList = useListEditor<MaintenanceWindowView>('maintenance window', maintenanceWindowsQueryKey);
  const { editor, rows, open } = windowList;
  const [deleting, setDeleting] = useState<MaintenanceWindowView | null>(null);
  const list = windows.data ?? [];

  return (
    <div className="notifications-section">
      <div className="section-bar">
        <Notice testId="windows-notice">{rows.notice}</Notice>
        {canEdit && !editor && (
          <NewButton label="New maintenance window" onClick={() => open({ mode: 'create' })} />
        )}
      </div>
      {canEdit && editor && (
        <MaintenanceWindowForm
          key={editorKey(editor)}
          window={edited(editor)}
          onCancel={windowList.close}
          onSaved={windowList.saved}
        />
      )}
      {windows.isError && <ErrorBanner>Could not load maintenance windows.</ErrorBanner>}
      <TablePanel
        id="windows"
        title="Maintenance windows"
        loaded={Boolean(windows.data)}
        pending={windows.isPending}
        testId="windows-table"
        columns={['Name', 'Schedule', 'Time zone', 'Matches', 'State', 'Created by']}
        actions={canEdit}
      >
        {list.map((w) => (
          <tr key={w.id} data-testid={`window-row-${w.name}`}>
            <th scope="row">{w.name}</th>
            <td>{describeSchedule(w)}</td>
            <td>{w.timeZone}</td>
            <td>
              <Matchers matchers={w.matchers} empty="every rule" />
            </td>
            <td>{windowState(w, time)}</td>
            <td>{w.createdBy.email}</td>
            {canEdit && (
              <td>
                <div className="cell-actions">
                  <EditButton name={w.name} onClick={() => open({ mode: 'edit', item: w })} />
                  <DeleteButton
                    name={w.name}
                    onClick={() => {
                      rows.reset();
                      setDeleting(w);
                    }}
                  />
                </div>
              </td>
            )}
          </tr>
        ))}
        <EmptyRow show={Boolean(windows.data) && list.length === 0} colSpan={7}>
          No maintenance windows.
        </EmptyRow>
      </TablePanel>
      {deleting && (
        <DeleteDialog
          row={deleting}
          noun="maintenance window"
          path={maintenanceWindowPath(deleting.id)}
          rows={rows}
          onClose={() => setDeleting(null)}
          confirmLabel="Delete window"
          pendingLabel="Deleting…"
          testId="delete-window-dialog"
        >
          <p>Its rules alert as usual during the times it covered.</p>
        </DeleteDialog>
      )}
    </div>
  );
}

/** Silences and maintenance windows as two tabs (WAI-ARIA tabs); `?tab=windows` opens the second. */
export function SilencesPage({ initialTab, prefill }: { initialTab: Tab; prefill: SilencePrefill | null }) {
  const [tab, setTab] = useState<Tab>(initialTab);

  function choose(next: Tab) {
    setTab(next);
    const url = new URL(window.location.href);
    url.search = next === 'silences' ? '' : `?tab=${next}`;
    window.history.replaceState(null, '', url);
  }

  return (
    <div className="metrics-page silences-page">
      <PageHeader title="Silences" subtitle="What keeps rules quiet, and until when." />
      <Tabs name="silences" label="Silences and maintenance windows" tabs={tabs} tab={tab} onChoose={choose}>
        {tab === 'silences' ? <SilencesSection prefill={prefill} /> : <WindowsSection />}
      </Tabs>
    </div>
  );
}
