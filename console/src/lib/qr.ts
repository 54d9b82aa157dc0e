// The QR codes arrive as SVG text from the API. They are shown as an <img> with a data: URL, never inserted as
// markup: an <img> cannot run script or load anything, whatever the text holds (the habit matters more than the source).
export function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}
