import type { Metadata } from 'next';
import { MetricsCatalogue } from '@/components/metrics/metrics-catalogue';

export const metadata: Metadata = { title: 'Metrics' };

export default function MetricsPage() {
  return <MetricsCatalogue />;
}
