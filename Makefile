# The two commands of the quick start are `make run` and `make test`; everything else is a step of theirs.
SHELL := /bin/bash
NODE := node --import tsx
.DEFAULT_GOAL := help

.PHONY: help install temporal-cli temporal-server deploy-tools generate check-generated build run api worker test typecheck lint format clean temporal-test-server migrate-up migrate-down

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

# npm ci only when package-lock.json changed since the last install.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

install: node_modules/.package-lock.json ## Install npm dependencies (only when missing or stale)

temporal-cli: install ## Find or build (once per machine, minutes) the Temporal CLI that holds the dev server
	@$(NODE) src/main.ts temporal-cli

temporal-server: install ## Find or build (once per machine, minutes) the Temporal server and temporal-sql-tool (state in PostgreSQL)
	@$(NODE) src/main.ts temporal-server

generate: install ## Regenerate API types (openapi-typescript) and SQL types (PgTyped)
	$(NODE) scripts/generate.ts

GENERATED := src/http/api-types.ts ':(glob)src/**/*.queries.ts' deploy/helm/order-processing/files/alerts.yml
check-generated: generate ## Fail when committed generated files differ from what the sources generate
	@stale=$$(git status --porcelain -- $(GENERATED)); \
	  if [ -n "$$stale" ]; then echo "$$stale"; git diff -- $(GENERATED) | head -50; \
	    echo 'Generated files are stale: run `make generate` and commit the result.'; exit 1; fi

build: install ## Compile TypeScript to dist/
	npx tsc -p tsconfig.build.json

temporal-test-server: install ## Find or resolve with Maven (once per machine, a minute) Temporal's time-skipping test server
	@$(NODE) scripts/temporal-test-server.ts >/dev/null

# TEMPORAL=dev-server (the default): the CLI's dev server on SQLite, with its UI.
# TEMPORAL=server: the Temporal server on the embedded PostgreSQL, as in docker-compose.yml (no UI).
TEMPORAL ?= $(or $(TEMPORAL_DEV_SERVER),dev-server)
run: install $(if $(filter server,$(TEMPORAL)),temporal-server,temporal-cli) ## Start everything: embedded PostgreSQL, Temporal (TEMPORAL=dev-server|server), API and worker
	@TEMPORAL_DEV_SERVER=$(TEMPORAL) $(NODE) src/main.ts dev

api: install ## Run the API alone (needs DATABASE_URL, TEMPORAL_ADDRESS)
	@$(NODE) src/main.ts api

worker: install ## Run the worker alone (needs DATABASE_URL, TEMPORAL_ADDRESS)
	@$(NODE) src/main.ts worker

deploy-tools: install ## Find or build (once per machine, minutes) Helm and kubernetes-validate for the chart's tests
	@$(NODE) scripts/deploy-tools.ts

test: install temporal-cli temporal-test-server temporal-server deploy-tools ## Run the whole test suite against real PostgreSQL and a real Temporal server
	npx vitest run

typecheck: install ## Type-check everything, tests included
	npx tsc -p tsconfig.json --noEmit

lint: install ## ESLint, the formatter's check (Prettier) and the contract's lint (Redocly CLI, redocly.yaml)
	npx eslint .
	npx prettier --check . --log-level warn
	REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true npx redocly lint --format=stylish api/openapi.yaml

format: install ## Format the code with Prettier
	npx prettier --write . --log-level warn

migrate-up: install ## Apply migrations to DATABASE_URL
	@$(NODE) src/main.ts migrate up

migrate-down: install ## Undo the newest migration on DATABASE_URL
	@$(NODE) src/main.ts migrate down

clean: ## Remove build output and local data (.data holds the dev database and Temporal state)
	rm -rf dist .data coverage

.PHONY: bench
bench: install temporal-cli ## Benchmarks (~8 min): ceilings, endpoints, list scaling, end to end, memory, profile → bench/results/latest.{json,md,svg}
	@$(NODE) bench/run.ts

.PHONY: bench-temporal
bench-temporal: install temporal-cli temporal-server ## End to end on the dev server and on the Temporal server on PostgreSQL, same run (~3 min): orders/s and their ratio
	@$(NODE) bench/temporal-servers.ts
