import type { z } from 'zod';

// The mapping shapes themselves are declared once, in @bej/leads (column-mapping.schema.ts).

/** Zod issues as short strings; paths and messages only, never input values. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
}
