import type { VNode } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { nextIndex, scrollToReveal, visibleRange } from './virtual';

interface VirtualListProps {
  count: number;
  /** Every row is exactly this tall (px); that is what makes windowing a division instead of a measurement. */
  rowHeight: number;
  overscan?: number;
  /** Accessible name of the list. */
  label: string;
  /** The row that holds the keyboard focus stop (roving tabindex). */
  activeIndex: number;
  onActiveIndexChange: (index: number) => void;
  /** Changes when the list content is replaced (e.g. a new search): scrolls back to the top. */
  resetKey?: unknown;
  rowKey: (index: number) => string;
  /** Renders one row's content; controls in it take `tabIndex` (0 only in the active row) and `data-focusable`. */
  renderRow: (index: number, tabIndex: number) => VNode;
  testId?: string;
  /** Scrolls this row into view and focuses it when the list mounts (e.g. coming back from a row's details). */
  initialFocus?: number | null;
  /** The rows [start, end) now rendered: a list whose rows arrive in pages fetches what is missing. */
  onRange?: (start: number, end: number) => void;
}

/**
 * A list that renders only the rows in view (plus a few either side), so 10,000 keys scroll as smoothly as
 * ten. Arrow keys, Page Up/Down, Home and End move between rows; Tab leaves the list.
 */
export function VirtualList(props: VirtualListProps) {
  const { count, rowHeight, overscan = 6, activeIndex } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(0);
  const pendingFocus = useRef<{ index: number; slot: number } | null>(null);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    setViewport(el.clientHeight);
    const observer = new ResizeObserver(() => setViewport(el.clientHeight));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const mounted = useRef(false);
  useLayoutEffect(() => {
    const el = scroller.current;
    const target = props.initialFocus;
    if (!mounted.current && el && target != null && target >= 0 && target < count) {
      const top = scrollToReveal(target, 0, el.clientHeight, rowHeight);
      el.scrollTop = top;
      setScrollTop(top);
      pendingFocus.current = { index: target, slot: 0 };
    } else if (mounted.current && scrollTop !== 0) {
      // Only when not at the top already: writing scrollTop lays the whole page out at once, and a search resets
      // the list on every keystroke. `scrollTop` follows the scroll events, so it is where the list is.
      if (el) el.scrollTop = 0;
      setScrollTop(0);
    }
    mounted.current = true;
  }, [props.resetKey]);

  useLayoutEffect(() => {
    const pending = pendingFocus.current;
    if (!pending) return;
    const controls = scroller.current?.querySelectorAll<HTMLElement>(`[data-index="${pending.index}"] [data-focusable]`);
    // A row still loading has nothing to focus yet: the focus waits for it (a later render retries).
    if (!controls?.length) return;
    pendingFocus.current = null;
    (controls[Math.min(pending.slot, controls.length - 1)] ?? controls[0])?.focus();
  });

  const range = visibleRange(scrollTop, viewport || rowHeight * 8, rowHeight, count, overscan);
  const { onRange } = props;
  useEffect(() => onRange?.(range.start, range.end), [range.start, range.end, onRange]);
  const indices: number[] = [];
  // The active row stays rendered even when scrolled away, so Tab can always reach the list.
  if (activeIndex < range.start && activeIndex >= 0 && activeIndex < count) indices.push(activeIndex);
  for (let i = range.start; i < range.end; i++) indices.push(i);
  if (activeIndex >= range.end && activeIndex < count) indices.push(activeIndex);

  function onKeyDown(e: KeyboardEvent) {
    const el = scroller.current;
    if (!el || e.altKey || e.ctrlKey || e.metaKey) return;
    const target = e.target as HTMLElement;
    // Keys typed into a field inside a row (none today) are not navigation.
    if (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT') return;
    const next = nextIndex(e.key, activeIndex, count, Math.floor(el.clientHeight / rowHeight) - 1);
    if (next === null) return;
    e.preventDefault();
    const row = target.closest('[data-index]');
    const slot = row ? [...row.querySelectorAll('[data-focusable]')].indexOf(target) : 0;
    pendingFocus.current = { index: next, slot: Math.max(0, slot) };
    const top = scrollToReveal(next, el.scrollTop, el.clientHeight, rowHeight);
    if (top !== el.scrollTop) {
      el.scrollTop = top;
      setScrollTop(top);
    }
    props.onActiveIndexChange(next);
  }

  return (
    <div class="vlist" ref={scroller} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)} onKeyDown={onKeyDown} data-testid={props.testId}>
      <div role="list" aria-label={props.label} style={{ height: `${count * rowHeight}px`, position: 'relative' }}>
        {indices.map((i) => (
          <div
            role="listitem"
            key={props.rowKey(i)}
            data-index={i}
            aria-setsize={count}
            aria-posinset={i + 1}
            class={`vrow${i === activeIndex ? ' active' : ''}`}
            style={{ top: `${i * rowHeight}px`, height: `${rowHeight}px` }}
            onFocusIn={() => i !== activeIndex && props.onActiveIndexChange(i)}
          >
            {props.renderRow(i, i === activeIndex ? 0 : -1)}
          </div>
        ))}
      </div>
    </div>
  );
}
