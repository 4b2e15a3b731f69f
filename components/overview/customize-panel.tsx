'use client';

import { useEffect, useId, useRef, useState } from 'react';
import { ApiError } from '@/components/api/fetch-json';
import type { MetricSummary } from '@/components/metrics/catalogue-api';
import type { OverviewLayoutInput } from '@/core/services/overview-layout/schemas';
import styles from './customize.module.css';
import { moveEntry, panelLabel, panelOptions, type PanelKind } from './panel-catalogue';

export type CustomizePanelProps = {
  draft: OverviewLayoutInput;
  onChange: (draft: OverviewLayoutInput) => void;
  metrics: readonly MetricSummary[] | undefined;
  isAdmin: boolean;
  busy: boolean;
  error: unknown;
  onSave: () => void;
  onSaveTeam: () => void;
  onReset: () => void;
  onCancel: () => void;
};

const kindNames: Record<PanelKind, { legend: string; one: string }> = {
  kpis: { legend: 'KPI tiles', one: 'tile' },
  charts: { legend: 'Charts', one: 'chart' },
};

/** The field the server blamed (`kpis.2`), said in words. */
function errorText(error: unknown): string | null {
  if (!error) return null;
  if (!(error instanceof ApiError)) return 'The layout could not be saved: the server did not answer.';
  const [kind, index] = (error.field ?? '').split('.');
  const where =
    (kind === 'kpis' || kind === 'charts') && index !== undefined
      ? ` (${kindNames[kind].one} ${Number(index) + 1})`
      : '';
  return `The layout could not be saved${where}: ${error.message}.`;
}

/**
 * Customize mode of the overview: pick the tiles and charts, order them with Move up / Move down buttons
 * (keyboard and screen readers, not only a mouse), then save for oneself or, for admins, for the team.
 */
export function CustomizePanel(props: CustomizePanelProps) {
  const { draft, onChange, metrics, isAdmin, busy } = props;
  const [announcement, setAnnouncement] = useState('');
  // After a move the same button keeps the focus, in its new place.
  const [focusTarget, setFocusTarget] = useState<string | null>(null);
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  useEffect(() => {
    if (!focusTarget) return;
    buttons.current.get(focusTarget)?.focus();
    setFocusTarget(null);
  }, [focusTarget, draft]);
  const titleId = useId();

  const update = (kind: PanelKind, list: string[]) => onChange({ ...draft, [kind]: list });
  const move = (kind: PanelKind, index: number, by: -1 | 1) => {
    const list = draft[kind];
    const id = list[index];
    if (id === undefined) return;
    const next = moveEntry(list, index, by);
    update(kind, next);
    const at = next.indexOf(id);
    setAnnouncement(`${panelLabel(kind, id)} moved to position ${at + 1} of ${next.length}.`);
    // At an end the pressed button is disabled: keep the focus on the other direction's button.
    const direction = (by === -1 && at === 0) || (by === 1 && at === next.length - 1) ? -by : by;
    setFocusTarget(`${kind}|${id}|${direction === -1 ? 'up' : 'down'}`);
  };
  const remove = (kind: PanelKind, id: string) => {
    update(
      kind,
      draft[kind].filter((p) => p !== id),
    );
    setAnnouncement(`${panelLabel(kind, id)} removed.`);
  };
  const add = (kind: PanelKind, id: string) => {
    if (!id || draft[kind].includes(id)) return;
    update(kind, [...draft[kind], id]);
    setAnnouncement(`${panelLabel(kind, id)} added at position ${draft[kind].length + 1}.`);
  };
  const message = errorText(props.error);

  return (
    <section
      className={`panel ${styles.customize}`}
      aria-labelledby={titleId}
      data-testid="overview-customize"
    >
      <h2 className={styles.title} id={titleId}>
        Customize the overview
      </h2>
      {(['kpis', 'charts'] as const).map((kind) => (
        <PanelGroup
          key={kind}
          kind={kind}
          list={draft[kind]}
          options={panelOptions(kind, metrics).filter((o) => !draft[kind].includes(o.id))}
          disabled={busy}
          buttonRef={(key, el) => {
            if (el) buttons.current.set(key, el);
            else buttons.current.delete(key);
          }}
          onMove={(index, by) => move(kind, index, by)}
          onRemove={(id) => remove(kind, id)}
          onAdd={(id) => add(kind, id)}
        />
      ))}
      <p className={styles.status} role="status" aria-live="polite">
        {announcement}
      </p>
      {message && (
        <p className="form-alert" role="alert" data-testid="overview-layout-error">
          {message}
        </p>
      )}
      <div className={styles.actions}>
        <button type="button" className="button button-primary" disabled={busy} onClick={props.onSave}>
          Save my layout
        </button>
        {isAdmin && (
          <button type="button" className="button" disabled={busy} onClick={props.onSaveTeam}>
            Save as team default
          </button>
        )}
        <button type="button" className="button" disabled={busy} onClick={props.onReset}>
          Reset to team default
        </button>
        <button type="button" className="button button-ghost" disabled={busy} onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </section>
  );
}

