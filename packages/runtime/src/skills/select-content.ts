import type { ExecutionContext, PostHistory, Skill } from "@actor/core";
import { cachedContentFileReader } from "./content-file.js";
import {
  contentOf,
  isContentSource,
  normalizeContentItems,
  type ContentItem,
  type ContentItemInput,
  type ContentSource,
} from "./content-item.js";
import { checkNumber, optionError } from "./option-reader.js";
import type { SelectedContent } from "./pipeline-data.js";
import {
  checkScope,
  DAY_MS,
  historyFilter,
  requireService,
  type HistoryScope,
} from "./services.js";

/** How `select-content` picks among the items not posted yet. */
export type ContentOrder = "sequential" | "random" | "priority";

/** Options of {@link selectContentSkill}. */
export interface SelectContentOptions {
  /** A content file (checked on every run and read again when changed, so edits apply), a list of items, or a {@link ContentSource}. */
  source: { file: string } | readonly ContentItemInput[] | ContentSource;
  /** `sequential`: queue order; `priority`: highest `priority` first, then queue order; `random`: uniform. */
  order: ContentOrder;
  /** An item posted within this many days is not picked again. `Infinity`: never repeat. Default 30. */
  lookbackDays?: number;
  /** Whose posts count: this task's (default) or every task of this actor. */
  scope?: "task" | "actor";
  /** Returns a number in [0, 1); used by `random`. Default `Math.random`. */
  random?: () => number;
  /** The skill's name in the pipeline. Default "select-content". */
  name?: string;
}

/** Defaults of {@link SelectContentOptions}. */
export const SELECT_CONTENT_DEFAULTS = {
  lookbackDays: 30,
  scope: "task",
  name: "select-content",
} as const;

const ORDERS: readonly ContentOrder[] = ["sequential", "random", "priority"];

/**
 * Picks the next content item from a queue, leaving out items the post history shows were posted
 * within `lookbackDays`. Outputs `{ id, content }` (`content.metadata.contentId` is the id); when
 * nothing is left it skips and halts the pipeline with the reason "no content left". A retry of a
 * slot that already posted picks the item that slot posted.
 *
 * @example
 * ```ts
 * selectContentSkill({ source: { file: "./quotes.jsonl" }, order: "random", lookbackDays: 60 });
 * ```
 */
export function selectContentSkill(options: SelectContentOptions): Skill<SelectedContent> {
  const name = options.name ?? SELECT_CONTENT_DEFAULTS.name;
  if (!ORDERS.includes(options.order))
    throw optionError(name, "order", options.order, `one of ${ORDERS.join(", ")}`);
  const lookbackDays = checkNumber(
    name,
    "lookbackDays",
    options.lookbackDays ?? SELECT_CONTENT_DEFAULTS.lookbackDays,
    {
      min: 0,
      allowInfinity: true,
    },
  );
  const scope = checkScope(name, options.scope ?? SELECT_CONTENT_DEFAULTS.scope);
  const random = options.random ?? Math.random;
  const list = sourceReader(name, options.source);

  return {
    name,
    async run(ctx) {
      const store = requireService(ctx, name, "store");
      const items = await list(ctx.signal);
      const ownId = (await store.findPost(ctx.idempotencyKey))?.contentId ?? null;
      const again = ownId === null ? undefined : items.find((item) => item.id === ownId);
      if (again) {
        return { status: "succeeded", output: { id: again.id, content: contentOf(again) } };
      }

      const posted = await recentlyPosted(store, ctx, scope, lookbackDays);
      const eligible = items.filter((item) => !posted.has(item.id));
      const chosen = pick(eligible, options.order, random);
      if (!chosen) {
        const window = Number.isFinite(lookbackDays) ? `within ${lookbackDays} days` : "before";
        return {
          status: "skipped",
          reason: `no content left (${items.length} items, all posted ${window})`,
          halt: true,
        };
      }
      return { status: "succeeded", output: { id: chosen.id, content: contentOf(chosen) } };
    },
  };
}

function sourceReader(
  name: string,
  source: SelectContentOptions["source"],
): (signal: AbortSignal) => Promise<ContentItem[]> {
  if (Array.isArray(source)) {
    const items = normalizeContentItems(source, `skill "${name}" source`);
    return async () => items;
  }
  if (isContentSource(source)) {
    return async (signal) =>
      normalizeContentItems(await source.list(signal), `skill "${name}" content source`);
  }
  const file = (source as { file?: unknown } | undefined)?.file;
  if (typeof file === "string" && file !== "") return cachedContentFileReader(file);
  throw optionError(
    name,
    "source",
    source,
    "{ file: path }, an array of items, or a ContentSource",
  );
}

async function recentlyPosted(
  store: PostHistory,
  ctx: ExecutionContext,
  scope: HistoryScope,
  lookbackDays: number,
): Promise<Set<string>> {
  if (lookbackDays === 0) return new Set();
  const filter = historyFilter(ctx, scope);
  const query = Number.isFinite(lookbackDays)
    ? { ...filter, since: new Date(ctx.clock.now().getTime() - lookbackDays * DAY_MS) }
    : filter;
  const records = await store.posts(query);
  return new Set(records.flatMap((r) => (r.contentId === null ? [] : [r.contentId])));
}

function pick(
  items: readonly ContentItem[],
  order: ContentOrder,
  random: () => number,
): ContentItem | undefined {
  if (items.length === 0) return undefined;
  switch (order) {
    case "sequential":
      return items[0];
    case "priority":
      return items.reduce((best, item) =>
        (item.priority ?? 0) > (best.priority ?? 0) ? item : best,
      );
    case "random": {
      const index = Math.min(items.length - 1, Math.max(0, Math.floor(random() * items.length)));
      return items[index];
    }
  }
}

/**
 * Former name of {@link selectContentSkill}.
 *
 * @deprecated Use {@link selectContentSkill}; built-in skill factories are named after the skill id in camelCase
 * followed by `Skill`. This alias will be removed in a future major release.
 */
export const selectContent = selectContentSkill;
