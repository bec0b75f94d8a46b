import { useId, type ReactNode } from 'react';

export interface SwitchProps {
  label: string;
  checked: boolean;
  disabled?: boolean;
  /** A line under the switch, also read as its description. */
  description?: ReactNode;
  onChange(checked: boolean): void;
}

/** A native checkbox presented (and announced) as an on/off switch. */
export function Switch({ label, checked, disabled = false, description, onChange }: SwitchProps) {
  const descriptionId = useId();
  return (
    <div className="setting">
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
        <p id={descriptionId} className="setting-description">
          {description}
        </p>
      )}
    </div>
  );
}
