import { useSyncedText } from '../ui/use-synced-text';

const parseLabels = (text: string) => ({
  ok: true as const,
  value: text
    .split(',')
    .map((label) => label.trim())
    .filter((label) => label !== ''),
});

/** A comma-separated list of agent labels; the text keeps what is typed (a trailing comma too). */
export function LabelsField({ label, labels, placeholder, onChange }: { label: string; labels: readonly string[]; placeholder?: string; onChange: (labels: string[]) => void }) {
  const [text, setText] = useSyncedText(labels, (value) => (Array.isArray(value) ? value.join(', ') : ''), parseLabels);
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      <input
        type="text"
        value={text}
        placeholder={placeholder}
        onChange={(event) => {
          setText(event.target.value);
          onChange(parseLabels(event.target.value).value);
        }}
      />
    </label>
  );
}
