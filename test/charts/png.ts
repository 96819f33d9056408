/** A minimal PNG decoder for tests (8-bit RGBA, non-interlaced — what resvg writes), on node:zlib. */
import { inflateSync } from 'node:zlib';

export const PNG = {
  decode(buffer: Buffer): { width: number; height: number; data: Uint8Array } {
    let offset = 8;
    let width = 0;
    let height = 0;
    const idat: Buffer[] = [];
    while (offset < buffer.length) {
      const length = buffer.readUInt32BE(offset);
      const type = buffer.toString('latin1', offset + 4, offset + 8);
      const body = buffer.subarray(offset + 8, offset + 8 + length);
      if (type === 'IHDR') {
        width = body.readUInt32BE(0);
        height = body.readUInt32BE(4);
        if (body[8] !== 8 || body[9] !== 6) throw new Error('test PNG decoder: only 8-bit RGBA');
      } else if (type === 'IDAT') idat.push(body);
      offset += 12 + length;
    }
    const raw = inflateSync(Buffer.concat(idat));
    const stride = width * 4;
    const data = new Uint8Array(width * height * 4);
    for (let y = 0; y < height; y++) {
      const filter = raw[y * (stride + 1)] as number;
      for (let x = 0; x < stride; x++) {
        const v = raw[y * (stride + 1) + 1 + x] as number;
        const a = x >= 4 ? (data[y * stride + x - 4] as number) : 0;
        const b = y > 0 ? (data[(y - 1) * stride + x] as number) : 0;
        const c = x >= 4 && y > 0 ? (data[(y - 1) * stride + x - 4] as number) : 0;
        let out = v;
        if (filter === 1) out = v + a;
        else if (filter === 2) out = v + b;
        else if (filter === 3) out = v + ((a + b) >> 1);
        else if (filter === 4) {
          const p = a + b - c;
          const pa = Math.abs(p - a);
          const pb = Math.abs(p - b);
          const pc = Math.abs(p - c);
          out = v + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
        }
        data[y * stride + x] = out & 0xff;
      }
    }
    return { width, height, data };
  },
};
