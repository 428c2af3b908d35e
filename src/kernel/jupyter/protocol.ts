/**
 * Jupyter messaging protocol 5.3: the shape of a message and how replies are built from requests.
 * Pure data; no sockets here (those are in wire.ts) and no meaning (that is handler.ts).
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';

export const PROTOCOL_VERSION = '5.3';
/** Separates routing identities from the signed part of a multipart message. */
export const DELIMITER = '<IDS|MSG>';

export interface Header {
  readonly msg_id: string;
  readonly session: string;
  readonly username: string;
  readonly date: string;
  readonly msg_type: string;
  readonly version: string;
}

export type Content = Record<string, unknown>;

export interface Message<C extends Content = Content> {
  /** ZeroMQ routing prefix of a ROUTER socket (who to answer); empty on iopub. */
  readonly identities: readonly Buffer[];
  readonly header: Header;
  /** The request this message answers or belongs to; `{}` when none. */
  readonly parent_header: Header | Record<string, never>;
  readonly metadata: Content;
  readonly content: C;
  readonly buffers: readonly Buffer[];
}

/** Incoming headers are validated once, here at the edge; other fields are passed through as JSON. */
export const headerSchema = z.object({
  msg_id: z.string(),
  session: z.string(),
  username: z.string().default(''),
  date: z.string().default(''),
  msg_type: z.string(),
  version: z.string().default(PROTOCOL_VERSION),
}).loose();

export const jsonObjectSchema = z.record(z.string(), z.unknown());

export function newMsgId(): string {
  return randomUUID();
}

export function makeHeader(msgType: string, session: string, username = 'keel'): Header {
  return {
    msg_id: newMsgId(),
    session,
    username,
    date: new Date().toISOString(),
    msg_type: msgType,
    version: PROTOCOL_VERSION,
  };
}

/** A message belonging to `parent` (a reply, or an iopub side effect of a request). */
export function childOf<C extends Content>(
  parent: Message | undefined,
  msgType: string,
  content: C,
  session: string,
  identities: readonly Buffer[] = [],
): Message<C> {
  return {
    identities,
    header: makeHeader(msgType, session),
    parent_header: parent ? parent.header : {},
    metadata: {},
    content,
    buffers: [],
  };
}

/** The `<name>_reply` to a `<name>_request`, routed back to the same client. */
export function replyTo<C extends Content>(request: Message, content: C, session: string): Message<C> {
  const msgType = request.header.msg_type.replace(/_request$/, '_reply');
  return childOf(request, msgType, content, session, request.identities);
}

/** Reply content for a request that failed in the kernel itself (not in user code). */
export function errorContent(ename: string, evalue: string, traceback: readonly string[] = []): Content {
  return { status: 'error', ename, evalue, traceback: [...traceback] };
}
