// Builds the form controls for an action's declared parameters (GET /actions: name, type, default,
// values, min, max, description), reads and checks what the person entered, and maps the server's
// 400 `field` back to the control, so the GOV.UK error summary can link to it.

import { h } from './dom';
import type { FieldError } from './components';
import type { ParameterSpec } from './types';

export function paramFieldId(name: string): string {
  return `param-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

// "max_themes" → "Max themes"
export function humanise(name: string): string {
  const words = name.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function hasDefault(spec: ParameterSpec): boolean {
  return spec.default !== undefined && spec.default !== null;
}

function hintText(spec: ParameterSpec): string {
  const parts: string[] = [];
  if (spec.description) parts.push(spec.description.trim().replace(/\.?$/, '.'));
  const isNumeric = spec.type === 'integer' || spec.type === 'number';
  if (isNumeric) {
    const min = spec.min ?? null;
    const max = spec.max ?? null;
    const kind = spec.type === 'integer' ? 'a whole number' : 'a number';
    if (min !== null && max !== null) parts.push(`Enter ${kind} from ${min} to ${max}.`);
    else if (min !== null) parts.push(`Enter ${kind} of ${min} or more.`);
    else if (max !== null) parts.push(`Enter ${kind} up to ${max}.`);
  }
  if (hasDefault(spec) && spec.type !== 'boolean' && spec.type !== 'enum') {
    parts.push(`Leave it empty to use ${String(spec.default)}.`);
  } else if (!hasDefault(spec) && spec.type !== 'boolean') {
    parts.push('Optional.');
  }
  return parts.join(' ');
}

function formGroup(...children: (Node | null)[]): HTMLDivElement {
  return h('div', { class: 'govuk-form-group' }, ...children);
}

// One control per parameter, inside a fieldset. Returns null when the action has no parameters.
export function buildParameterFields(specs: ParameterSpec[]): HTMLFieldSetElement | null {
  if (specs.length === 0) return null;
  const groups = specs.map((spec) => buildField(spec));
  return h(
    'fieldset',
    { class: 'govuk-fieldset' },
    h('legend', { class: 'govuk-fieldset__legend govuk-fieldset__legend--m' }, h('h2', { class: 'govuk-fieldset__heading' }, 'Options')),
    groups,
  );
}

function buildField(spec: ParameterSpec): HTMLDivElement {
  const id = paramFieldId(spec.name);
  const label = humanise(spec.name);
  const hint = hintText(spec);
  const hintId = `${id}-hint`;
  const hintEl = hint ? h('div', { class: 'govuk-hint', id: hintId }, hint) : null;

  if (spec.type === 'boolean') {
    const def = spec.default === true;
    const radio = (value: 'true' | 'false', text: string, first: boolean) =>
      h(
        'div',
        { class: 'govuk-radios__item' },
        h('input', {
          class: 'govuk-radios__input',
          id: first ? id : `${id}-no`,
          name: id,
          type: 'radio',
          value,
          checked: (value === 'true') === def,
        }),
        h('label', { class: 'govuk-label govuk-radios__label', for: first ? id : `${id}-no` }, text),
      );
    return formGroup(
      h(
        'fieldset',
        { class: 'govuk-fieldset', 'aria-describedby': hint ? hintId : undefined },
        h('legend', { class: 'govuk-fieldset__legend govuk-fieldset__legend--s' }, label),
        hintEl,
        h('div', { class: 'govuk-radios govuk-radios--small govuk-radios--inline', 'data-module': 'govuk-radios' }, radio('true', 'Yes', true), radio('false', 'No', false)),
      ),
    );
  }

  if (spec.type === 'enum') {
    const values = spec.values ?? [];
    const sel = h(
      'select',
      { class: 'govuk-select', id, name: id, 'aria-describedby': hint ? hintId : undefined },
      hasDefault(spec) ? null : h('option', { value: '' }, 'Not set'),
      values.map((v) => h('option', { value: v }, v)),
    );
    if (hasDefault(spec)) sel.value = String(spec.default);
    return formGroup(h('label', { class: 'govuk-label govuk-label--s', for: id }, label), hintEl, sel);
  }

  const isNumeric = spec.type === 'integer' || spec.type === 'number';
  const input = h('input', {
    class: `govuk-input ${isNumeric ? 'govuk-input--width-5' : 'govuk-!-width-two-thirds'}`,
    id,
    name: id,
    type: 'text',
    inputmode: isNumeric ? (spec.type === 'integer' ? 'numeric' : 'decimal') : undefined,
    spellcheck: isNumeric ? 'false' : undefined,
    'aria-describedby': hint ? hintId : undefined,
  });
  return formGroup(h('label', { class: 'govuk-label govuk-label--s', for: id }, label), hintEl, input);
}

export interface ParameterValues {
  values: Record<string, string | number | boolean>;
  errors: FieldError[];
}

// Reads the controls built by buildParameterFields. Empty fields are left out (the action's default
// applies). Errors name the field the way the GOV.UK error summary expects.
export function readParameterValues(root: ParentNode, specs: ParameterSpec[]): ParameterValues {
  const values: Record<string, string | number | boolean> = {};
  const errors: FieldError[] = [];
  for (const spec of specs) {
    const id = paramFieldId(spec.name);
    const label = humanise(spec.name);
    if (spec.type === 'boolean') {
      const checked = root.querySelector<HTMLInputElement>(`input[name="${id}"]:checked`);
      if (checked) values[spec.name] = checked.value === 'true';
      continue;
    }
    const el = root.querySelector<HTMLInputElement | HTMLSelectElement>(`#${id}`);
    if (!el) continue;
    const raw = el.value.trim();
    if (raw === '') continue;
    const result = checkValue(spec, raw);
    if (typeof result === 'string') errors.push({ href: `#${id}`, text: `${label}: ${result}` });
    else values[spec.name] = result.value;
  }
  return { values, errors };
}

// Checks one entered value against its spec: the parsed value, or a message saying what to enter.
export function checkValue(spec: ParameterSpec, raw: string): { value: string | number | boolean } | string {
  const min = spec.min ?? null;
  const max = spec.max ?? null;
  if (spec.type === 'integer' || spec.type === 'number') {
    const pattern = spec.type === 'integer' ? /^-?\d+$/ : /^-?(\d+\.?\d*|\.\d+)$/;
    if (!pattern.test(raw)) return spec.type === 'integer' ? 'enter a whole number, like 12' : 'enter a number, like 0.5';
    const n = Number(raw);
    if (min !== null && n < min) return `enter a number of ${min} or more`;
    if (max !== null && n > max) return `enter a number of ${max} or less`;
    return { value: n };
  }
  if (spec.type === 'enum') {
    const values = spec.values ?? [];
    if (!values.includes(raw)) return `choose one of ${values.join(', ')}`;
    return { value: raw };
  }
  return { value: raw };
}

// Maps the `field` of a 400 from POST /jobs to the id of the control that holds it: "parameters.tone",
// "param.tone", "parameters/tone" or a bare "tone" → "param-tone". Null when it is not a parameter.
export function fieldIdForApiError(field: string, specs: ParameterSpec[]): string | null {
  if (!field) return null;
  const m = /^(?:parameters|param)[./[]([^\]]+)\]?$/.exec(field);
  const name = m ? m[1] : field;
  const spec = specs.find((s) => s.name === name);
  return spec ? paramFieldId(spec.name) : null;
}
