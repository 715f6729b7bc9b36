import type { z } from 'zod';
import { appOperations } from './contract/app.contract';
import { benchEvents, benchOperations } from './contract/bench.contract';
import { configEvents, configOperations } from './contract/config.contract';
import { datasetsOperations } from './contract/datasets.contract';
import { diagnoseEvents, diagnoseOperations } from './contract/diagnose.contract';
import { demoOperations } from './contract/demo.contract';
import { filesOperations } from './contract/files.contract';
import { hostsEvents, hostsOperations } from './contract/hosts.contract';
import { runsEvents, runsOperations } from './contract/runs.contract';
import { serverEvents, serverOperations } from './contract/server.contract';
import { telemetryEvents, telemetryOperations } from './contract/telemetry.contract';
import { workspacesEvents, workspacesOperations } from './contract/workspaces.contract';
import { eventNames, operationNames } from './contract/names';

/**
 * The only door between UI and core. Every operation is `domain.verb` with zod input and
 * output; every push stream is a past-tense fact with a zod payload. The Electron binding,
 * the WebSocket binding, the preload allow-list and the renderer client all derive from here.
 */
export const operations = {
  ...appOperations,
  ...workspacesOperations,
  ...demoOperations,
  ...runsOperations,
  ...benchOperations,
  ...hostsOperations,
  ...telemetryOperations,
  ...serverOperations,
  ...datasetsOperations,
  ...filesOperations,
  ...configOperations,
  ...diagnoseOperations,
} as const;

export const events = {
  ...workspacesEvents,
  ...runsEvents,
  ...benchEvents,
  ...hostsEvents,
  ...telemetryEvents,
  ...serverEvents,
  ...configEvents,
  ...diagnoseEvents,
} as const;

export type Operations = typeof operations;
export type OperationName = keyof Operations;
export type EventName = keyof typeof events;

/** What a caller passes (defaults not yet applied). */
export type OperationInput<K extends OperationName> = z.input<Operations[K]['input']>;
/** What the core receives after the door parsed the input. */
export type ParsedInput<K extends OperationName> = z.output<Operations[K]['input']>;
export type OperationOutput<K extends OperationName> = z.output<Operations[K]['output']>;
export type EventPayload<K extends EventName> = z.output<(typeof events)[K]>;

/** The core implements this; every shell binds it. */
export type Handlers = { [K in OperationName]: (input: ParsedInput<K>) => Promise<OperationOutput<K>> };

export type EventListener<K extends EventName> = (payload: EventPayload<K>) => void;

export function isOperationName(name: string): name is OperationName {
  return Object.hasOwn(operations, name);
}

export function isEventName(name: string): name is EventName {
  return Object.hasOwn(events, name);
}

// The preload's allow-list (names.ts) has no zod in it; this keeps it equal to the contract at compile time.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const operationNamesMatch: Same<(typeof operationNames)[number], OperationName> = true;
const eventNamesMatch: Same<(typeof eventNames)[number], EventName> = true;
void operationNamesMatch;
void eventNamesMatch;
