// Shapes of the API's JSON bodies (docs/api.md), as the pages read them.

export interface ParameterSpec {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'enum' | string;
  default?: unknown;
  values?: string[];
  min?: number | null;
  max?: number | null;
  description?: string;
}

export interface InputSpec {
  name: string;
  kind: string; // text | transcript | table | document | audio | image
  formats: string[];
  max_bytes: number;
}

export interface Action {
  id: string;
  title: string;
  category: string;
  description: string;
  version: string;
  baseline_minutes: number;
  builtin?: boolean;
  inputs: InputSpec[];
  parameters: ParameterSpec[];
  yaml?: string;
}

export interface Review {
  state: 'draft' | 'approved' | 'rejected' | string;
  version?: number;
  reviewer?: string;
  comment?: string;
  at?: string;
}

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface Job {
  id: string;
  action: string;
  action_title?: string;
  category?: string;
  status: JobStatus | string;
  error?: string;
  engine?: string;
  model?: string;
  parameters?: Record<string, unknown>;
  created_by?: string;
  team?: string;
  created_at?: string;
  started_at?: string;
  finished_at?: string;
  timings?: Record<string, unknown>;
  review?: Review;
}

export interface JobResult {
  version: number;
  kind: string;
  result: unknown;
  markdown: string;
  warnings?: string[];
  method?: string;
  review?: Review;
}

export interface VersionInfo {
  version: number;
  kind: string;
  format: string;
  created_by: string;
  created_at: string;
}

export interface Source {
  name: string;
  media_type: string;
  text: string;
}

export const kFinalStatuses = new Set(['succeeded', 'failed', 'cancelled']);
