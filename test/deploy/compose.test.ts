/**
 * The deployment files, checked without Docker: docker-compose.yml against the Compose Specification
 * and the promises the stack depends on, and the shape of the Dockerfile.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (file: string) => readFileSync(join(root, file), 'utf8');

interface Service {
  build?: unknown;
  image?: string;
  command?: unknown;
  ports?: unknown;
  container_name?: string;
  restart?: string;
  environment?: Record<string, string | number | boolean | null>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test?: unknown; disable?: boolean };
}
interface ComposeFile {
  services: Record<string, Service>;
  [key: string]: unknown;
}

/**
 * The official Compose Specification schema (compose-spec/compose-spec, schema/compose-spec.json),
 * as shipped in the devDependency dclint@3.1.0 at schemas/compose.schema.json; dclint keeps it in
 * step with upstream. Its package exports do not list the file, hence the path from package.json.
 */
function compileComposeSchema(): ValidateFunction {
  const require = createRequire(import.meta.url);
  const file = join(dirname(require.resolve('dclint/package.json')), 'schemas', 'compose.schema.json');
  // It declares draft-07 as "https://json-schema.org/draft-07/schema", an id Ajv does not know by
  // that spelling; Ajv's default dialect is draft-07 already, so the declaration can go.
  const schema = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  delete schema.$schema;
  // Strict mode would refuse the schema's `type: ["string", "number"]` unions and warn about its
  // typeless `oneOf` branches; neither weakens the validation.
  return new Ajv({ allErrors: true, allowUnionTypes: true, strictTypes: false }).compile(schema);
}

/** Compose's `${VAR:-default}` with nothing set, so that URLs in the file can be read as URLs. */
const withDefaults = (value: unknown) => String(value).replace(/\$\{\w+:-([^}]*)\}/g, '$1');

describe('docker-compose.yml', () => {
  // merge: true, as Compose reads `<<: *anchor` merge keys (the api and worker share x-app).
  const compose = parse(read('docker-compose.yml'), { merge: true }) as ComposeFile;
  const { services } = compose;
  const validate = compileComposeSchema();

  it('is valid against the Compose Specification', () => {
    const valid = validate(compose);
    expect(validate.errors ?? []).toEqual([]); // on failure, the diff lists each schema error
    expect(valid).toBe(true);
  });

  it('fails validation when broken, so the check above can fail', () => {
    const brokenPorts = structuredClone(compose);
    brokenPorts.services.api!.ports = 'not-a-list';
    expect(validate(brokenPorts)).toBe(false);

    const unknownTopLevelKey = { ...structuredClone(compose), servics: {} };
    expect(validate(unknownTopLevelKey)).toBe(false);

    const unknownCondition = structuredClone(compose);
    unknownCondition.services.api!.depends_on!.postgres!.condition = 'service_ready';
    expect(validate(unknownCondition)).toBe(false);
  });

  it('runs the api and the worker from one build, with one configuration, in their two roles', () => {
    const { api, worker } = services;
    expect(api?.build).toBeDefined();
    expect(worker?.build).toEqual(api?.build);
    expect(worker?.image).toBe(api?.image);
    expect(worker?.environment).toEqual(api?.environment);
    expect(api?.command).toEqual(['api']);
    expect(worker?.command).toEqual(['worker']);
  });

  it('lets the worker scale: no published ports, no fixed container name', () => {
    expect(services.worker?.ports).toBeUndefined();
    expect(services.worker?.container_name).toBeUndefined();
    // The image's healthcheck calls the API's /healthz, which a worker does not serve.
    expect(services.worker?.healthcheck?.disable).toBe(true);
  });

  it('points the app at the compose services: the orders database and the Temporal frontend', () => {
    const env = services.api!.environment!;
    const database = new URL(withDefaults(env.DATABASE_URL));
    expect(database.hostname).toBe('postgres');
    expect(database.pathname).toBe(`/${services.postgres?.environment?.POSTGRES_DB}`);
    expect(database.pathname).toBe('/orders');
    expect(env.TEMPORAL_ADDRESS).toBe('temporal:7233');
  });

  it('starts the api only once what it depends on is ready, and every awaited health is checked', () => {
    const apiDependencies = Object.entries(services.api?.depends_on ?? {});
    expect(apiDependencies.map(([name]) => name)).toEqual(expect.arrayContaining(['postgres', 'temporal']));
    for (const [name, { condition }] of apiDependencies) {
      expect(condition, `api → ${name}`).not.toBe('service_started');
    }
    // Anywhere in the file: waiting for `service_healthy` on a service without a healthcheck
    // would hang `docker compose up`; waiting for completion of a service that restarts forever, too.
    for (const [dependent, service] of Object.entries(services)) {
      for (const [name, { condition }] of Object.entries(service.depends_on ?? {})) {
        const dependency = services[name];
        expect(dependency, `${dependent} depends on unknown service ${name}`).toBeDefined();
        if (condition === 'service_healthy') {
          expect(dependency?.healthcheck?.test, `${name} needs a healthcheck (${dependent} waits for it)`).toBeDefined();
          expect(dependency?.healthcheck?.disable).not.toBe(true);
        }
        if (condition === 'service_completed_successfully') {
          expect(['always', 'unless-stopped'], `${name} must be able to finish`).not.toContain(dependency?.restart);
        }
      }
    }
  });
});

