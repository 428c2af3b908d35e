/**
 * The wire: the connection file, HMAC-SHA256 signing, and the five ZeroMQ sockets.
 * It turns frames into `Message`s and back; what a message means is handler.ts's business.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as zmq from 'zeromq';
import { z } from 'zod';
import { EngineError } from '../../engine/index.js';
import { DigestHistory } from './digest-history.js';
import { DELIMITER, headerSchema, jsonObjectSchema, type Message } from './protocol.js';

export const connectionInfoSchema = z.object({
  transport: z.enum(['tcp', 'ipc']).default('tcp'),
  ip: z.string(),
  shell_port: z.number().int(),
  iopub_port: z.number().int(),
  stdin_port: z.number().int(),
  control_port: z.number().int(),
  hb_port: z.number().int(),
  key: z.string().default(''),
  signature_scheme: z.literal('hmac-sha256').default('hmac-sha256'),
  kernel_name: z.string().optional(),
}).loose();
export type ConnectionInfo = z.infer<typeof connectionInfoSchema>;

export async function readConnectionFile(path: string): Promise<ConnectionInfo> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (cause) {
    throw new EngineError('KERNEL_CONNECTION_FILE_UNREADABLE',
      `expected a readable JSON connection file at ${path}, got: ${(cause as Error).message}`, { path });
  }
  const parsed = connectionInfoSchema.safeParse(raw);
  if (!parsed.success) {
    throw new EngineError('KERNEL_CONNECTION_FILE_INVALID',
      `expected a Jupyter connection file (ip, five ports, key, hmac-sha256) at ${path}`,
      { path, issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) });
  }
  return parsed.data;
}

/** Signs the four JSON frames; an empty key means signing is off (Jupyter's convention). */
export class Signer {
  constructor(private readonly key: string) {}

  sign(frames: readonly Buffer[]): string {
    if (this.key === '') return '';
    const hmac = createHmac('sha256', this.key);
    for (const f of frames) hmac.update(f);
    return hmac.digest('hex');
  }

  verify(signature: string, frames: readonly Buffer[]): boolean {
    if (this.key === '') return true;
    const expected = Buffer.from(this.sign(frames), 'utf8');
    const given = Buffer.from(signature, 'utf8');
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}

export function encodeMessage(msg: Message, signer: Signer): Buffer[] {
  const body = [msg.header, msg.parent_header, msg.metadata, msg.content]
    .map((part) => Buffer.from(JSON.stringify(part), 'utf8'));
  return [...msg.identities, Buffer.from(DELIMITER), Buffer.from(signer.sign(body)), ...body, ...msg.buffers];
}

export type DecodeResult =
  | { readonly ok: true; readonly message: Message; readonly signature: string }
  | { readonly ok: false; readonly reason: 'NO_DELIMITER' | 'BAD_SIGNATURE' | 'BAD_JSON' };

export function decodeMessage(frames: readonly Buffer[], signer: Signer): DecodeResult {
  const at = frames.findIndex((f) => f.length === DELIMITER.length && f.toString('utf8') === DELIMITER);
  if (at < 0 || frames.length < at + 6) return { ok: false, reason: 'NO_DELIMITER' };
  const body = frames.slice(at + 2, at + 6);
  const signature = frames[at + 1]!.toString('utf8');
  if (!signer.verify(signature, body)) return { ok: false, reason: 'BAD_SIGNATURE' };
  try {
    const [header, parent, metadata, content] = body.map((b) => JSON.parse(b.toString('utf8')) as unknown);
    const parentOk = jsonObjectSchema.parse(parent);
    return {
      ok: true,
      signature,
      message: {
        identities: frames.slice(0, at),
        header: headerSchema.parse(header),
        parent_header: Object.keys(parentOk).length === 0 ? {} : headerSchema.parse(parentOk),
        metadata: jsonObjectSchema.parse(metadata),
        content: jsonObjectSchema.parse(content),
        buffers: frames.slice(at + 6),
      },
    };
  } catch {
    return { ok: false, reason: 'BAD_JSON' };
  }
}

/** zeromq 6 refuses a second send while one is in flight (EBUSY), so each socket gets a queue. */
class SendQueue {
  private tail: Promise<void> = Promise.resolve();
  constructor(private readonly socket: zmq.Writable) {}

