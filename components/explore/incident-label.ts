/** An incident drawn over the chart: a shaded span from opening to resolve (or to now). */
export type IncidentMark = { id: string; title: string; severity: string; from: number; to: number };

/** About one character of the 10 px label font, in px. */
const labelCharPx = 6;

/**
 * The label of an incident's span, cut to the span's width on screen so titles never run over each
 * other or past the plot (the tooltip and the list below the chart keep the whole title).
 */
export function incidentLabel(mark: IncidentMark, spanPx: number): string {
  const text = `${mark.severity}: ${mark.title}`;
  const room = Math.floor((spanPx - 8) / labelCharPx);
  if (room >= text.length) return text;
  return room < 4 ? '' : `${text.slice(0, room - 1)}…`;
}
