/**
 * CloudEvents 1.0 in JSON (structured mode, `application/cloudevents+json`, and batched mode,
 * `application/cloudevents-batch+json`) mapped to Pulseboard events. docs/cloudevents.md has the table.
 */

export const cloudEventsMediaTypes = {
  structured: 'application/cloudevents+json',
  batch: 'application/cloudevents-batch+json',
} as const;

/** A CloudEvent that cannot become an event: cleanEvents rejects it with this field and message. */
export class InvalidCloudEvent {
  constructor(
    readonly field: string,
    readonly message: string,
  ) {}
}

/** Context attributes the spec defines; any other top-level member is an extension attribute. */
const coreAttributes = new Set([
  'specversion',
  'id',
  'source',
  'type',
  'datacontenttype',
  'dataschema',
  'subject',
  'time',
  'data',
  'data_base64',
]);

/** Members of `data` that become the event's own fields; other members of `data` are not stored. */
const dataFields = ['value', 'text', 'user', 'dedupKey'] as const;

/** Sets a member as an own property even when it is named `__proto__`, so validation sees and refuses it. */
function setOwn(target: Record<string, unknown>, name: string, value: unknown): void {
  Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
}

const requiredString = (ce: Record<string, unknown>, name: string): InvalidCloudEvent | null => {
  const value = ce[name];
  if (typeof value !== 'string' || value.trim() === '') {
    return new InvalidCloudEvent(name, `${name} is required (a non-empty string) in a CloudEvent`);
  }
  return null;
};

/**
 * One CloudEvent as a raw Pulseboard event (validated afterwards like any other), or why it is not one.
 * `source` is a URI-reference naming the producer, not a Pulseboard source (that is the ingest key's):
 * it is kept as the dimension `ce_source`, `subject` as `ce_subject`.
 */
export function fromCloudEvent(ce: unknown): Record<string, unknown> | InvalidCloudEvent {
  if (ce === null || typeof ce !== 'object' || Array.isArray(ce)) {
    return new InvalidCloudEvent('event', 'a CloudEvent must be a JSON object');
  }
  const attrs = ce as Record<string, unknown>;
  if (attrs.specversion !== '1.0') {
    return new InvalidCloudEvent(
      'specversion',
      attrs.specversion === undefined ? 'specversion is required ("1.0")' : 'specversion must be "1.0"',
    );
  }
  const missing =
    requiredString(attrs, 'id') ?? requiredString(attrs, 'source') ?? requiredString(attrs, 'type');
  if (missing) return missing;
  if (attrs.time !== undefined && typeof attrs.time !== 'string') {
    return new InvalidCloudEvent('time', 'time must be an RFC 3339 timestamp string');
  }
  if (attrs.subject !== undefined && typeof attrs.subject !== 'string') {
    return new InvalidCloudEvent('subject', 'subject must be a string');
  }
  const props: Record<string, unknown> = {};
  for (const name of Object.keys(attrs)) {
    if (coreAttributes.has(name)) continue;
    const value = attrs[name];
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      return new InvalidCloudEvent(name, `extension attribute ${name} must be a string, number or boolean`);
    }
    setOwn(props, name, value);
  }
  const event: Record<string, unknown> = { id: attrs.id, type: attrs.type };
  if (attrs.time !== undefined) event.ts = attrs.time;
  const data = attrs.data;
  if (data !== null && typeof data === 'object' && !Array.isArray(data)) {
    const fields = data as Record<string, unknown>;
    for (const field of dataFields) if (fields[field] !== undefined) event[field] = fields[field];
    const dataProps = fields.props;
    if (dataProps !== undefined) {
      if (dataProps === null || typeof dataProps !== 'object' || Array.isArray(dataProps)) {
        return new InvalidCloudEvent('data.props', 'data.props must be a flat object');
      }
      for (const [name, value] of Object.entries(dataProps)) setOwn(props, name, value);
    }
  }
  props.ce_source = attrs.source;
  if (attrs.subject !== undefined) props.ce_subject = attrs.subject;
  event.props = props;
  return event;
}

/** The CloudEvents name of a field a mapped event was rejected for (`ts` is `time`, `value` is `data.value`). */
export function cloudEventField(field: string): string {
  if (field === 'ts') return 'time';
  if (field === 'props.ce_source') return 'source';
  if (field === 'props.ce_subject') return 'subject';
  if ((dataFields as readonly string[]).includes(field)) return `data.${field}`;
  return field;
}
