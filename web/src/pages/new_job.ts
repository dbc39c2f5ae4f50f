// New job: paste text, upload a file or record audio, set the action's options, choose an engine,
// and submit (POST /jobs, JSON or multipart). A 400 shows a GOV.UK error summary naming the field.

import { ApiError, seg } from '../api';
import { button, heading, p, select, showErrorSummary, setFieldError, type FieldError } from '../components';
import { formatBytes, h } from '../dom';
import { buildParameterFields, fieldIdForApiError, readParameterValues } from '../param_form';
import { AudioRecorder, formatDuration, recordingFileName } from '../recorder';
import type { Page } from '../app';
import type { Action, Job } from '../types';

type Method = 'paste' | 'upload' | 'record';

export function inputMethods(action: Action): Method[] {
  const kind = action.inputs[0]?.kind ?? 'text';
  if (kind === 'audio') return AudioRecorder.isSupported() ? ['record', 'upload'] : ['upload'];
  if (kind === 'table' || kind === 'image') return ['upload'];
  return ['paste', 'upload'];
}

const kMethodLabels: Record<Method, string> = {
  paste: 'Paste text',
  upload: 'Upload a file',
  record: 'Record audio with the microphone',
};

interface ModelsReply {
  engines: string[];
  default: string;
  models: { name: string }[];
}

