import type { Metadata } from 'next';
import { RulesPage } from '@/components/rules/rules-page';

export const metadata: Metadata = { title: 'Rules' };

export default async function Rules({
  searchParams,
}: {
  searchParams: Promise<{ rule?: string | string[] }>;
}) {
  const { rule } = await searchParams;
  return <RulesPage focus={typeof rule === 'string' ? rule : null} />;
}
