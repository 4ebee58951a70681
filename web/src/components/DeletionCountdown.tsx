import { Tag, Tooltip } from 'antd';
import type { DeletionRequest } from '../api/types';
import { formatDateTime } from '../lib/format';

const DAY_MS = 86_400_000;

/** Whole days from `now` to the request's deletion date, rounded up; 0 once it has come. */
export function daysLeft(request: Pick<DeletionRequest, 'deletion_date'>, now: number): number {
  return Math.max(0, Math.ceil((Date.parse(request.deletion_date) - now) / DAY_MS));
}

/** "Deletion in 3 days", "Deletion tomorrow", "Deletion due" (the jobs delete it shortly). */
export function countdownText(request: Pick<DeletionRequest, 'deletion_date'>, now: number): string {
  const days = daysLeft(request, now);
  if (days === 0) return 'Deletion due';
  if (days === 1) return 'Deletion tomorrow';
  return `Deletion in ${days} days`;
}

/** An account's pending deletion request as a tag that counts down; who asked and when it
 *  happens in its tooltip. */
export function DeletionCountdown({ request, now = Date.now() }: { request: DeletionRequest; now?: number }) {
  return (
    <Tooltip
      title={`Deletion requested by ${request.requested_by_email || 'the customer'} on ${formatDateTime(
        request.requested_at,
      )}. The account will be deleted on ${formatDateTime(request.deletion_date)} unless the request is cancelled.`}
    >
      <Tag color="volcano" bordered={false} data-testid="deletion-countdown">
        {countdownText(request, now)}
      </Tag>
    </Tooltip>
  );
}
