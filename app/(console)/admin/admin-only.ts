import { redirect } from 'next/navigation';
import { hasRole } from '@/contracts/roles';
import { pageActor } from '@/server/auth/page-actor';

/** Admin pages: everyone else lands on their own account page (the API refuses them anyway). */
export async function requireAdminPage(): Promise<void> {
  const actor = await pageActor();
  if (!actor) redirect('/login');
  if (!hasRole(actor.role, 'admin')) redirect('/admin');
}
