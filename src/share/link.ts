// "Copy link": the graph JSON, deflate-compressed (CompressionStream 'deflate-raw') and
// base64url-encoded, in the URL fragment `#graph=…`. The fragment never reaches a server, so
// a shared graph stays between the people who share it. Reading a link stops at the graph
// file size limit while decompressing, so a tiny link cannot expand into gigabytes.
import { LIMITS } from '../graph/limits';
import type { Graph } from '../graph/schema';

export const LINK_KEY = 'graph';
/** Longest fragment we make; browsers take ~2 MB URLs but many chat apps cut far shorter ones. */
export const MAX_LINK_CHARS = 1_000_000;

export class LinkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LinkError';
  }
}

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream, maxBytes = Infinity): Promise<Uint8Array> {
  const writer = stream.writable.getWriter();
  // Errors surface on the reading side; the writer's own rejections would go unhandled.
  writer.write(bytes as Uint8Array<ArrayBuffer>).catch(() => {});
  writer.close().catch(() => {});
  const reader = stream.readable.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new LinkError(`the link expands to more than ${maxBytes / 1048576} MB, beyond the graph file limit`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

export function toBase64Url(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64Url(text: string): Uint8Array {
  const bad = /[^A-Za-z0-9_-]/.exec(text);
  if (bad) throw new LinkError(`the link holds the character ${JSON.stringify(bad[0])} at position ${bad.index + 1} of its data, which base64url never uses`);
  if (text.length % 4 === 1) throw new LinkError('the link data has a length no base64url text can have: it was probably cut off');
  const s = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** The fragment (without '#') that carries the graph. */
export async function graphToFragment(graph: Graph): Promise<string> {
  const bytes = new TextEncoder().encode(JSON.stringify(graph));
  const data = toBase64Url(await pipe(bytes, new CompressionStream('deflate-raw')));
  const fragment = `${LINK_KEY}=${data}`;
  if (fragment.length > MAX_LINK_CHARS)
    throw new LinkError(
      `this graph is too large for a link (${(fragment.length / 1048576).toFixed(1)} MB even compressed, the limit is ${MAX_LINK_CHARS / 1_000_000} MB) — an uploaded text makes graphs large; export it as a file instead`,
    );
  return fragment;
}

/** The link data of a location hash ("#graph=…"), or undefined when it carries no graph. */
export function fragmentData(hash: string): string | undefined {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const data = params.get(LINK_KEY);
  return data === null ? undefined : data;
}

/** Decompresses link data back to graph JSON text; LinkError says what is wrong with it. */
export async function fragmentText(data: string): Promise<string> {
  if (data === '') throw new LinkError('the link has "#graph=" but no data after it');
  const bytes = fromBase64Url(data);
  let raw: Uint8Array;
  try {
    raw = await pipe(bytes, new DecompressionStream('deflate-raw'), LIMITS.fileBytes);
  } catch (e) {
    if (e instanceof LinkError) throw e;
    throw new LinkError(`the link is damaged or cut off: its data does not decompress (${(e as Error).message})`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    throw new LinkError('the link is damaged: its data is not UTF-8 text');
  }
}

export function linkFor(base: string, fragment: string): string {
  return `${base.replace(/#.*$/, '')}#${fragment}`;
}
