import { describe, expect, it } from "vitest";
import { Roster } from "../src/timing/roster.js";
import { seeded } from "./support/harness.js";

interface Member {
  id: number;
  at: number;
}

describe("Roster", () => {
  it("matches a Set under random adds and deletes, each member knowing its own place", () => {
    const random = seeded(11);
    const members: Member[] = Array.from({ length: 50 }, (_, id) => ({ id, at: -1 }));
    const roster = new Roster<Member>(
      (m) => m.at,
      (m, i) => (m.at = i),
    );
    const model = new Set<Member>();
    for (let step = 0; step < 5_000; step++) {
      const m = members[Math.floor(random() * members.length)]!;
      if (random() < 0.5) {
        roster.add(m);
        model.add(m);
      } else {
        expect(roster.delete(m)).toBe(model.delete(m));
      }
      expect(roster.size).toBe(model.size);
    }
    const values = roster.values();
    expect(new Set(values)).toEqual(model);
    values.forEach((m) => expect(values[m.at]).toBe(m));
    for (const m of members) expect(roster.has(m)).toBe(model.has(m));
  });
});
