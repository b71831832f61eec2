// The `?` overlay: every shortcut, from the same table the key handler uses.
import { TID } from '../ui/testids';
import { SHORTCUTS, type Shortcut } from './shortcuts';
import { setUi, useUi } from './uiState';

const SECTIONS: Shortcut['section'][] = ['Edit', 'Select', 'Groups', 'View', 'Help'];

export function HelpOverlay() {
  const open = useUi((u) => u.help);
  if (!open) return null;
  const close = () => setUi({ help: false });
  return (
    <div className="tl-modal-backdrop" onMouseDown={close}>
      <div className="tl-modal tl-help" data-testid={TID.help} role="dialog" aria-label="Keyboard shortcuts" onMouseDown={(e) => e.stopPropagation()}>
        <header>
          <h2>Keyboard shortcuts</h2>
          <button onClick={close} aria-label="Close">
            ✕
          </button>
        </header>
        <div className="tl-help-grid">
          {SECTIONS.map((sec) => (
            <section key={sec}>
              <h3>{sec}</h3>
              <table>
                <tbody>
                  {SHORTCUTS.filter((s) => s.section === sec).map((s) => (
                    <tr key={s.what}>
                      <td>
                        {s.keys.map((k) => (
                          <kbd key={k}>{k}</kbd>
                        ))}
                      </td>
                      <td>{s.what}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          ))}
        </div>
        <p className="tl-muted">
          Ports are coloured by what they carry: <i className="kind-tokens" /> token ids, <i className="kind-tensor" /> float tensors, <i className="kind-scalar" /> scalars (losses), <i className="kind-sequences" /> generated sequences. Only ports of the same kind connect.
        </p>
      </div>
    </div>
  );
}
