import { useId, type ReactNode } from 'react';

export interface SwitchProps {
  label: string;
  checked: boolean;
  disabled?: boolean;
  /** A line under the switch, also read as its description; only when it says something the switch does not. */
  description?: ReactNode;
  onChange(checked: boolean): void;
}

/** A native checkbox drawn as a macOS switch (white knob in both appearances), announced as a switch. */
export function Switch({ label, checked, disabled = false, description, onChange }: SwitchProps) {
  const descriptionId = useId();
  return (
    <li className="row setting">
      <label className="switch">
        <span className="switch-label">{label}</span>
        <input
          type="checkbox"
          role="switch"
          checked={checked}
          disabled={disabled}
          aria-describedby={description ? descriptionId : undefined}
          onChange={(event) => onChange(event.target.checked)}
        />
      </label>
      {description && (
        <p id={descriptionId} className="secondary">
          {description}
        </p>
      )}
    </li>
  );
}
