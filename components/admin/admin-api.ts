import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { getJson } from '@/components/api/fetch-json';
import type {
  AuditEntryView,
  IngestKeyView,
  SourceView,
  TokenView,
  UserView,
} from '@/contracts/responses/access';

export type { AuditEntryView, IngestKeyView, SourceView, TokenView, UserView };

export const adminKeys = {
  me: ['users', 'me'] as const,
  users: ['users'] as const,
  tokens: ['tokens'] as const,
  ingestKeys: ['ingest-keys'] as const,
  sources: ['sources'] as const,
  audit: ['audit'] as const,
};

export function useMe() {
  return useQuery({
    queryKey: adminKeys.me,
    queryFn: ({ signal }) => getJson<UserView>('/api/v1/users/me', signal),
  });
}

export function useUsers() {
  return useQuery({
    queryKey: adminKeys.users,
    queryFn: async ({ signal }) => (await getJson<{ users: UserView[] }>('/api/v1/users', signal)).users,
  });
}

export function useTokens() {
  return useQuery({
    queryKey: adminKeys.tokens,
    queryFn: async ({ signal }) => (await getJson<{ tokens: TokenView[] }>('/api/v1/tokens', signal)).tokens,
  });
}

export function useIngestKeys() {
  return useQuery({
    queryKey: adminKeys.ingestKeys,
    queryFn: async ({ signal }) =>
      (await getJson<{ ingestKeys: IngestKeyView[] }>('/api/v1/ingest-keys', signal)).ingestKeys,
  });
}

export function useSources() {
  return useQuery({
    queryKey: adminKeys.sources,
    queryFn: async ({ signal }) =>
      (await getJson<{ sources: SourceView[] }>('/api/v1/sources', signal)).sources,
  });
}

export type AuditFilters = { actor: string; action: string; target: string };

/** The audit log, newest first, a page of 50 at a time (`nextBefore` pages on). */
export function useAudit(filters: AuditFilters) {
  return useInfiniteQuery({
    queryKey: [...adminKeys.audit, filters] as const,
    initialPageParam: null as string | null,
    queryFn: ({ signal, pageParam }) => {
      const params = new URLSearchParams({ limit: '50' });
      for (const [k, v] of Object.entries(filters)) if (v.trim()) params.set(k, v.trim());
      if (pageParam) params.set('before', pageParam);
      return getJson<{ entries: AuditEntryView[]; nextBefore: string | null }>(
        `/api/v1/audit?${params}`,
        signal,
      );
    },
    getNextPageParam: (last) => last.nextBefore,
  });
}
