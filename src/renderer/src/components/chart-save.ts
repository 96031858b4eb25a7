// Saving a chart as a picture: the chart's SVG (ECharts renders to SVG here) as an .svg file, or
// drawn on a canvas at 2× as a .png. The file goes out as a download: the browser saves it to its
// downloads folder, the desktop app asks where with its native Save dialog.
import type { ECharts } from 'echarts/core';

/** The chart as a standalone SVG document on a white background. */
export function chartSvg(chart: ECharts): string {
  let svg = chart.renderToSVGString();
  if (!/^<\?xml|^<svg[^>]*xmlns=/.test(svg)) svg = svg.replace('<svg', '<svg xmlns="http://www.w3.org/2000/svg"');
  // a white page behind the chart, so it does not turn black or transparent in other programs
  return svg.replace(/(<svg[^>]*>)/, '$1<rect width="100%" height="100%" fill="#ffffff"/>');
}

/** Draws an SVG on a canvas (through a blob: URL, allowed by the CSP) and returns PNG bytes. */
export async function svgToPngBlob(svg: string, width: number, height: number, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('The chart could not be drawn as a picture.'));
      img.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('The chart could not be saved as PNG.'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** A file name from a chart title: letters, digits, dashes. */
export function chartFileName(title: string, ext: 'png' | 'svg'): string {
  const base = title.normalize('NFKD').replace(/[^\w\- ]+/g, '').trim().replace(/\s+/g, '-').toLowerCase().slice(0, 80) || 'chart';
  return `${base}.${ext}`;
}

/** Hands a file to the user: a download in the browser, the Save dialog in the desktop app. */
export function offerFile(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Saves one chart in the given format. */
export async function saveChart(chart: ECharts, title: string, format: 'png' | 'svg'): Promise<void> {
  const svg = chartSvg(chart);
  const blob = format === 'svg' ? new Blob([svg], { type: 'image/svg+xml' }) : await svgToPngBlob(svg, chart.getWidth(), chart.getHeight());
  offerFile(blob, chartFileName(title, format));
}

/** Saves a canvas-drawn chart (the sequence tracks): PNG as drawn; SVG wraps that picture, since a canvas has no vector form. */
export async function saveCanvas(canvas: HTMLCanvasElement, title: string, format: 'png' | 'svg'): Promise<void> {
  const png = await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('The track could not be saved.'))), 'image/png'));
  if (format === 'png') return offerFile(png, chartFileName(title, 'png'));
  const dataUrl = await new Promise<string>((resolve) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result));
    r.readAsDataURL(png);
  });
  const w = canvas.clientWidth || canvas.width, h = canvas.clientHeight || canvas.height;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}"><rect width="100%" height="100%" fill="#ffffff"/><image width="${w}" height="${h}" href="${dataUrl}" xlink:href="${dataUrl}"/></svg>`;
  offerFile(new Blob([svg], { type: 'image/svg+xml' }), chartFileName(title, 'svg'));
}

/** Saves a chart drawn as an inline <svg> with inline attributes (importance scores). */
export async function saveSvgElement(el: SVGSVGElement, title: string, format: 'png' | 'svg'): Promise<void> {
  const clone = el.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  const w = Number(el.getAttribute('width')) || el.clientWidth, h = Number(el.getAttribute('height')) || el.clientHeight;
  const svg = new XMLSerializer().serializeToString(clone).replace(/(<svg[^>]*>)/, '$1<rect width="100%" height="100%" fill="#ffffff"/>');
  const blob = format === 'svg' ? new Blob([svg], { type: 'image/svg+xml' }) : await svgToPngBlob(svg, w, h);
  offerFile(blob, chartFileName(title, format));
}
