import type { z } from 'zod';

/** Zod issues as short strings; paths and messages only, never input values. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
}
