/**
 * Puts a new incident's toast in the stack, newest incident first, whatever order the socket's frames and
 * the catch-up read brought them in: a read after a (re)connect finds incidents that opened before ones
 * already toasted, and they go below those, never over the newest. Keeps the `max` newest.
 */
export function insertToast<T extends { incident: { openedAt: string } }>(
  toasts: T[],
  toast: T,
  max: number,
): T[] {
  const openedAt = Date.parse(toast.incident.openedAt);
  const at = toasts.findIndex((t) => Date.parse(t.incident.openedAt) < openedAt);
  const next = at < 0 ? [...toasts, toast] : [...toasts.slice(0, at), toast, ...toasts.slice(at)];
  return next.slice(0, max);
}
