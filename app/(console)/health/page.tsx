import type { Metadata } from 'next';
import { PipelineHealthView } from '@/components/health/pipeline-health';

export const metadata: Metadata = { title: 'Pipeline' };

export default function PipelineHealthPage() {
  return <PipelineHealthView />;
}