interface Instruction {
  keyword: string;
  args: string;
}

/** Dockerfile instructions grouped by build stage; continuation lines joined, comments dropped. */
function dockerfileStages(text: string): Instruction[][] {
  const stages: Instruction[][] = [];
  const lines = text
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  for (const line of lines) {
    const [, keyword = '', args = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const instruction = { keyword: keyword.toUpperCase(), args };
    if (instruction.keyword === 'FROM') stages.push([]);
    stages.at(-1)?.push(instruction);
  }
  return stages;
}

const SUPPORTED_NODE_LTS = [22, 24];

/** What the runtime image must be; returns the problems found, none for a good Dockerfile. */
function dockerfileProblems(text: string): string[] {
  const problems: string[] = [];
  const stages = dockerfileStages(text);
  if (stages.length < 2) problems.push('needs separate build and runtime stages');
  const final = stages.at(-1) ?? [];
  const last = (keyword: string) => final.filter((i) => i.keyword === keyword).at(-1)?.args;

  // Node's release schedule: the LTS lines still receiving fixes. Node 20 reached end of life in April 2026.
  for (const stage of stages) {
    const base = stage[0]?.args.split(/\s+/).find((word) => !word.startsWith('--')) ?? '';
    const major = /^node:(\d+)/.exec(base)?.[1];
    if (major !== undefined && !SUPPORTED_NODE_LTS.includes(Number(major)))
      problems.push(`${base} is not a supported Node LTS (${SUPPORTED_NODE_LTS.join(', ')})`);
  }

  const user = last('USER');
  if (!user || /^(root|0)(:|$)/.test(user)) problems.push(`final stage runs as root (USER ${user ?? 'unset'})`);

  // Exec form (a JSON array): with shell form /bin/sh would be PID 1 and SIGTERM would never reach
  // the graceful shutdown in src/main.ts.
  let entrypoint: unknown;
  try {
    entrypoint = JSON.parse(last('ENTRYPOINT') ?? '');
  } catch {
    entrypoint = undefined;
  }
  if (!Array.isArray(entrypoint) || entrypoint[0] !== 'node' || !entrypoint.includes('dist/main.js')) {
    problems.push('final stage ENTRYPOINT must be ["node", "dist/main.js"] in exec form');
  }
  return problems;
}

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');

  it('builds in stages on a supported Node LTS and runs dist/main.js as a non-root user', () => {
    expect(dockerfileProblems(dockerfile)).toEqual([]);
  });

  it('ships production dependencies with the compiled code, the migrations and the OpenAPI document side by side', () => {
    const final = dockerfileStages(dockerfile).at(-1) ?? [];
    const args = (keyword: string) => final.filter((i) => i.keyword === keyword).map((i) => i.args);
    expect(args('RUN').some((run) => /npm ci\b.*--omit=dev/.test(run))).toBe(true);
    const copies = args('COPY');
    expect(copies.some((copy) => /^--from=\S+ \S*dist \.\/dist$/.test(copy))).toBe(true);
    expect(copies).toEqual(expect.arrayContaining(['migrations ./migrations', 'api ./api']));
    expect(args('CMD')).toEqual(['["api"]']);
  });

  it('reports the problems of a single-stage Dockerfile on an ended Node that runs as root in shell form', () => {
    const bad = 'FROM node:20\nWORKDIR /app\nCOPY . .\nUSER root\nENTRYPOINT node dist/main.js\n';
    expect(dockerfileProblems(bad)).toEqual([
      'needs separate build and runtime stages',
      'node:20 is not a supported Node LTS (22, 24)',
      'final stage runs as root (USER root)',
      'final stage ENTRYPOINT must be ["node", "dist/main.js"] in exec form',
    ]);
  });
});
