// Asks before leaving a form with unsaved changes: in-app navigation (router blocker) and
// closing or reloading the tab (beforeunload).
import { useCallback, useEffect, useRef } from 'react';
import { useBlocker } from 'react-router';
import { App } from 'antd';

/** Returns `release()`: call it right before navigating away on purpose (after a save). */
export function useUnsavedChangesGuard(dirty: boolean): () => void {
  const { modal } = App.useApp();
  const dirtyRef = useRef(dirty);
  dirtyRef.current = dirty;
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      dirtyRef.current &&
      (currentLocation.pathname !== nextLocation.pathname || currentLocation.search !== nextLocation.search),
  );
  const current = useRef(blocker);
  current.current = blocker;

  const asking = useRef(false);
  useEffect(() => {
    if (blocker.state !== 'blocked' || asking.current) return;
    asking.current = true;
    modal.confirm({
      title: 'Discard unsaved changes?',
      content: 'You changed this form but did not save. Leaving now loses those changes.',
      okText: 'Discard changes',
      okButtonProps: { danger: true },
      cancelText: 'Keep editing',
      onOk: () => {
        asking.current = false;
        const b = current.current;
        if (b.state === 'blocked') b.proceed();
      },
      onCancel: () => {
        asking.current = false;
        const b = current.current;
        if (b.state === 'blocked') b.reset();
      },
    });
  }, [blocker.state, modal]);

  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [dirty]);

  return useCallback(() => {
    dirtyRef.current = false;
  }, []);
}
