import type { Runtime } from '@/server/runtime';
import { countLiveWorkers } from '@/lib/live-workers';
import { counters } from './counters';

type Sample = {
  name: string;
  help: string;
  type: 'counter' | 'gauge';
  values: [Record<string, string>, number][];
};

function render(samples: Sample[]): string {
  const lines: string[] = [];
  for (const s of samples) {
    lines.push(`# HELP ${s.name} ${s.help}`, `# TYPE ${s.name} ${s.type}`);
    for (const [labels, value] of s.values) {
      const l = Object.entries(labels)
        .map(([k, v]) => `${k}="${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`)
        .join(',');
      lines.push(`${s.name}${l ? `{${l}}` : ''} ${value}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The Prometheus text exposition of this web process and of the shared queue. */
export async function prometheusText(rt: Runtime): Promise<string> {
  const c = counters();
  const samples: Sample[] = [
    {
      name: 'pulseboard_ingest_requests_total',
      help: 'Ingest requests answered by this web process, by HTTP status.',
      type: 'counter',
      values: [...c.ingestRequests].map(([status, n]) => [{ status: String(status) }, n]),
    },
    {
      name: 'pulseboard_ingest_events_accepted_total',
      help: 'Events accepted (202) by this web process, duplicates included.',
      type: 'counter',
      values: [[{}, c.eventsAccepted]],
    },
    {
      name: 'pulseboard_ingest_events_rejected_total',
      help: 'Events refused by validation in this web process.',
      type: 'counter',
      values: [[{}, c.eventsRejected]],
    },
  ];
  try {
    const jobs = await rt.ingestQueue.getJobCounts('waiting', 'active', 'delayed', 'failed');
    samples.push({
      name: 'pulseboard_ingest_queue_jobs',
      help: 'Ingest batches in the queue, by state (failed = dead-lettered).',
      type: 'gauge',
      values: Object.entries(jobs).map(([state, n]) => [{ state }, n]),
    });
    const liveWorkers = await countLiveWorkers(rt.redis, rt.env.PULSEBOARD_REDIS_PREFIX);
    samples.push({
      name: 'pulseboard_workers',
      help: 'Workers with a fresh heartbeat.',
      type: 'gauge',
      values: [[{}, liveWorkers]],
    });
    samples.push({ name: 'pulseboard_redis_up', help: 'Redis reachable.', type: 'gauge', values: [[{}, 1]] });
  } catch {
    samples.push({ name: 'pulseboard_redis_up', help: 'Redis reachable.', type: 'gauge', values: [[{}, 0]] });
  }
  samples.push({
    name: 'process_resident_memory_bytes',
    help: 'Resident memory of this web process.',
    type: 'gauge',
    values: [[{}, process.memoryUsage().rss]],
  });
  return render(samples);
}
