import { send } from "./send.js";
import { PgBoss } from "pg-boss";
const boss = new PgBoss(process.env.DATABASE_URL!);
await boss.start();
await boss.createQueue("morning");
await boss.schedule("morning", "0 9 * * 1-5", null, { tz: "Europe/Paris" });
await boss.work("morning", () => send("Good morning!"));
