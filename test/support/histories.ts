/**
 * Loads a workflow history saved as JSON (`temporal workflow show --output json`) for replay.
 *
 * Why not the SDK's historyFromJSON: with this dependency tree npm installs separate copies of
 * protobufjs 8 under @temporalio/common and @temporalio/proto (the top level holds v7 for gRPC and
 * OpenTelemetry), and historyFromJSON then fails with "type must be a Type" because the type comes
 * from one copy and the JSON reader from the other. Reading with the copy @temporalio/proto itself
 * uses gives the History the replay worker encodes.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import proto from '@temporalio/proto';
import { patchProtobufRoot } from '@temporalio/proto/lib/patch-protobuf-root.js';

const requireFromProto = createRequire(createRequire(import.meta.url).resolve('@temporalio/proto'));
const { fromJson } = requireFromProto('protobufjs/ext/protojson') as { fromJson(type: unknown, json: unknown, options: object): unknown };
const historyType = (patchProtobufRoot(proto) as unknown as { lookupType(name: string): unknown }).lookupType('temporal.api.history.v1.History');

export function loadHistory(path: string): proto.temporal.api.history.v1.History {
  return fromJson(historyType, JSON.parse(readFileSync(path, 'utf8')), { ignoreUnknownFields: true }) as proto.temporal.api.history.v1.History;
}
