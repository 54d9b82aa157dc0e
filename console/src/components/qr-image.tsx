// A QR code from the API shown as an image (see lib/qr.ts: never as markup).
import { svgDataUrl } from '../lib/qr.js';

export function QrImage({ svg, alt }: { svg: string; alt: string }) {
  return <img class="console-qr" src={svgDataUrl(svg)} alt={alt} width={256} height={256} />;
}
