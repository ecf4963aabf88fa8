import { CallbackUrlRejection, checkCallbackUrl } from '@bej/callbacks';
import { AppError } from '../http/app-error.ts';

/** A submitted callback_url, checked (shape, DNS, address policy) before anything is stored. */
export async function acceptCallbackUrl(raw: string | undefined | null, allowPrivate: boolean): Promise<string | null> {
  if (raw === undefined || raw === null || raw.trim() === '') return null;
  try {
    return await checkCallbackUrl(raw, { allowPrivate });
  } catch (err) {
    if (err instanceof CallbackUrlRejection) throw new AppError('invalid_callback_url', err.message);
    throw err;
  }
}