export const newJobPage: Page = {
  permission: 'jobs.create',
  render: async ({ app, main, params, onLeave, alive }) => {
    const action = await app.api.get<Action>(`/actions/${seg(params.id)}`).then((r) => ('action' in (r as object) ? (r as unknown as { action: Action }).action : r));
    let models: ModelsReply | null = null;
    try {
      models = await app.api.get<ModelsReply>('/models');
    } catch {
      models = null; // the default engine still works
    }
    if (!alive()) return;
    app.setTitle(action.title);
    const input = action.inputs[0];
    const methods = inputMethods(action);
    const formats = input?.formats ?? [];
    const accept = formats.map((f) => `.${f}`).join(',');
    const recorder = new AudioRecorder();
    onLeave(() => recorder.cancel());
    let recording: { blob: Blob; seconds: number } | null = null;

    const pasteBox = h(
      'div',
      { class: 'govuk-form-group' },
      h('label', { class: 'govuk-label govuk-label--s', for: 'input-text' }, 'Text'),
      h('div', { class: 'govuk-hint', id: 'input-text-hint' }, 'Paste the transcript, notes or document text.'),
      h('textarea', { class: 'govuk-textarea', id: 'input-text', name: 'text', rows: 12, 'aria-describedby': 'input-text-hint', spellcheck: 'false' }),
    );
    const fileHint = [
      formats.length ? `Accepted: ${formats.map((f) => f.toUpperCase()).join(', ')}.` : '',
      input?.max_bytes ? `Up to ${formatBytes(input.max_bytes)}.` : '',
    ]
      .filter(Boolean)
      .join(' ');
    const uploadBox = h(
      'div',
      { class: 'govuk-form-group' },
      h('label', { class: 'govuk-label govuk-label--s', for: 'input-file' }, 'File'),
      fileHint ? h('div', { class: 'govuk-hint', id: 'input-file-hint' }, fileHint) : null,
      h('input', { class: 'govuk-file-upload', id: 'input-file', name: 'file', type: 'file', accept: accept || undefined, 'aria-describedby': fileHint ? 'input-file-hint' : undefined }),
    );
    const recordStatus = h('p', { class: 'govuk-body', id: 'record-status', 'aria-live': 'polite' }, 'Not recording.');
    const recordButton = button('Start recording', null, 'secondary');
    recordButton.id = 'input-record';
    let timer = 0;
    onLeave(() => window.clearInterval(timer));
    recordButton.addEventListener('click', () => {
      void (async () => {
        if (recorder.recording) {
          window.clearInterval(timer);
          recording = await recorder.stop();
          recordButton.textContent = 'Record again';
          recordStatus.textContent = `Recorded ${formatDuration(recording.seconds)} (${formatBytes(recording.blob.size)}). It will be uploaded when you start the job.`;
          return;
        }
        try {
          await recorder.start();
        } catch {
          recordStatus.textContent = 'The microphone could not be used. Check the browser lets this site use it, or upload a recording instead.';
          return;
        }
        recording = null;
        recordButton.textContent = 'Stop recording';
        recordStatus.textContent = 'Recording. Select “Stop recording” when you have finished.';
        timer = window.setInterval(() => {
          recordStatus.textContent = `Recording: ${formatDuration(recorder.elapsedSeconds())}`;
        }, 5000);
      })();
    });
    const recordBox = h('div', { class: 'govuk-form-group' }, h('p', { class: 'govuk-body' }, 'Ask everyone present for their agreement before you record.'), recordButton, recordStatus);

    const boxes: Record<Method, HTMLElement> = { paste: pasteBox, upload: uploadBox, record: recordBox };
    const conditional: Record<string, HTMLElement> = {};
    const radios = h(
      'div',
      { class: 'govuk-radios', 'data-module': 'govuk-radios' },
      methods.flatMap((m, i) => {
        const id = i === 0 ? 'input-method' : `input-method-${m}`;
        const cond = h('div', { class: `govuk-radios__conditional${i === 0 ? '' : ' govuk-radios__conditional--hidden'}`, id: `conditional-${m}` }, boxes[m]);
        conditional[m] = cond;
        return [
          h(
            'div',
            { class: 'govuk-radios__item' },
            h('input', { class: 'govuk-radios__input', id, name: 'method', type: 'radio', value: m, checked: i === 0, 'aria-controls': `conditional-${m}` }),
            h('label', { class: 'govuk-label govuk-radios__label', for: id }, kMethodLabels[m]),
          ),
          cond,
        ];
      }),
    );
    radios.addEventListener('change', () => {
      for (const m of methods) {
        const el = radios.querySelector<HTMLInputElement>(`input[value="${m}"]`);
        const on = el?.checked ?? false;
        conditional[m].classList.toggle('govuk-radios__conditional--hidden', !on);
      }
    });
    const methodGroup = h(
      'div',
      { class: 'govuk-form-group' },
      h(
        'fieldset',
        { class: 'govuk-fieldset' },
        h('legend', { class: 'govuk-fieldset__legend govuk-fieldset__legend--m' }, h('h2', { class: 'govuk-fieldset__heading' }, 'Your material')),
        radios,
      ),
    );

    const engineOptions: [string, string][] = [['', `Default${models?.default ? ` (${models.default})` : ''}`]];
    if (models) {
      if (models.engines.includes('extractive')) engineOptions.push(['extractive', 'No language model (extractive methods)']);
      for (const m of models.models) engineOptions.push([m.name, `Model: ${m.name}`]);
    }
    const engineSelect = select({ id: 'engine', name: 'engine', label: 'Engine', options: engineOptions, hint: 'Leave this as the default unless you have been told otherwise.' });

    const paramFields = buildParameterFields(action.parameters);
    const submit = button('Start the job', null, '', 'submit');
    const form = h('form', { novalidate: true }, methodGroup, paramFields, engineSelect, submit);
    main.append(heading(action.title, 'l', action.category), p(action.description), form);

    const methodField: Record<Method, string> = { paste: 'input-text', upload: 'input-file', record: 'input-record' };

    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      void (async () => {
        const method = (form.querySelector<HTMLInputElement>('input[name="method"]:checked')?.value ?? methods[0]) as Method;
        for (const id of ['input-text', 'input-file', ...action.parameters.map((s) => `param-${s.name}`)]) setFieldError(form, id, null);
        const errors: FieldError[] = [];
        const text = (form.querySelector('#input-text') as HTMLTextAreaElement | null)?.value ?? '';
        const file = (form.querySelector('#input-file') as HTMLInputElement | null)?.files?.[0] ?? null;
        if (method === 'paste' && text.trim() === '') errors.push({ href: '#input-text', text: 'Paste the text to work on' });
        if (method === 'upload' && !file) errors.push({ href: '#input-file', text: 'Select a file' });
        if (method === 'upload' && file && input?.max_bytes && file.size > input.max_bytes) {
          errors.push({ href: '#input-file', text: `The file must be smaller than ${formatBytes(input.max_bytes)}` });
        }
        if (method === 'record' && !recording) errors.push({ href: '#input-record', text: 'Record the conversation, then select “Stop recording”' });
        const { values, errors: paramErrors } = readParameterValues(form, action.parameters);
        errors.push(...paramErrors);
        if (errors.length) {
          for (const e of errors) setFieldError(form, e.href.slice(1), e.text);
          app.setTitle(action.title, true);
          showErrorSummary(main, errors);
          return;
        }
        const engine = (form.querySelector('#engine') as HTMLSelectElement).value;
        submit.setAttribute('disabled', '');
        try {
          let reply: { job: Job };
          if (method === 'paste') {
            reply = await app.api.post<{ job: Job }>('/jobs', { action: action.id, input: { name: 'pasted-text.txt', text }, parameters: values, engine });
          } else {
            const body = new FormData();
            body.set('action', action.id);
            if (engine) body.set('engine', engine);
            for (const [k, v] of Object.entries(values)) body.set(`param.${k}`, String(v));
            if (method === 'upload' && file) body.set('file', file, file.name);
            if (method === 'record' && recording) body.set('file', new File([recording.blob], recordingFileName(new Date()), { type: 'audio/webm' }));
            reply = await app.api.post<{ job: Job }>('/jobs', body);
          }
          app.navigate(`/jobs/${encodeURIComponent(reply.job.id)}`);
        } catch (err) {
          const e = err instanceof ApiError ? err : new ApiError(0, 'Internal', String(err));
          let target = fieldIdForApiError(e.field, action.parameters);
          if (!target && (e.field === 'file' || e.field.startsWith('input'))) target = methodField[method];
          if (!target && e.field === 'engine') target = 'engine';
          const message = e.status === 413 ? `The file is too large. ${e.message}` : e.message;
          if (target) setFieldError(form, target, message);
          app.setTitle(action.title, true);
          showErrorSummary(main, [{ href: target ? `#${target}` : '', text: message }]);
        } finally {
          submit.removeAttribute('disabled');
        }
      })();
    });
  },
};
