import { memo, type KeyboardEvent } from 'react';
import { Tooltip } from 'antd';
import { useI18n } from '../../i18n/i18n';
import { dayKind, monthGrid, workingDaysInMonth, type DayKind, type YearMarks } from '../../lib/calendar-grid';
import { addDays } from '../../lib/iso-week';

const WEEKDAYS_ZH = ['一', '二', '三', '四', '五', '六', '日'];
const WEEKDAYS_EN = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'];
const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export interface MonthGridProps {
  year: number;
  month: number;
  marks: YearMarks;
  names: Record<string, string>;
  /** Dates whose mark differs from the saved year. */
  changed: ReadonlySet<string>;
  /** The date that holds the grid's single tab stop (roving focus). */
  focusDate: string;
  selected: string | null;
  today: string;
  onToggle: (date: string) => void;
  onFocusDate: (date: string) => void;
}

/**
 * One month as a compact Monday-first grid. Each day is a button: click, Enter or Space cycles it
 * (working day → 休 → …, weekends also 班); the arrow keys move between days (one tab stop per year).
 */
export const MonthGrid = memo(function MonthGrid({ year, month, marks, names, changed, focusDate, selected, today, onToggle, onFocusDate }: MonthGridProps) {
  const { t, lang } = useI18n();
  const holidays = new Set(marks.holidays);
  const workdays = new Set(marks.workdays);
  const weeks = monthGrid(year, month);
  const working = workingDaysInMonth(year, month, marks);
  const kindText: Record<DayKind, string> = {
    working: t('工作日', 'working day'),
    weekend: t('周末休息', 'weekend'),
    holiday: t('法定节假日（休）', 'official holiday (off)'),
    workday: t('调休上班（班）', 'make-up workday (on)'),
  };

  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>, date: string) => {
    const step: Record<string, number> = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7 };
    if (!(e.key in step)) return;
    e.preventDefault();
    const next = addDays(date, step[e.key]);
    if (!next.startsWith(`${year}-`)) return;
    onFocusDate(next);
    requestAnimationFrame(() => document.querySelector<HTMLButtonElement>(`[data-date="${next}"]`)?.focus());
  };

  return (
    <div className="luodi-cal-month" role="group" aria-label={lang === 'en' ? `${MONTHS_EN[month - 1]} ${year}` : `${year}年${month}月`}>
      <div className="luodi-cal-month-head">
        <strong>{lang === 'en' ? MONTHS_EN[month - 1] : `${month}月`}</strong>
        <span>{t(`${working} 个工作日`, `${working} working days`)}</span>
      </div>
      <div className="luodi-cal-grid">
        {(lang === 'en' ? WEEKDAYS_EN : WEEKDAYS_ZH).map((w, i) => (
          <div key={w} className={`luodi-cal-wd${i >= 5 ? ' is-weekend' : ''}`} aria-hidden>
            {w}
          </div>
        ))}
        {weeks.flat().map((d, i) => {
          if (!d) return <div key={`pad-${i}`} aria-hidden />;
          const kind = dayKind(d.date, holidays, workdays);
          const name = names[d.date];
          const weekday = lang === 'en' ? WEEKDAYS_EN[d.weekday - 1] : `星期${WEEKDAYS_ZH[d.weekday - 1]}`;
          const description = `${d.date} ${weekday} · ${kindText[kind]}${name ? ` · ${name}` : ''}${changed.has(d.date) ? t(' · 未保存', ' · unsaved') : ''}`;
          const cls = [
            'luodi-cal-day',
            kind === 'weekend' ? 'is-weekend' : '',
            kind === 'holiday' ? 'is-holiday' : '',
            kind === 'workday' ? 'is-workday' : '',
            selected === d.date ? 'is-selected' : '',
            today === d.date ? 'is-today' : '',
          ]
            .filter(Boolean)
            .join(' ');
          return (
            <Tooltip key={d.date} title={description} mouseEnterDelay={0.4}>
              <button
                type="button"
                className={cls}
                data-date={d.date}
                tabIndex={d.date === focusDate ? 0 : -1}
                aria-label={description}
                onClick={() => onToggle(d.date)}
                onKeyDown={(e) => onKeyDown(e, d.date)}
                onFocus={() => onFocusDate(d.date)}
              >
                {d.day}
                {kind === 'holiday' && <span className="mark">{t('休', 'off')}</span>}
                {kind === 'workday' && <span className="mark">{t('班', 'on')}</span>}
                {changed.has(d.date) && <span className="changed" />}
              </button>
            </Tooltip>
          );
        })}
      </div>
    </div>
  );
});
