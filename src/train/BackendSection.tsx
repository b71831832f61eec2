// Which backend trains: auto picks WebGL on a hardware GPU and wasm when WebGL is software
// (SwiftShader, llvmpipe) or missing; wasm and cpu can be forced. Shows the one in use.
import type { BackendChoice, BackendName } from '../runtime/backend';
import { TRAIN } from './testids';

const CHOICES: { value: BackendChoice; label: string }[] = [
  { value: 'auto', label: 'auto' },
  { value: 'webgl', label: 'WebGL (GPU)' },
  { value: 'wasm', label: 'wasm (CPU, SIMD)' },
  { value: 'cpu', label: 'cpu (plain JS, slowest)' },
];

function why(choice: BackendChoice, active: BackendName, hardwareWebgl: boolean | undefined): string {
  if (choice !== 'auto') return active === choice ? 'chosen here' : `${choice} could not start; using ${active}`;
  if (active === 'webgl') return 'WebGL runs on a hardware GPU here';
  if (active === 'wasm') return hardwareWebgl === false ? 'WebGL here is software or missing, so wasm is faster' : 'wasm';
  return 'neither WebGL nor wasm could start';
}

export function BackendSection(props: {
  choice: BackendChoice;
  active: BackendName;
  hardwareWebgl: boolean | undefined;
  onChoose: (c: BackendChoice) => void;
  busy: boolean;
}) {
  return (
    <section className="tl-sec">
      <h3>Backend</h3>
      <label className="tl-field">
        <span>run on</span>
        <select
          className="tl-input"
          data-testid={TRAIN.backendSelect}
          value={props.choice}
          disabled={props.busy}
          title={props.busy ? 'Pause training to change the backend' : undefined}
          onChange={(e) => props.onChoose(e.target.value as BackendChoice)}
        >
          {CHOICES.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      </label>
      <div className="tl-small">
        active: <b data-testid={TRAIN.backendActive}>{props.active}</b> <span className="tl-muted">— {why(props.choice, props.active, props.hardwareWebgl)}</span>
      </div>
    </section>
  );
}
