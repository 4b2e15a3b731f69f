import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getJson, sendJson } from '@/components/api/fetch-json';
import type { OverviewLayoutInput } from '@/core/services/overview-layout/schemas';
import type { OverviewLayoutResponse } from '@/contracts/responses/overview-layout';

export const overviewLayoutKey = ['overview-layout'] as const;
const layoutPath = '/api/v1/overview-layout';

/**
 * The signed-in person's overview layout. The page renders it on the server and hands it in, so the first
 * paint needs no round trip for it.
 */
export function useOverviewLayout(initial: OverviewLayoutResponse) {
  return useQuery({
    queryKey: overviewLayoutKey,
    queryFn: ({ signal }) => getJson<OverviewLayoutResponse>(layoutPath, signal),
    initialData: initial,
    staleTime: 60_000,
  });
}

type Change =
  | { kind: 'save'; layout: OverviewLayoutInput }
  | { kind: 'reset' }
  | { kind: 'save-team'; layout: OverviewLayoutInput };

/** Saves one's own layout, forgets it (back to the team default), or sets the team default (admins). */
export function useChangeOverviewLayout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (change: Change) => {
      const answer =
        change.kind === 'save'
          ? await sendJson<OverviewLayoutResponse>('PUT', layoutPath, change.layout)
          : change.kind === 'reset'
            ? await sendJson<OverviewLayoutResponse>('DELETE', layoutPath)
            : await sendJson<OverviewLayoutResponse>('PUT', `${layoutPath}/team`, change.layout);
      if (!answer) throw new Error('the server answered without a layout');
      return answer;
    },
    onSuccess: (answer) => queryClient.setQueryData(overviewLayoutKey, answer),
  });
}
