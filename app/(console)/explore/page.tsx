import type { Metadata } from 'next';
import { Suspense } from 'react';
import { Explorer } from '@/components/explore/explorer';

export const metadata: Metadata = { title: 'Explore' };

export default function ExplorePage() {
  return (
    <Suspense fallback={<p className="muted">Loading the explorer…</p>}>
      <Explorer />
    </Suspense>
  );
}
