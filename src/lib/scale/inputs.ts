/**
 * The calculator's input fields: their labels, symbols, limits and defaults in one table, used to
 * render the form and to check what the reader typed before any arithmetic runs.
 */
import * as z from 'zod/mini';
import { DEFAULT_INPUTS, type ScaleInputs } from './calculator.ts';

/** One input of the calculator form. */
export interface ScaleField {
  name: keyof ScaleInputs;
  symbol: string;
  label: string;
  /** Shown after the label; empty when the label says it already. */
  unit: string;
  min: number;
  max: number;
  /** Whole numbers only. */
  whole: boolean;
  /** Granularity of the browser's number field. */
  step: number;
}

/** The fields in the order the form shows them. */
export const SCALE_FIELDS: readonly ScaleField[] = [
  { name: 'users', symbol: 'N', label: 'Concurrent users', unit: '', min: 1, max: 1_000_000_000, whole: true, step: 1 },
  {
    name: 'eventsPerUserPerMinute',
    symbol: 'E',
    label: 'Events per user per minute',
    unit: '',
    min: 0,
    max: 6000,
    whole: false,
    step: 0.1,
  },
  { name: 'pollIntervalSeconds', symbol: 'T', label: 'Short-poll interval', unit: 's', min: 0.1, max: 3600, whole: false, step: 0.1 },
  { name: 'longPollTimeoutSeconds', symbol: 'H', label: 'Long-poll timeout', unit: 's', min: 1, max: 3600, whole: false, step: 1 },
  { name: 'payloadBytes', symbol: 'P', label: 'Payload per event', unit: 'bytes', min: 0, max: 10_000_000, whole: true, step: 1 },
  { name: 'headerBytes', symbol: 'R', label: 'Header bytes per request', unit: '', min: 0, max: 100_000, whole: true, step: 1 },
];

export type ScaleInputResult = { ok: true; inputs: ScaleInputs } | { ok: false; errors: Partial<Record<keyof ScaleInputs, string>> };

/** Checks the form's text values; each bad field gets a message like "must be a number from 1 to 3,600". */
export function parseScaleInputs(values: Readonly<Record<string, string | undefined>>): ScaleInputResult {
  const inputs: ScaleInputs = { ...DEFAULT_INPUTS };
  const errors: Partial<Record<keyof ScaleInputs, string>> = {};
  for (const field of SCALE_FIELDS) {
    const text = values[field.name]?.trim() ?? '';
    const range = `from ${field.min.toLocaleString('en-US')} to ${field.max.toLocaleString('en-US')}`;
    const message = field.whole ? `must be a whole number ${range}` : `must be a number ${range}`;
    const schema = (field.whole ? z.int() : z.number()).check(z.minimum(field.min), z.maximum(field.max));
    const parsed = text === '' ? undefined : schema.safeParse(Number(text));
    if (text === '') errors[field.name] = 'is required';
    else if (!parsed?.success) errors[field.name] = message;
    else inputs[field.name] = parsed.data;
  }
  return Object.keys(errors).length === 0 ? { ok: true, inputs } : { ok: false, errors };
}
