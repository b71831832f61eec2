// One form control per ParamSpec kind. Used inline on nodes (compact) and in the inspector.
// Every control carries `nodrag` so typing or clicking in it never drags the node; a typing
// burst in one field is one undo step (merge key per node and param).
import { memo, useEffect, useState, type ChangeEvent } from 'react';
import type { ParamSpec } from '../../nodes/api';
import { docStore } from '../state';
import { setParam } from '../state/ops';
import { TID } from '../ui/testids';
import { parseParamText } from './paramText';

interface Props {
  nodeId: string;
  name: string;
  spec: ParamSpec;
  /** The stored value, or the spec default when the node does not set it. */
  value: unknown;
  compact?: boolean;
}

function commit(nodeId: string, name: string, value: unknown) {
  docStore.update((g) => setParam(g, nodeId, name, value), { merge: `param:${nodeId}.${name}`, label: `set ${name}` });
}

const seal = () => docStore.sealHistory();

const toText = (spec: ParamSpec, v: unknown): string =>
  spec.kind === 'shape' ? (Array.isArray(v) ? v.join(', ') : '') : v === null || v === undefined ? '' : String(v);

/** A text field that commits whenever its text parses, and shows why when it does not. */
function TextParam({ nodeId, name, spec, value, compact }: Props) {
  const [text, setText] = useState(() => toText(spec, value));
  const [error, setError] = useState<string>();
  const [focused, setFocused] = useState(false);
  useEffect(() => {
    // Follow outside changes (undo, another control) unless the user is typing here.
    if (!focused) {
      setText(toText(spec, value));
      setError(undefined);
    }
  }, [value, spec, focused]);
  const onChange = (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    const t = e.target.value;
    setText(t);
    const r = parseParamText(spec, t);
    if ('error' in r) setError(r.error);
    else {
      setError(undefined);
      commit(nodeId, name, r.value);
    }
  };
  const numeric = spec.kind === 'int' || spec.kind === 'number' || spec.kind === 'optional-number';
  const common = {
    className: `nodrag nowheel tl-input${error ? ' tl-invalid' : ''}`,
    value: text,
    title: error ?? spec.help ?? undefined,
    'data-testid': TID.param(name),
    'aria-invalid': error ? true : undefined,
    'aria-label': spec.label ?? name,
    onChange,
    onFocus: () => setFocused(true),
    onBlur: () => {
      setFocused(false);
      seal();
    },
  };
  if (spec.kind === 'string' && !compact && spec.maxLength > 200)
    return <textarea {...common} rows={6} maxLength={spec.maxLength} spellCheck={false} />;
  return (
    <input
      {...common}
      type="text"
      inputMode={numeric ? 'decimal' : undefined}
      placeholder={spec.kind === 'optional-number' ? 'auto' : spec.kind === 'shape' ? 'e.g. 64, 32' : undefined}
      maxLength={spec.kind === 'string' ? spec.maxLength : undefined}
      spellCheck={false}
    />
  );
}

function ParamControlImpl(props: Props) {
  const { nodeId, name, spec, value, compact } = props;
  switch (spec.kind) {
    case 'bool':
      return (
        <input
          type="checkbox"
          className="nodrag tl-check"
          checked={value === true}
          data-testid={TID.param(name)}
          aria-label={spec.label ?? name}
          title={spec.help}
          onChange={(e) => {
            commit(nodeId, name, e.target.checked);
            seal();
          }}
        />
      );
    case 'select':
      return (
        <select
          className="nodrag nowheel tl-input"
          value={String(value)}
          data-testid={TID.param(name)}
          aria-label={spec.label ?? name}
          title={spec.help}
          onChange={(e) => {
            commit(nodeId, name, e.target.value);
            seal();
          }}
        >
          {spec.options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      );
    case 'string':
      if (compact && typeof value === 'string' && value.length > 48)
        return (
          <span className="tl-param-long" title="edit in the inspector">
            {value.length.toLocaleString('en')} characters
          </span>
        );
      return <TextParam {...props} />;
    default:
      return <TextParam {...props} />;
  }
}

export const ParamControl = memo(ParamControlImpl);
