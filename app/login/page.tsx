import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { LoginForm } from '@/components/auth/login-form';
import { safeNextPath } from '@/components/auth/safe-next';
import { pageActor } from '@/server/auth/page-actor';

export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Sign in' };

type LoginPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function LoginPage({ searchParams }: LoginPageProps) {
  const next = safeNextPath((await searchParams).next);
  // Already signed in (a second tab, an old link): go where the link meant to go.
  if (await pageActor()) redirect(next ?? '/');
  return (
    <main className="login-page">
      <div className="login-card">
        <div className="login-brand">
          <span className="brand-mark" aria-hidden="true" />
          <span className="brand-name">Pulseboard</span>
        </div>
        <h1 className="login-title">Sign in</h1>
        <p className="login-lede">Watch live KPIs, acknowledge incidents and tune the rules.</p>
        <LoginForm next={next} />
      </div>
    </main>
  );
}
