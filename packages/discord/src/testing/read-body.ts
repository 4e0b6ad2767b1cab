import type { IncomingMessage } from "node:http";

/** A file part of a multipart body. */
export interface ReceivedFile {
  /** The form field, e.g. `files[0]`. */
  field: string;
  name: string;
  contentType: string | null;
  data: Uint8Array;
}

/** A parsed request body: the JSON (or multipart `payload_json`) and the file parts. */
export interface ReceivedBody {
  json: unknown;
  files: ReceivedFile[];
}

/** Raised for a body the server cannot read; answered 400 (or 413 when too large). */
export class BodyError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Largest body accepted, as Discord's upload limit for unboosted guilds plus form overhead. */
const MAX_BODY_BYTES = 26 * 1024 * 1024;

/** Reads and parses a JSON or `multipart/form-data` body. An empty body is `{ json: undefined }`. */
export async function readBody(request: IncomingMessage): Promise<ReceivedBody> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new BodyError(413, "Request entity too large");
    chunks.push(chunk);
  }
  const raw = Buffer.concat(chunks);
  const type = request.headers["content-type"] ?? "";
  if (raw.length === 0) return { json: undefined, files: [] };
  if (type.startsWith("multipart/form-data")) return parseMultipart(raw, type);
  try {
    return { json: JSON.parse(raw.toString("utf8")) as unknown, files: [] };
  } catch {
    throw new BodyError(400, "The request body contains invalid JSON.");
  }
}

async function parseMultipart(raw: Buffer, type: string): Promise<ReceivedBody> {
  let form: FormData;
  try {
    form = await new Response(raw, { headers: { "content-type": type } }).formData();
  } catch {
    throw new BodyError(400, "The multipart body could not be parsed.");
  }
  let json: unknown = undefined;
  const files: ReceivedFile[] = [];
  for (const [field, value] of form.entries()) {
    if (typeof value === "string") {
      if (field === "payload_json") {
        try {
          json = JSON.parse(value) as unknown;
        } catch {
          throw new BodyError(400, "payload_json contains invalid JSON.");
        }
      }
      continue;
    }
    files.push({
      field,
      name: value.name,
      contentType: value.type === "" ? null : value.type,
      data: new Uint8Array(await value.arrayBuffer()),
    });
  }
  return { json, files };
}
