// Preloaded with `node --import` by the short-form test: the process believes it is
// ACTOR_TEST_NOW at start-up and its clock ticks on from there at real speed (Date only; timers
// keep their real durations, as after a wall-clock change). The example itself is unchanged.
const target = Date.parse(process.env.ACTOR_TEST_NOW ?? "");
if (Number.isFinite(target)) {
  const RealDate = Date;
  const offset = target - RealDate.now();
  class ShiftedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(RealDate.now() + offset);
      else super(...args);
    }
    static now() {
      return RealDate.now() + offset;
    }
  }
  globalThis.Date = ShiftedDate;
}
