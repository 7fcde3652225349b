import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendProblem } from '../http/problem.js';

/** Where `make console` (Vite) writes the built operator console; beside dist/ in the image, like api/. */
export const CONSOLE_DIST = fileURLToPath(new URL('../../console/dist', import.meta.url));

/** What the console reads at start (it cannot be baked into the build: it differs per deployment). */
export interface ConsoleSettings {
  /** The Temporal web UI, for links to an order's workflow; absent hides them. */
  temporalUiUrl?: string;
  namespace: string;
}

/**
 * Serves the operator console (console/, a Vite + Preact single-page app) at /console/: its built
 * files, and index.html for every other path below it, so a deep link or a reload of
 * /console/orders/42 opens that page. Outside the contract (api/openapi.yaml): no authentication here,
 * the app asks the API with the user's token like any other client.
 */
export async function registerConsole(app: FastifyInstance, settings: ConsoleSettings, dist = CONSOLE_DIST): Promise<void> {
  app.get('/console', { schema: { hide: true } }, (_request, reply) => reply.redirect('/console/', 302));
  app.get('/console/config.json', { schema: { hide: true } }, () => settings);
  if (!existsSync(join(dist, 'index.html'))) {
    app.get('/console/*', { schema: { hide: true } }, (request, reply) =>
      notFound(request, reply, 'The operator console is not built: run `make console` (make run does it when it is missing).'),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root: dist,
    prefix: '/console/',
    // Only the files that exist at start get routes; every other path is a page of the app.
    wildcard: false,
    index: false,
    schemaHide: true,
    // Hashed asset names never change content; index.html must be revalidated to pick up a new build.
    setHeaders: (reply, path) => reply.header('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache'),
  });
  app.get('/console/*', { schema: { hide: true } }, (request, reply) =>
    // A missing file (an asset of an older build) is a 404, not the app's page under a script's name.
    /\.[a-z0-9]+$/i.test(request.url.split('?')[0]!)
      ? notFound(request, reply, 'There is no such file in the console.')
      : reply.header('cache-control', 'no-cache').sendFile('index.html'),
  );
}

const notFound = (request: FastifyRequest, reply: FastifyReply, detail: string) =>
  sendProblem(reply, request, { type: 'https://problems.orders.example/not-found', title: 'Not found', status: 404, detail });
