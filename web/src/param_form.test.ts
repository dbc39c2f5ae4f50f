import { describe, expect, it } from 'vitest';
import { buildParameterFields, checkValue, fieldIdForApiError, humanise, readParameterValues } from './param_form';
import type { ParameterSpec } from './types';

const kSpecs: ParameterSpec[] = [
  { name: 'max_themes', type: 'integer', default: 12, min: 2, max: 40, description: 'Most themes per question' },
  { name: 'tone', type: 'enum', default: 'formal', values: ['formal', 'plain'] },
  { name: 'redact_names', type: 'boolean', default: true },
  { name: 'threshold', type: 'number', min: 0, max: 1 },
  { name: 'meeting_title', type: 'string' },
];

function form(): HTMLFormElement {
  const f = document.createElement('form');
  const fields = buildParameterFields(kSpecs);
  if (fields) f.appendChild(fields);
  document.body.appendChild(f);
  return f;
}

describe('buildParameterFields', () => {
  it('renders one labelled control per parameter with hints', () => {
    const f = form();
    const label = f.querySelector('label[for="param-max_themes"]');
    expect(label?.textContent).toBe('Max themes');
    expect(f.querySelector('#param-max_themes-hint')?.textContent).toBe('Most themes per question. Enter a whole number from 2 to 40. Leave it empty to use 12.');
    expect(f.querySelector('#param-max_themes')?.getAttribute('aria-describedby')).toBe('param-max_themes-hint');
    const tone = f.querySelector<HTMLSelectElement>('select#param-tone');
    expect(tone?.value).toBe('formal');
    expect([...(tone?.options ?? [])].map((o) => o.value)).toEqual(['formal', 'plain']);
    expect(f.querySelector<HTMLInputElement>('#param-redact_names')?.checked).toBe(true);
    expect(f.querySelector('#param-threshold-hint')?.textContent).toBe('Enter a number from 0 to 1. Optional.');
    expect(f.querySelector('legend')?.textContent).toBe('Options');
  });

  it('returns null for an action without parameters', () => {
    expect(buildParameterFields([])).toBeNull();
  });
});

describe('readParameterValues', () => {
  it('reads typed values and leaves empty fields out', () => {
    const f = form();
    (f.querySelector('#param-max_themes') as HTMLInputElement).value = ' 20 ';
    (f.querySelector('#param-tone') as HTMLSelectElement).value = 'plain';
    (f.querySelector('#param-redact_names-no') as HTMLInputElement).checked = true;
    const { values, errors } = readParameterValues(f, kSpecs);
    expect(errors).toEqual([]);
    expect(values).toEqual({ max_themes: 20, tone: 'plain', redact_names: false });
  });

  it('names the field and says what to enter when a value is wrong', () => {
    const f = form();
    (f.querySelector('#param-max_themes') as HTMLInputElement).value = '41';
    (f.querySelector('#param-threshold') as HTMLInputElement).value = 'half';
    const { values, errors } = readParameterValues(f, kSpecs);
    expect(values.max_themes).toBeUndefined();
    expect(errors).toEqual([
      { href: '#param-max_themes', text: 'Max themes: enter a number of 40 or less' },
      { href: '#param-threshold', text: 'Threshold: enter a number, like 0.5' },
    ]);
  });
});

describe('checkValue', () => {
  it('checks integers, numbers and enums', () => {
    expect(checkValue(kSpecs[0], '2')).toEqual({ value: 2 });
    expect(checkValue(kSpecs[0], '1')).toBe('enter a number of 2 or more');
    expect(checkValue(kSpecs[0], '2.5')).toBe('enter a whole number, like 12');
    expect(checkValue(kSpecs[3], '.25')).toEqual({ value: 0.25 });
    expect(checkValue(kSpecs[1], 'shouty')).toBe('choose one of formal, plain');
  });
});

describe('fieldIdForApiError', () => {
  it('maps the server field to the control id', () => {
    expect(fieldIdForApiError('parameters.max_themes', kSpecs)).toBe('param-max_themes');
    expect(fieldIdForApiError('param.tone', kSpecs)).toBe('param-tone');
    expect(fieldIdForApiError('parameters[tone]', kSpecs)).toBe('param-tone');
    expect(fieldIdForApiError('tone', kSpecs)).toBe('param-tone');
    expect(fieldIdForApiError('file', kSpecs)).toBeNull();
    expect(fieldIdForApiError('parameters.unknown', kSpecs)).toBeNull();
    expect(fieldIdForApiError('', kSpecs)).toBeNull();
  });
});

describe('humanise', () => {
  it('turns names into labels', () => {
    expect(humanise('speaker-names')).toBe('Speaker names');
  });
});
