export { presentJob, presentPreview, type JobObject } from './job-presenter.ts';
