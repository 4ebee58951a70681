import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Input } from 'antd';

/** A text input that reports its value after the person pauses typing (or presses Enter),
 *  and follows its `value` prop when that changes from outside (a preset, "Clear"). */
export function DebouncedInput({
  value,
  onChange,
  placeholder,
  ariaLabel,
  prefix,
  delay = 350,
  sanitize,
  width,
}: {
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  ariaLabel: string;
  prefix?: ReactNode;
  delay?: number;
  sanitize?: (raw: string) => string;
  width?: number;
}) {
  const [text, setText] = useState(value);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef(onChange);
  latest.current = onChange;

  useEffect(() => setText(value), [value]);
  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);

  const commit = (v: string) => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    if (v.trim() !== value) latest.current(v.trim());
  };

  return (
    <Input
      allowClear
      value={text}
      placeholder={placeholder}
      aria-label={ariaLabel}
      prefix={prefix}
      style={width ? { width } : undefined}
      onChange={(e) => {
        const v = sanitize ? sanitize(e.target.value) : e.target.value;
        setText(v);
        if (timer.current) clearTimeout(timer.current);
        timer.current = setTimeout(() => commit(v), delay);
      }}
      onPressEnter={() => commit(text)}
    />
  );
}
