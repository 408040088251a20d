// Maximum accepted MQTT packet size. mqtt-packet (aedes' parser) buffers a whole
// packet before emitting it and has no size limit for MQTT 3.1.1, so a client
// announcing a 256 MiB "remaining length" could make the server buffer it. This
// scanner reads only the fixed headers as bytes stream in and reports the first
// frame over the limit, before its body is buffered.

export class FrameGuard {
  private state: 'type' | 'length' | 'body' = 'type';
  private length = 0;
  private multiplier = 1;
  private lengthBytes = 0;
  private remaining = 0;

  constructor(private readonly maxPacketBytes: number) {}

  /** false once a frame exceeds the limit (or the length encoding is invalid) */
  feed(buf: Uint8Array): boolean {
    let i = 0;
    while (i < buf.length) {
      if (this.state === 'body') {
        const take = Math.min(this.remaining, buf.length - i);
        this.remaining -= take;
        i += take;
        if (this.remaining === 0) this.state = 'type';
        continue;
      }
      const b = buf[i++];
      if (this.state === 'type') {
        this.state = 'length';
        this.length = 0;
        this.multiplier = 1;
        this.lengthBytes = 0;
        continue;
      }
      // variable-length "remaining length": 7 bits per byte, at most 4 bytes
      this.length += (b & 0x7f) * this.multiplier;
      this.multiplier *= 128;
      this.lengthBytes++;
      if (this.length > this.maxPacketBytes) return false;
      if (b & 0x80) {
        if (this.lengthBytes >= 4) return false;
        continue;
      }
      this.remaining = this.length;
      this.state = this.remaining === 0 ? 'type' : 'body';
    }
    return true;
  }
}
