import { z } from 'zod';
import { CANONICAL_FIELDS, searchVariantColumnSchema } from '@bej/leads';

/** A value of a headless row: text, or a number (zips and phones often arrive as numbers). */
const headlessValue = z.union([z.string().max(4000), z.number(), z.null()]).optional();

const canonicalShape = Object.fromEntries(CANONICAL_FIELDS.map((field) => [field, headlessValue])) as Record<
  (typeof CANONICAL_FIELDS)[number],
  typeof headlessValue
>;

/** One lead: canonical fields, plus any keys that `search_variants` names. */
const headlessRowSchema = z.object(canonicalShape).catchall(headlessValue);

/** The mapping's search-variant column, its header being a key of the row objects. */
const headlessVariantSchema = searchVariantColumnSchema.extend({
  header: z.string().min(1).max(200).describe('a key of the row objects that holds another value of the same business'),
});

/** `POST /api/v1/batch/enrich` (README "From code, without a file: headless batches"). */
export const headlessBatchBody = z
  .object({
    rows: z.array(headlessRowSchema).min(1, 'send at least one row'),
    search_variants: z.array(headlessVariantSchema).max(100).optional(),
    row_limit: z.number().int().positive().optional(),
    auto_start: z.boolean().optional(),
    callback_url: z.string().optional(),
    max_spend_usd: z.number().positive().max(1_000_000).optional(),
    dedupe: z.boolean().optional().describe("reuse an identical lead's recent matched result instead of hunting again (default true)"),
  })
  .strict()
  .superRefine((body, ctx) => {
    const variantKeys = new Set((body.search_variants ?? []).map((v) => v.header));
    const canonical = new Set<string>(CANONICAL_FIELDS);
    for (const key of variantKeys) {
      if (canonical.has(key)) ctx.addIssue({ code: 'custom', path: ['search_variants'], message: `"${key}" is a canonical field, not a variant` });
    }
    // Report the first stray key only: one typo tends to repeat on every row.
    for (const [index, row] of body.rows.entries()) {
      const stray = Object.keys(row).find((key) => !canonical.has(key) && !variantKeys.has(key));
      if (stray !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['rows', index, stray],
          message: `unknown field; use ${CANONICAL_FIELDS.join(', ')} or name it in search_variants`,
        });
        return;
      }
    }
  });

export type HeadlessBatchBody = z.infer<typeof headlessBatchBody>;
