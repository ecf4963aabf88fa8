// The API's JSON answers as tests read them, inferred from the response schemas that the OpenAPI
// file (/api/v1/openapi.json) is built from, so a test that types an answer checks the documented shape.
import type { z } from 'zod';
import type { CallbackLogSchema, RowDetailSchema, RowsPageSchema } from '../../services/upload-api/src/openapi/response.schemas.ts';

export type Callback = z.infer<typeof CallbackLogSchema>['callbacks'][number];
export type Delivery = Callback['deliveries'][number];
export type RowSummary = z.infer<typeof RowsPageSchema>['rows'][number];
type RowDetail = z.infer<typeof RowDetailSchema>;
export type RowEvent = RowDetail['events'][number];
export type SearchVariant = RowDetail['search_variants'][number];