type PanelGroupProps = {
  kind: PanelKind;
  list: readonly string[];
  options: { id: string; label: string }[];
  disabled: boolean;
  buttonRef: (key: string, el: HTMLButtonElement | null) => void;
  onMove: (index: number, by: -1 | 1) => void;
  onRemove: (id: string) => void;
  onAdd: (id: string) => void;
};

function PanelGroup({ kind, list, options, disabled, buttonRef, onMove, onRemove, onAdd }: PanelGroupProps) {
  const [choice, setChoice] = useState('');
  const selectId = useId();
  const names = kindNames[kind];
  const chosen = options.some((o) => o.id === choice) ? choice : (options[0]?.id ?? '');
  return (
    <fieldset className={styles.group} data-testid={`layout-${kind}`}>
      <legend className={styles.legend}>
        {names.legend} ({list.length})
      </legend>
      {list.length === 0 && <p className="muted">No {names.one}s: the overview shows none.</p>}
      <ol className={styles.list}>
        {list.map((id, index) => {
          const label = panelLabel(kind, id);
          return (
            <li key={id} className={styles.item} data-testid={`layout-item-${id}`}>
              <span className={styles.position} aria-hidden="true">
                {index + 1}.
              </span>
              <span className={styles.name}>{label}</span>
              <button
                type="button"
                className="button button-small"
                aria-label={`Move ${label} up`}
                disabled={disabled || index === 0}
                ref={(el) => buttonRef(`${kind}|${id}|up`, el)}
                onClick={() => onMove(index, -1)}
              >
                Up
              </button>
              <button
                type="button"
                className="button button-small"
                aria-label={`Move ${label} down`}
                disabled={disabled || index === list.length - 1}
                ref={(el) => buttonRef(`${kind}|${id}|down`, el)}
                onClick={() => onMove(index, 1)}
              >
                Down
              </button>
              <button
                type="button"
                className="button button-small button-danger-quiet"
                aria-label={`Remove ${label}`}
                disabled={disabled}
                onClick={() => onRemove(id)}
              >
                Remove
              </button>
            </li>
          );
        })}
      </ol>
      <div className={`field ${styles.add}`}>
        <span className="field">
          <label htmlFor={selectId}>Add a {names.one}</label>
          <select
            id={selectId}
            value={chosen}
            disabled={disabled || options.length === 0}
            onChange={(e) => setChoice(e.target.value)}
          >
            {options.length === 0 && <option value="">All {names.one}s are shown</option>}
            {options.map((o) => (
              <option key={o.id} value={o.id}>
                {o.label}
              </option>
            ))}
          </select>
        </span>
        <button
          type="button"
          className="button"
          disabled={disabled || !chosen}
          aria-label={`Add the chosen ${names.one}`}
          onClick={() => onAdd(chosen)}
        >
          Add
        </button>
      </div>
    </fieldset>
  );
}
