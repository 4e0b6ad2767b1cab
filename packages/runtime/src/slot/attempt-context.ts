import {
  idempotencyKeyFor,
  type ActorStore,
  type Clock,
  type ContentPoster,
  type ExecutionContext,
  type RunLogger,
  type RunTrigger,
} from "@actor/core";
import type { AttemptControl } from "./attempt-control.js";
import { contextServices } from "./context-services.js";

/** What every attempt of one slot shares; built once per slot. */
export interface SlotContext {
  taskId: string;
  actorName: string;
  scheduledFor: Date;
  /** The slot's instant when the slot started (the key is made from it). */
  slotMs: number;
  clock: Clock;
  instanceId: string;
  services: Readonly<Record<string, unknown>>;
  /** `taskId@slot`, computed on first read (see {@link attemptContext}). */
  idempotencyKey: string | null;
}

/**
 * The `ctx` of one attempt. `signal` and `idempotencyKey` are own enumerable getters computed on
 * first read, so the `AbortController` and the key's ISO text cost nothing for an actor that never
 * reads them; to the actor they are plain fields (spreading `ctx` copies them like the others).
 * The getters are shared by every context (one property layout for all), which keeps creating a
 * context cheap. The key is made from the slot's instant when the slot started, so it is the same
 * for every attempt. `poster`, `destination`, `store` and `logger` are the typed views of the same
 * entries of `services` (see {@link contextServices}).
 *
 * @example
 * ```ts
 * const ctx = new AttemptContext(slotContext, 1, "schedule", control);
 * ctx.idempotencyKey; // "daily@2026-01-01T09:00:00.000Z"
 * ```
 */
export class AttemptContext implements ExecutionContext {
  declare readonly taskId: string;
  declare readonly actorName: string;
  declare readonly scheduledFor: Date;
  declare readonly idempotencyKey: string;
  declare readonly attempt: number;
  declare readonly trigger: RunTrigger;
  declare readonly signal: AbortSignal;
  declare readonly clock: Clock;
  declare readonly instanceId: string;
  declare readonly services: Readonly<Record<string, unknown>>;
  declare readonly poster: ContentPoster | undefined;
  declare readonly destination: string | undefined;
  declare readonly store: ActorStore | undefined;
  declare readonly logger: RunLogger | undefined;
  readonly #slot: SlotContext;
  readonly #control: AttemptControl;

  constructor(slot: SlotContext, attempt: number, trigger: RunTrigger, control: AttemptControl) {
    this.#slot = slot;
    this.#control = control;
    const self = this as { -readonly [K in keyof ExecutionContext]: ExecutionContext[K] };
    self.taskId = slot.taskId;
    self.actorName = slot.actorName;
    self.scheduledFor = slot.scheduledFor;
    Object.defineProperty(this, "idempotencyKey", KEY_PROPERTY);
    self.attempt = attempt;
    self.trigger = trigger;
    Object.defineProperty(this, "signal", SIGNAL_PROPERTY);
    self.clock = slot.clock;
    self.instanceId = slot.instanceId;
    self.services = slot.services;
    const typed = contextServices(slot.services);
    self.poster = typed.poster;
    self.destination = typed.destination;
    self.store = typed.store;
    self.logger = typed.logger;
  }

  /** The slot's idempotency key (behind the `idempotencyKey` getter). */
  static keyOf(ctx: AttemptContext): string {
    const slot = ctx.#slot;
    return (slot.idempotencyKey ??= idempotencyKeyFor(slot.taskId, new Date(slot.slotMs)));
  }

  /** The attempt's signal (behind the `signal` getter). */
  static signalOf(ctx: AttemptContext): AbortSignal {
    return ctx.#control.signal;
  }
}

const KEY_PROPERTY: PropertyDescriptor = {
  get(this: AttemptContext) {
    return AttemptContext.keyOf(this);
  },
  enumerable: true,
  configurable: true,
};

const SIGNAL_PROPERTY: PropertyDescriptor = {
  get(this: AttemptContext) {
    return AttemptContext.signalOf(this);
  },
  enumerable: true,
  configurable: true,
};
