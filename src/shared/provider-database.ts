import { isPostgresUnavailable } from '../db/pool.js';
import { DependencyUnavailable, ProviderUnavailable } from './errors.js';

/**
 * Runs a database call of a local provider. Its database is the provider's own storage, so when it
 * cannot be reached the provider is what is unavailable, transiently: callers see the same
 * ProviderUnavailable they would see from a remote provider that is down, and retry.
 */
export async function reachProviderDatabase<T>(provider: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof DependencyUnavailable || isPostgresUnavailable(error)) {
      throw new ProviderUnavailable(provider, 'its database cannot be reached; nothing was changed');
    }
    throw error;
  }
}
