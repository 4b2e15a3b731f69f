import { describe, expect, it } from 'vitest';
import { labelsText, parseLabelsText } from './labels-text';

describe('labels as text', () => {
  it('reads name=value pairs back from the text it writes', () => {
    const text = labelsText({ team: 'payments', env: 'prod' });
    expect(text).toBe('team=payments, env=prod');
    expect(parseLabelsText(`${text}, ,`)).toEqual({ labels: { team: 'payments', env: 'prod' }, error: null });
  });

  it('names the mistake when a pair has no name, keeping the good pairs', () => {
    expect(parseLabelsText('team=payments,=x,oops')).toEqual({
      labels: { team: 'payments' },
      error: 'labels are name=value pairs, comma-separated',
    });
  });
});
