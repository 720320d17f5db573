// Reading a submitted form so that nothing typed is lost: a form's schema (an object)
// gives every field a default, and when one field is refused (too long, the wrong
// type, repeated) only that field falls back to its default. Every other answer is
// kept, shown again and, on the application's steps, saved.
import { z } from 'zod';

export function readForm<T>(schema: z.ZodType<T>, body: unknown): T {
  const whole = schema.safeParse(body ?? {});
  if (whole.success) return whole.data;
  const raw = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const shape = (schema as unknown as { shape?: Record<string, z.ZodType> }).shape ?? {};
  const kept: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(shape)) {
    if (Object.hasOwn(raw, key) && field.safeParse(raw[key]).success) kept[key] = raw[key];
  }
  const partial = schema.safeParse(kept);
  return partial.success ? partial.data : schema.parse({});
}

/** A group of checkboxes: none ticked is an empty list, one is a string, several an array. */
export const ticked = (max: number) =>
  z
    .union([z.string().max(100), z.array(z.string().max(100)).max(max)])
    .transform((v) => (Array.isArray(v) ? v : [v]))
    .default([]);

/**
 * A form whose fields are named by what they are for (one per list or text kind): every
 * field that is text of at most `max` characters is kept; any other (too long, repeated)
 * is left out, so the page asks for that one again and keeps the rest.
 */
export function readFields(body: unknown, max: number): Record<string, string> {
  const raw = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const kept: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value === 'string' && value.length <= max && key.length <= 100) kept[key] = value;
  }
  return kept;
}
