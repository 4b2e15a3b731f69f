'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState, useSyncExternalStore, type FormEvent } from 'react';
import { parseRetryAfter } from '@/components/api/fetch-json';

type Failure =
  | { kind: 'credentials' }
  | { kind: 'locked'; until: number; email: string }
  | { kind: 'other'; message: string }
  | { kind: 'missing' };

function describeWait(seconds: number): string {
  if (seconds <= 1) return 'a moment';
  if (seconds < 90) return `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minutes`;
}

async function messageOf(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: { message?: unknown } };
    if (typeof body.error?.message === 'string') return body.error.message;
  } catch {
    // Not JSON: fall through to the status.
  }
  return `Sign-in failed (HTTP ${response.status}). Please try again.`;
}

const noSubscription = () => () => {};

export function LoginForm({ next }: { next: string | null }) {
  const router = useRouter();
  // Until React has hydrated, a click would submit the form natively (credentials in a GET URL), so the
  // button stays disabled; `method="post"` keeps the password out of the URL even then.
  const hydrated = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [now, setNow] = useState(() => Date.now());

  const lockedUntil = failure?.kind === 'locked' ? failure.until : null;
  const secondsLeft = lockedUntil === null ? 0 : Math.max(0, Math.ceil((lockedUntil - now) / 1000));
  // The lockout is for the account that was tried; another account may still sign in.
  const locked = secondsLeft > 0 && failure?.kind === 'locked' && failure.email === email.trim();

  // Count the lockout down so the person sees when they may try again.
  useEffect(() => {
    if (lockedUntil === null) return;
    const timer = window.setInterval(() => {
      const t = Date.now();
      setNow(t);
      if (t >= lockedUntil) window.clearInterval(timer);
    }, 1000);
    return () => window.clearInterval(timer);
  }, [lockedUntil]);

  async function signIn() {
    setPending(true);
    setFailure(null);
    try {
      const response = await fetch('/api/v1/session', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ email: email.trim(), password }),
      });
      if (response.ok) {
        router.replace(next ?? '/');
        router.refresh();
        return;
      }
      if (response.status === 401) {
        setFailure({ kind: 'credentials' });
      } else if (response.status === 429) {
        const wait = parseRetryAfter(response.headers.get('retry-after')) ?? 60;
        setNow(Date.now());
        setFailure({ kind: 'locked', until: Date.now() + wait * 1000, email: email.trim() });
      } else {
        setFailure({ kind: 'other', message: await messageOf(response) });
      }
      setPending(false);
    } catch {
      setFailure({
        kind: 'other',
        message: 'Could not reach Pulseboard. Check your connection and try again.',
      });
      setPending(false);
    }
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending || locked) return;
    if (!email.trim() || !password) {
      setFailure({ kind: 'missing' });
      return;
    }
    void signIn();
  }

  let alert: string | null = null;
  if (failure?.kind === 'credentials') alert = 'Wrong email or password.';
  else if (failure?.kind === 'locked')
    alert =
      secondsLeft > 0
        ? `Too many sign-in attempts. Try again in ${describeWait(secondsLeft)}.`
        : 'You can try signing in again now.';
  else if (failure?.kind === 'other') alert = failure.message;
  else if (failure?.kind === 'missing') alert = 'Enter your email and password.';

  return (
    <form className="login-form" method="post" onSubmit={onSubmit} noValidate>
      <div className="field">
        <label htmlFor="login-email">Email</label>
        <input
          id="login-email"
          name="email"
          type="email"
          autoComplete="username"
          required
          autoFocus
          value={email}
          onChange={(event) => setEmail(event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor="login-password">Password</label>
        <input
          id="login-password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
      </div>
      {alert && (
        <p className="form-alert" role="alert" data-kind={failure?.kind}>
          {alert}
        </p>
      )}
      <button
        type="submit"
        className="button button-primary button-block"
        disabled={!hydrated || pending || locked}
      >
        {pending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
