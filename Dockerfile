# syntax=docker/dockerfile:1
# One image, two roles: `api` (the default CMD) and `worker`. docker-compose.yml runs both.
#   docker build -t order-processing .
#   docker run --rm -e DATABASE_URL=... -e TEMPORAL_ADDRESS=... -p 8080:8080 order-processing
#   docker run --rm -e DATABASE_URL=... -e TEMPORAL_ADDRESS=... order-processing worker

# A supported Node LTS (Node 20 reached end of life in April 2026). The code also runs on Node 20.19+
# (package.json "engines"), which is what the development machines and CI have; .ci/run prints it.
FROM node:24-bookworm-slim AS base
WORKDIR /app
# package.json's allowScripts (which dependencies may run install scripts) needs a recent npm 11;
# an older npm ignores it and runs every install script, denied ones included, so the image uses
# the npm that the lockfile was written with rather than whichever one the base image ships.
RUN npm install --global --no-audit --no-fund npm@11.19.1 && npm cache clean --force

FROM base AS deps
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM deps AS build
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
# The workflows bundled once here (dist/workflow-bundle.js), not by every worker at start with webpack.
RUN npx tsc -p tsconfig.build.json && node dist/temporal/workflow-bundle.js
# The operator console: static files the API serves at /console/ (src/console/plugin.ts).
COPY console ./console
RUN npx vite build --config console/vite.config.ts

FROM base AS runtime
# HOST=0.0.0.0: the default (127.0.0.1) would be unreachable from outside the container.
ENV NODE_ENV=production HOST=0.0.0.0 PORT=8080 NODE_OPTIONS=--enable-source-maps
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
# The code finds these relative to dist/<dir>/<file>.js (../../migrations, ../../api/openapi.yaml, ../../console/dist),
# so they sit beside dist/ at the app root. Owned by root: the app only reads them.
COPY --from=build /app/dist ./dist
COPY --from=build /app/console/dist ./console/dist
COPY migrations ./migrations
COPY api ./api
USER node
EXPOSE 8080
# Liveness of the API role. Slim images have no curl; Node has fetch. The worker serves no HTTP,
# so docker-compose.yml disables this check for it.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "dist/main.js"]
CMD ["api"]
