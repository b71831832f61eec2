// VAE explorer: held-out inputs above their reconstructions, a grid decoded from a 2-D sweep
// of two latent dimensions, and the decoded path between the latent means of two inputs.
import { useEffect, useRef, useState } from 'react';
import type { RuntimeClient } from '../runtime/worker-client';
import type { VaeInfo, VaeResult } from '../runtime/worker-protocol';
import { PLAY } from './testids';

/** A grey image (values in [0, 1]) scaled up without smoothing. */
export function GreyImage({ data, side, size }: { data: Float32Array; side: number; size: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = ref.current;
    if (!c) return;
    c.width = side;
    c.height = side;
    const img = new ImageData(side, side);
    for (let i = 0; i < side * side; i++) {
      const v = Math.round(255 * (data[i] ?? 0));
      img.data[i * 4] = v;
      img.data[i * 4 + 1] = v;
      img.data[i * 4 + 2] = v;
      img.data[i * 4 + 3] = 255;
    }
    c.getContext('2d')?.putImageData(img, 0, 0);
  }, [data, side]);
  return <canvas ref={ref} className="tl-grey" style={{ width: size, height: size }} />;
}

function Strip({ images, side, size, testid }: { images: Float32Array[]; side: number; size: number; testid?: string }) {
  return (
    <div className="tl-img-strip" data-testid={testid}>
      {images.map((im, i) => (
        <GreyImage key={i} data={im} side={side} size={size} />
      ))}
    </div>
  );
}

export function VaeSection({ vae, rt, width }: { vae: VaeInfo; rt: RuntimeClient; width: number }) {
  const [result, setResult] = useState<VaeResult>();
  const [dims, setDims] = useState<[number, number]>([0, Math.min(1, vae.latent - 1)]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const grid = 7;

  const run = async (d = dims) => {
    setBusy(true);
    setError(undefined);
    try {
      setResult(await rt.request({ type: 'vae', dims: d, size: grid, range: 2.5 }));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  if (vae.side === 0)
    return (
      <section className="tl-sec">
        <h3>VAE</h3>
        <p className="tl-muted">The reconstruction is not a square image, so there is nothing to draw.</p>
      </section>
    );
  const cell = Math.floor((width - 8) / 8) - 3;
  const gridCell = Math.floor((width - 8) / grid) - 3;
  return (
    <section className="tl-sec">
      <h3>VAE explorer</h3>
      <div className="tl-row">
        <button data-testid={PLAY.vaeRun} onClick={() => void run()} disabled={busy}>
          {busy ? 'Decoding…' : result ? 'Refresh' : 'Show reconstructions'}
        </button>
        <span className="tl-muted tl-small">latent z: {vae.latent} dims</span>
      </div>
      {error && <div className="tl-note tl-note-error">{error}</div>}
      {result && (
        <div data-testid={PLAY.vaeGrid}>
          <h4>Inputs and reconstructions</h4>
          <Strip images={result.inputs} side={result.side} size={cell} />
          <Strip images={result.reconstructions} side={result.side} size={cell} />
          <h4>
            Latent traversal: z<sub>{result.traversal.dims[0]}</sub> across, z<sub>{result.traversal.dims[1]}</sub> up, ±{result.traversal.range}
          </h4>
          {vae.latent > 2 && (
            <div className="tl-row tl-small">
              {[0, 1].map((axis) => (
                <label key={axis} className="tl-inline">
                  {axis === 0 ? 'across' : 'up'}
                  <select
                    className="tl-input tl-narrow"
                    value={dims[axis]}
                    onChange={(e) => {
                      const next: [number, number] = [...dims];
                      next[axis] = Number(e.target.value);
                      setDims(next);
                      void run(next);
                    }}
                  >
                    {Array.from({ length: vae.latent }, (_, i) => (
                      <option key={i} value={i}>
                        z{i}
                      </option>
                    ))}
                  </select>
                </label>
              ))}
              <span className="tl-muted">other dims at 0</span>
            </div>
          )}
          <div className="tl-img-grid" style={{ gridTemplateColumns: `repeat(${result.traversal.size}, ${gridCell}px)` }}>
            {result.traversal.images.map((im, i) => (
              <GreyImage key={i} data={im} side={result.side} size={gridCell} />
            ))}
          </div>
          <h4>Interpolation between the first two inputs</h4>
          <div className="tl-img-strip tl-interp">
            {[result.inputs[result.interpolation.from], ...result.interpolation.images, result.inputs[result.interpolation.to]].map((im, i, all) => (
              <div key={i} className={i === 0 || i === all.length - 1 ? 'tl-interp-end' : undefined}>
                <GreyImage data={im} side={result.side} size={Math.floor((width - 8) / all.length) - 5} />
              </div>
            ))}
          </div>
        </div>
      )}
    </section>
  );
}
