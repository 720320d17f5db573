// Reading a submitted form so that nothing typed is lost: a form's schema (an object)
// gives every field a default, and when one field is refused (too long, the wrong
// type, repeated) only that field falls back to its default. Every other answer is
// kept, shown again and, on the application's steps, saved.
import type { z } from 'zod';

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
