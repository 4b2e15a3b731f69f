import { describe, expect, it } from 'vitest';
import { formatPreviewTime } from './preview-range';

describe('preview times', () => {
  it('show the date, the minute and the zone', () => {
    expect(formatPreviewTime('2030-01-02T03:04:05Z')).toMatch(/2030.*\d{1,2}:\d{2}.*(UTC|GMT|[A-Z]{2,5})/);
  });
});
