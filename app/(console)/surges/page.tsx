import type { Metadata } from 'next';
import { SurgesPage } from '@/components/surge/surges-page';

export const metadata: Metadata = { title: 'Surges' };

export default function Surges() {
  return <SurgesPage />;
}
