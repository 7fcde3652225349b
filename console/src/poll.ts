import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { problemText } from './api.js';
import { useConsole } from './context.js';

/** The result of one call through the typed client. */
interface Result<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

export interface Polled<T> {
  data: T | undefined;
  response: Response | undefined;
  /** The API's refusal, as text. */
  error: string | undefined;
  /** Reload now (after an action, so the page shows the new state without waiting for the next poll). */
  refresh(): Promise<void>;
}

/**
 * Loads with `load` and reloads every `intervalMs` while the tab is visible (live updates without a
 * reload), keeping the last good data on screen meanwhile. A change of `key` starts over.
 */
export function usePolled<T>(key: string, load: () => Promise<Result<T>>, intervalMs: number | undefined): Polled<T> {
  const { unauthorized } = useConsole();
  const [state, setState] = useState<{ key: string; data?: T; response?: Response; error?: string }>({ key });
  const loadRef = useRef(load);
  loadRef.current = load;

  const refresh = useCallback(async () => {
    try {
      const result = await loadRef.current();
      if (result.response.status === 401) return unauthorized();
      setState((previous) =>
        result.error !== undefined
          ? { ...previous, key, error: problemText(result.error, result.response), response: result.response }
          : { key, data: result.data, response: result.response },
      );
    } catch (error) {
      setState((previous) => ({ ...previous, key, error: problemText(error) }));
    }
  }, [key, unauthorized]);

  useEffect(() => {
    setState({ key });
    void refresh();
    if (!intervalMs) return;
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void refresh();
    }, intervalMs);
    return () => clearInterval(timer);
  }, [key, intervalMs, refresh]);

  const current = state.key === key ? state : { key };
  return { data: current.data, response: current.response, error: current.error, refresh };
}
