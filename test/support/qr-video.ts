// Writes a Y4M video (what Chromium's --use-file-for-fake-video-capture plays) showing a QR code, built from the
// `qrcode` package's module matrix, scaled up with a quiet zone, repeated over a few identical frames.
import { writeFileSync } from 'node:fs';
import QRCode from 'qrcode';

export function writeQrY4m(path: string, text: string, options: { frames?: number; size?: number } = {}): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const modules = qr.modules.size;
  const quiet = 4;
  const size = options.size ?? 640;
  const scale = Math.floor(size / (modules + 2 * quiet));
  if (scale < 2) throw new Error(`QR code of ${modules} modules does not fit ${size}px`);
  const offset = Math.floor((size - modules * scale) / 2);
  const luma = Buffer.alloc(size * size, 235);
  for (let y = 0; y < modules * scale; y++) {
    for (let x = 0; x < modules * scale; x++) {
      if (qr.modules.get(Math.floor(y / scale), Math.floor(x / scale))) luma[(offset + y) * size + offset + x] = 16;
    }
  }
  const chroma = Buffer.alloc((size / 2) * (size / 2), 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma, chroma]);
  const header = Buffer.from(`YUV4MPEG2 W${size} H${size} F10:1 Ip A1:1 C420jpeg\n`);
  writeFileSync(path, Buffer.concat([header, ...Array.from({ length: options.frames ?? 5 }, () => frame)]));
}
