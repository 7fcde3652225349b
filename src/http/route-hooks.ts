import type { RouteOptions } from 'fastify';

type RouteHookName = 'preValidation' | 'preHandler' | 'onSend';

/**
 * Adds a hook to one route only (from an onRoute hook), after the hooks the route already has, so
 * a concern that applies to a few routes costs the others nothing per request.
 */
export function addRouteHook<Name extends RouteHookName>(route: RouteOptions, name: Name, hook: NonNullable<RouteOptions[Name]>): void {
  const existing = route[name];
  const hooks = existing === undefined ? [] : Array.isArray(existing) ? existing : [existing];
  (route as Record<RouteHookName, unknown>)[name] = [...hooks, ...(Array.isArray(hook) ? hook : [hook])];
}

/** Whether a route answers this method (its method may be one or a list). */
export const routeAnswers = (route: RouteOptions, method: string): boolean =>
  Array.isArray(route.method) ? route.method.includes(method as never) : route.method === method;
