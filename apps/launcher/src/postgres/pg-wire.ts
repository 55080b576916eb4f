// Just enough of the PostgreSQL v3 wire protocol to route whole messages between sockets.

export const PROTOCOL_V3 = 196_608;
export const SSL_REQUEST = 80_877_103;
export const GSSENC_REQUEST = 80_877_104;
export const CANCEL_REQUEST = 80_877_102;

/** A typed message: one type byte, then an int32 length that counts itself and the body. */
export interface WireMessage {
  type: string;
  /** the whole message, type byte included */
  bytes: Buffer;
}

/** Splits complete typed messages off the front of `buffer`; returns them and the incomplete rest. */
export function splitMessages(buffer: Buffer): { messages: WireMessage[]; rest: Buffer } {
  const messages: WireMessage[] = [];
  let offset = 0;
  while (buffer.length - offset >= 5) {
    const length = buffer.readInt32BE(offset + 1);
    if (length < 4) throw new Error(`malformed message length ${length}`);
    const end = offset + 1 + length;
    if (buffer.length < end) break;
    messages.push({
      type: String.fromCharCode(buffer[offset] as number),
      bytes: buffer.subarray(offset, end),
    });
    offset = end;
  }
  return { messages, rest: buffer.subarray(offset) };
}

/** The first, untyped message of a connection (startup, SSL or cancel request), when complete. */
export function readStartupPacket(buffer: Buffer): { code: number; bytes: Buffer; rest: Buffer } | null {
  if (buffer.length < 8) return null;
  const length = buffer.readInt32BE(0);
  if (length < 8 || length > 10_000) throw new Error(`malformed startup packet length ${length}`);
  if (buffer.length < length) return null;
  return { code: buffer.readInt32BE(4), bytes: buffer.subarray(0, length), rest: buffer.subarray(length) };
}

export function startupMessage(params: Record<string, string>): Buffer {
  const pairs = Object.entries(params).flatMap(([k, v]) => [k, v]);
  const body = Buffer.from(`${pairs.join('\0')}\0\0`, 'utf8');
  const header = Buffer.alloc(8);
  header.writeInt32BE(8 + body.length, 0);
  header.writeInt32BE(PROTOCOL_V3, 4);
  return Buffer.concat([header, body]);
}

function typed(type: string, body: Buffer): Buffer {
  const header = Buffer.alloc(5);
  header.write(type, 0, 'latin1');
  header.writeInt32BE(4 + body.length, 1);
  return Buffer.concat([header, body]);
}

export const syncMessage = (): Buffer => typed('S', Buffer.alloc(0));
export const queryMessage = (text: string): Buffer => typed('Q', Buffer.from(`${text}\0`, 'utf8'));

/** An ErrorResponse a client library shows as a normal query error. */
export function errorResponse(code: string, message: string): Buffer {
  const fields = `SFATAL\0VFATAL\0C${code}\0M${message}\0\0`;
  return typed('E', Buffer.from(fields, 'utf8'));
}

/** The authentication request code of an 'R' message (0 = AuthenticationOk). */
export const authCode = (message: WireMessage): number => message.bytes.readInt32BE(5);

/** The transaction status of a ReadyForQuery ('Z') message: I idle, T in a transaction, E failed transaction. */
export const readyStatus = (message: WireMessage): string => String.fromCharCode(message.bytes[5] as number);

/** Messages that end a request: each is answered by exactly one ReadyForQuery. */
export const ENDS_REQUEST = new Set(['S', 'Q', 'F']);
/** Extended-protocol messages: after one of these the session is mid-request until a Sync. */
export const OPENS_SEQUENCE = new Set(['P', 'B', 'D', 'E', 'C', 'H']);
