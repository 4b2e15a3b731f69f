// Fixed colours for the demo event types, so a type looks the same on every chart and tile; other
// types get a stable colour from their name. Mid-tone hues that read on both light and dark panels.
const known: Record<string, string> = {
  page_view: '#3b82f6',
  search: '#06b6d4',
  cart_add: '#f59e0b',
  purchase: '#22c55e',
  ride_request: '#6366f1',
  driver_available: '#14b8a6',
  api_request: '#94a3b8',
  api_error: '#ef4444',
  support_ticket: '#ec4899',
  review: '#84cc16',
  deploy: '#a855f7',
};

const fallback = ['#0ea5e9', '#f97316', '#10b981', '#e11d48', '#8b5cf6', '#eab308', '#2dd4bf', '#fb7185'];

export function colorOfType(type: string): string {
  const color = known[type];
  if (color) return color;
  let hash = 0;
  for (let i = 0; i < type.length; i += 1) hash = (hash * 31 + type.charCodeAt(i)) >>> 0;
  return fallback[hash % fallback.length] ?? '#64748b';
}
