// A custom skill: an ES module exporting { name, run(ctx) } as its default export.
// Its output ({ id, content }) is shaped like select-content's, so format and post pick it up.
const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

export default {
  name: "day-fact",
  async run(ctx) {
    ctx.signal.throwIfAborted();
    const slot = ctx.scheduledFor;
    const start = Date.UTC(slot.getUTCFullYear(), 0, 1);
    const day = Math.floor((slot.getTime() - start) / 86_400_000) + 1;
    const text = `Today is ${DAYS[slot.getUTCDay()]}, day ${day} of ${slot.getUTCFullYear()} (UTC).`;
    return {
      status: "succeeded",
      output: { id: `day-${slot.toISOString().slice(0, 10)}`, content: { text } },
    };
  },
};
