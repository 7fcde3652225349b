import { createOrdersClient, type Problem } from '../../src/client/index.js';

/** The API on the console's own origin, with the session's token (read before every request). */
export function createApi(token: () => string | undefined) {
  return createOrdersClient({ baseUrl: location.origin, token });
}
export type Api = ReturnType<typeof createApi>;

/** What the console shows when the API says no: its problem's detail (or title), never a bare status. */
export function problemText(error: unknown, response?: Response): string {
  const problem = error as Partial<Problem> | undefined;
  if (problem && typeof problem === 'object' && (problem.detail || problem.title)) return problem.detail ?? problem.title!;
  return response ? `The API answered ${response.status} ${response.statusText}.` : 'The API could not be reached.';
}
