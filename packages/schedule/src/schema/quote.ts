/** Longest piece of user text repeated in a message. */
const MAX_SHOWN = 80;

/**
 * `text` as a JSON string for a message: quoted, with control characters escaped, and cut to
 * {@link MAX_SHOWN} characters with "…" so a huge value cannot make a huge message.
 */
export function quote(text: string): string {
  return JSON.stringify(text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text);
}
