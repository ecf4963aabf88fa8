export { presentBatch, presentPreview, type BatchObject } from './batch-presenter.ts';
