/** One SQL migration as embedded in the build: its name (the file name without `.sql`) and text. */
export interface EmbeddedMigration {
  readonly name: string;
  readonly sql: string;
}
