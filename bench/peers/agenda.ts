import { send } from "./send.js";
import { Agenda } from "agenda";
import { PostgresBackend } from "@agendajs/postgres-backend";
const backend = new PostgresBackend({ connectionString: process.env.DATABASE_URL! });
const agenda = new Agenda({ backend });
agenda.define("morning", () => send("Good morning!"));
await agenda.start();
await agenda.every("0 9 * * 1-5", "morning", undefined, { timezone: "Europe/Paris" });
