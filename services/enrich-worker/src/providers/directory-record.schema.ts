import { z } from 'zod';

// JSON producers write zips and registration numbers as numbers as often as strings; both mean the same.
const text = z.union([z.string(), z.number()]).transform((value) => String(value));
const optionalText = text.nullish().transform((value) => value ?? null);

/** One line of the directory data set (docs/directory.md, Data set), `account_ids` included. */
export const directoryRecordSchema = z.object({
  company: z.string().min(1),
  aliases: z.array(z.string()).default([]),
  street: optionalText,
  city: optionalText,
  state: optionalText,
  zip: optionalText,
  phones: z.array(z.object({ number: text, type: z.string().nullish().transform((value) => value ?? null) })).default([]),
  contacts: z
    .array(
      z.object({
        display_name: z.string().min(1),
        title: z.string().nullish().transform((value) => value ?? null),
        phones: z.array(text).default([]),
        emails: z.array(z.string()).default([]),
      }),
    )
    .default([]),
  emails: z.array(z.object({ address: z.string().min(1), type: z.string().nullish().transform((value) => value ?? null) })).default([]),
  entities: z
    .array(z.object({ legal_name: z.string().min(1), jurisdiction: optionalText, registration_id: optionalText }))
    .default([]),
  account_ids: z.array(text).default([]),
});

/** A directory record as written in the file. */
export type DirectoryRecordInput = z.input<typeof directoryRecordSchema>;
/** A directory record after validation: defaults applied, missing values null. */
export type DirectoryRecord = z.output<typeof directoryRecordSchema>;
