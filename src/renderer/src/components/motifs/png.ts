// Turning an SVG logo into PNG bytes in the renderer: draw it on a canvas at 3× through a blob: URL
// (allowed by the CSP's img-src) and read the PNG back as base64 for the motifs.savePng command.
export async function svgToPngBase64(svg: string, scale = 3): Promise<string> {
  const m = /width="([\d.]+)" height="([\d.]+)"/.exec(svg);
  const w = m ? Number(m[1]) : 300, h = m ? Number(m[2]) : 120;
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('The logo could not be drawn as a picture.'));
      img.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(w * scale);
    canvas.height = Math.round(h * scale);
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return canvas.toDataURL('image/png').replace(/^data:image\/png;base64,/, '');
  } finally {
    URL.revokeObjectURL(url);
  }
}

export const fmtP = (x: number) => (x === 0 ? '0' : x < 1e-3 ? x.toExponential(1) : x < 0.1 ? x.toFixed(3) : x.toFixed(2));
