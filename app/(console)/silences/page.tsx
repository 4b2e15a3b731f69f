import type { Metadata } from 'next';
import { parseLabelsText } from '@/components/forms/labels-text';
import { SilencesPage } from '@/components/silences/silences-page';
import type { SilencePrefill } from '@/components/silences/silence-form';

export const metadata: Metadata = { title: 'Silences' };

type SilencesProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const one = (value: string | string[] | undefined) => (typeof value === 'string' ? value : undefined);

/** `?new=1&rule=<id>&series=zone=north&labels=team=payments&comment=…` opens the form filled in. */
export default async function Silences({ searchParams }: SilencesProps) {
  const params = await searchParams;
  const prefill: SilencePrefill | null =
    one(params.new) === undefined
      ? null
      : {
          ruleId: one(params.rule),
          labels: parseLabelsText(one(params.labels) ?? '').labels,
          series: parseLabelsText(one(params.series) ?? '').labels,
          comment: one(params.comment),
        };
  const tab = one(params.tab) === 'windows' && !prefill ? 'windows' : 'silences';
  return <SilencesPage key={`${tab}-${JSON.stringify(prefill)}`} initialTab={tab} prefill={prefill} />;
}
