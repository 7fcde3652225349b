# The two commands of the quick start are `make run` and `make test`; everything else is a step of theirs.
SHELL := /bin/bash
NODE := node --import tsx
.DEFAULT_GOAL := help

.PHONY: help install temporal-cli temporal-server deploy-tools browser console generate check-generated build run api worker test typecheck lint format clean temporal-test-server migrate-up migrate-down

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

# npm ci only when package-lock.json changed since the last install. --include=dev: NODE_ENV=production,
# exported on many servers, makes npm leave out the devDependencies that make run/test need (tsx, the
# embedded PostgreSQL); the production image installs with --omit=dev itself (Dockerfile).
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --include=dev --no-audit --no-fund
	@touch $@

install: node_modules/.package-lock.json ## Install npm dependencies (only when missing or stale)

temporal-cli: install ## Find or build (once per machine, minutes) the Temporal CLI that holds the dev server
	@$(NODE) src/main.ts temporal-cli

temporal-server: install ## Find or build (once per machine, minutes) the Temporal server and temporal-sql-tool (state in PostgreSQL)
	@$(NODE) src/main.ts temporal-server

browser: install ## Find or install (once per machine, apt-get as root) the Chromium the console's browser tests drive
	@$(NODE) src/main.ts chromium >/dev/null

# The operator console (console/, Vite + Preact), served by the API at /console/. Rebuilt only when
# its sources, the client or the contract's types changed since the last build.
CONSOLE_SOURCES := $(shell find console/src -type f 2>/dev/null) console/index.html console/vite.config.ts $(wildcard src/client/*.ts) src/http/api-types.ts
console/dist/index.html: node_modules/.package-lock.json $(CONSOLE_SOURCES)
	npx vite build --config console/vite.config.ts --logLevel warn
	@echo "console built: $$(gzip -c console/dist/assets/*.js | wc -c | awk '{printf "%.1f KB", $$1/1024}') of JavaScript gzipped"

console: console/dist/index.html ## Build the operator console into console/dist (when missing or stale)

generate: install ## Regenerate API types (openapi-typescript) and SQL types (PgTyped)
	$(NODE) scripts/generate.ts

GENERATED := src/http/api-types.ts ':(glob)src/**/*.queries.ts' deploy/helm/order-processing/files/alerts.yml
check-generated: generate ## Fail when committed generated files differ from what the sources generate
	@stale=$$(git status --porcelain -- $(GENERATED)); \
	  if [ -n "$$stale" ]; then echo "$$stale"; git diff -- $(GENERATED) | head -50; \
	    echo 'Generated files are stale: run `make generate` and commit the result.'; exit 1; fi
	@# The typed client (src/client) and the console are typed by the generated file: they must compile against it.
	@npx tsc -p console/tsconfig.json || { echo 'src/client or the console no longer matches api/openapi.yaml.'; exit 1; }

# dist/ emptied first, so that a module deleted from src/ does not linger in it; with the workflow bundle the
# compiled worker loads instead of running webpack at start. Rebuilt only when a source changed.
dist/main.js: node_modules/.package-lock.json tsconfig.json tsconfig.build.json $(shell find src -type f -name '*.ts' 2>/dev/null)
	rm -rf dist
	npx tsc -p tsconfig.build.json
	node dist/temporal/workflow-bundle.js
	@touch $@

build: dist/main.js ## Compile TypeScript to dist/ (what the image and `node dist/main.js api|worker|dev` run)

temporal-test-server: install ## Find or resolve with Maven (once per machine, a minute) Temporal's time-skipping test server
	@$(NODE) scripts/temporal-test-server.ts >/dev/null

# TEMPORAL=dev-server (the default): the CLI's dev server on SQLite, with its UI.
# TEMPORAL=server: the Temporal server on the embedded PostgreSQL, as in docker-compose.yml (no UI).
TEMPORAL ?= $(or $(TEMPORAL_DEV_SERVER),dev-server)
run: install $(if $(filter server,$(TEMPORAL)),temporal-server,temporal-cli) console ## Start everything: embedded PostgreSQL, Temporal (TEMPORAL=dev-server|server), API and worker
	@TEMPORAL_DEV_SERVER=$(TEMPORAL) $(NODE) src/main.ts dev

api: install ## Run the API alone (needs DATABASE_URL, TEMPORAL_ADDRESS)
	@$(NODE) src/main.ts api

worker: install ## Run the worker alone (needs DATABASE_URL, TEMPORAL_ADDRESS)
	@$(NODE) src/main.ts worker

deploy-tools: install ## Find or build (once per machine, minutes) Helm and kubernetes-validate for the chart's tests
	@$(NODE) scripts/deploy-tools.ts

test: install build temporal-cli temporal-test-server temporal-server deploy-tools console browser ## Run the whole test suite against real PostgreSQL and a real Temporal server
	npx vitest run

typecheck: install ## Type-check everything, tests and the console included
	npx tsc -p tsconfig.json --noEmit
	npx tsc -p console/tsconfig.json

lint: install ## ESLint, the formatter's check (Prettier) and the contract's lint (Redocly CLI, redocly.yaml)
	npx eslint .
	npx prettier --check . --log-level warn
	REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true npx redocly lint --format=stylish api/openapi.yaml

format: install ## Format the code with Prettier
	npx prettier --write . --log-level warn

migrate-up: install ## Apply migrations to DATABASE_URL
	@$(NODE) src/main.ts migrate up

migrate-down: install ## Undo the newest migration on DATABASE_URL: destroys its data, so it refuses unless FORCE=1
	@$(NODE) src/main.ts migrate down $(if $(filter 1 yes true,$(FORCE)),--force)

clean: ## Remove build output and local data (.data holds the dev database and Temporal state)
	rm -rf dist console/dist .data coverage

.PHONY: bench bench-compare
bench: install temporal-cli ## Benchmarks (~20 min): ceilings, endpoints, list scaling, end to end, memory, profile, before/after → bench/results/latest.{json,md,svg}
	@$(NODE) bench/run.ts

.PHONY: bench-temporal
bench-compare: install temporal-cli ## Only the before/after phase (BENCH_BASELINE=<git ref>, default the previous stop's main), printed (~5 min)
	@$(NODE) bench/compare.ts

bench-temporal: install temporal-cli temporal-server ## End to end on the dev server and on the Temporal server on PostgreSQL, same run (~3 min): orders/s and their ratio
	@$(NODE) bench/temporal-servers.ts

.PHONY: bench-memory
bench-memory: install temporal-cli ## Only the memory phase: API and worker RSS compiled vs tsx, the worker with BENCH_REVIEW_ORDERS (2,000) orders in review, its shutdown time (~3 min)
	@$(NODE) bench/memory.ts

.PHONY: bench-profile
bench-profile: install temporal-cli ## Only the CPU profiles of the API under POST /orders and GET /orders/{id} (BENCH_PROFILE_BEFORE=<git ref> profiles that commit too, same run)
	@$(NODE) bench/profile.ts

.PHONY: bench-two-apis
bench-two-apis: install temporal-cli ## Only GET /orders/{id} against one API process and against two (8 + 8 connections), turn about (~1 min)
	@$(NODE) bench/two-apis.ts

.PHONY: bench-create
bench-create: install temporal-cli ## POST /orders against its workflow.start ceiling only (BENCH_CREATE_BEFORE=<checkout> compares two versions in one run)
	@$(NODE) bench/create.ts