  send(frames: Buffer[]): Promise<void> {
    const next = this.tail.then(() => this.socket.send(frames));
    this.tail = next.catch(() => undefined);
    return next;
  }
}

export type Channel = 'shell' | 'control' | 'iopub' | 'stdin';

function endpoint(info: ConnectionInfo, port: number): string {
  return info.transport === 'ipc' ? `ipc://${info.ip}-${port}` : `tcp://${info.ip}:${port}`;
}

/** The bound sockets. Receive loops are started by `listen`; sends go through one queue per socket. */
export class KernelWire {
  readonly signer: Signer;
  /** Messages dropped: a signature that did not match, a frame that could not be parsed, or a replay. */
  droppedMessages = 0;
  /** Of those, correctly signed messages whose signature had been seen before (replays). */
  replayedMessages = 0;
  /** Shared by shell and control: a message replayed on the other channel is the same replay. */
  private readonly digests = new DigestHistory();
  private readonly shell = new zmq.Router();
  private readonly control = new zmq.Router();
  private readonly stdin = new zmq.Router();
  private readonly iopub = new zmq.Publisher();
  private readonly hb = new zmq.Reply();
  private readonly queues: Record<Channel, SendQueue>;

  private constructor(readonly info: ConnectionInfo) {
    this.signer = new Signer(info.key);
    this.queues = {
      shell: new SendQueue(this.shell), control: new SendQueue(this.control),
      iopub: new SendQueue(this.iopub), stdin: new SendQueue(this.stdin),
    };
    for (const s of [this.shell, this.control, this.stdin, this.iopub, this.hb]) s.linger = 0;
  }

  static async bind(info: ConnectionInfo): Promise<KernelWire> {
    const wire = new KernelWire(info);
    await Promise.all([
      wire.shell.bind(endpoint(info, info.shell_port)),
      wire.control.bind(endpoint(info, info.control_port)),
      wire.stdin.bind(endpoint(info, info.stdin_port)),
      wire.iopub.bind(endpoint(info, info.iopub_port)),
      wire.hb.bind(endpoint(info, info.hb_port)),
    ]);
    return wire;
  }

  send(channel: Channel, msg: Message): Promise<void> {
    return this.queues[channel].send(encodeMessage(msg, this.signer));
  }

  /**
   * Starts the receive loops. Shell messages are handled one at a time (the loop awaits each);
   * control messages start at once, so an interrupt or shutdown overtakes a running cell.
   */
  listen(handlers: { shell(msg: Message): Promise<void>; control(msg: Message): Promise<void> }): void {
    void this.receiveLoop('shell', this.shell, async (m) => { await handlers.shell(m); });
    void this.receiveLoop('control', this.control, async (m) => { void handlers.control(m); });
    void this.echoHeartbeat();
  }

  private async receiveLoop(name: Channel, socket: zmq.Router, onMessage: (m: Message) => Promise<void>): Promise<void> {
    try {
      for await (const frames of socket) {
        const decoded = decodeMessage(frames, this.signer);
        if (!decoded.ok) { this.droppedMessages += 1; continue; }
        // With signing off (empty key) every signature is '' and there is nothing to tell replays by.
        if (decoded.signature !== '' && !this.digests.add(decoded.signature)) {
          this.droppedMessages += 1;
          this.replayedMessages += 1;
          process.stderr.write(`keel kernel: dropped a replayed message (a signature seen before) on ${name}: ${decoded.message.header.msg_type} ${decoded.message.header.msg_id}\n`);
          continue;
        }
        await onMessage(decoded.message);
      }
    } catch (err) {
      if (!socket.closed) throw err;
    }
  }

  private async echoHeartbeat(): Promise<void> {
    try {
      for await (const frames of this.hb) await this.hb.send(frames);
    } catch (err) {
      if (!this.hb.closed) throw err;
    }
  }

  close(): void {
    for (const s of [this.shell, this.control, this.stdin, this.iopub, this.hb]) s.close();
  }
}
