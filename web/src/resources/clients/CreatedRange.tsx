// The "Created" filter's date range. A module of its own, loaded when that filter is chosen:
// the date picker and dayjs are a tenth of the Accounts page's script.
import { DatePicker } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { Filter } from '../../api/dataProvider';

export default function CreatedRange({ draft, setDraft }: { draft: Filter; setDraft: (f: Filter) => void }) {
  const from = draft.created_at_gte ? dayjs(draft.created_at_gte.slice(0, 10)) : null;
  const to = draft.created_at_lte ? dayjs(draft.created_at_lte.slice(0, 10)) : null;
  return (
    <DatePicker.RangePicker
      aria-label="Created between"
      allowEmpty={[true, true]}
      value={[from, to]}
      onChange={(range) => {
        const [a, b] = (range ?? [null, null]) as [Dayjs | null, Dayjs | null];
        setDraft({
          created_at_gte: a ? a.format('YYYY-MM-DD') : '',
          // A bare date means that day's midnight; take the whole last day.
          created_at_lte: b ? `${b.format('YYYY-MM-DD')}T23:59:59Z` : '',
        });
      }}
    />
  );
}
