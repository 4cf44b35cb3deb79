import type { CanonicalStage } from '../projects/project-stage.js';
import { dateOfDay } from '../calendar/day-math.js';
import type { ComputedClock } from './engine.js';
import type { RuleDuration } from './rule.js';

/** Milestone words for explanations: 「签约 2024-03-01 起 …，应于 … 前落地」. */
export const MILESTONE_WORDS: Record<CanonicalStage, { zh: string; en: string }> = {
  RESERVE: { zh: '入库', en: 'entry into the reserve' },
  NEGOTIATING: { zh: '洽谈', en: 'start of negotiation' },
  SIGNED: { zh: '签约', en: 'signing' },
  LANDED: { zh: '落地', en: 'landing' },
  PRE_CONSTRUCTION: { zh: '办理前期手续', en: 'pre-construction' },
  UNDER_CONSTRUCTION: { zh: '开工', en: 'construction start' },
  CONSTRUCTION_COMPLETE: { zh: '竣工', en: 'completion' },
  COMMISSIONING: { zh: '试生产', en: 'trial production' },
  OPERATING: { zh: '投产', en: 'operation' },
  AT_CAPACITY: { zh: '达产', en: 'full capacity' },
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function durationText(d: RuleDuration): { zh: string; en: string } {
  switch (d.unit) {
    case 'calendar_days':
      return { zh: `${d.value} 个自然日`, en: plural(d.value, 'calendar day') };
    case 'working_days':
      return { zh: `${d.value} 个工作日`, en: plural(d.value, 'working day') };
    case 'months':
      return { zh: `${d.value} 个月`, en: plural(d.value, 'month') };
  }
}

function pausedText(c: ComputedClock): { zh: string; en: string } {
  if (c.pausedDays === 0) return { zh: '', en: '' };
  return c.unit === 'working'
    ? { zh: `，暂停 ${c.pausedDays} 个工作日`, en: `, paused ${plural(c.pausedDays, 'working day')}` }
    : { zh: `，暂停 ${c.pausedDays} 天`, en: `, paused ${plural(c.pausedDays, 'day')}` };
}

function lateDays(c: ComputedClock): number {
  return (c.metDay ?? c.dueDay) - c.dueDay;
}

/** The status part: how the clock stands (stable between level changes: no "days left" counters). */
function statusText(c: ComputedClock, done: { zh: string; en: string }): { zh: string; en: string } {
  const d = (n: number | null) => (n === null ? '' : dateOfDay(n));
  const unitZh = c.unit === 'working' ? '工作日数' : '天数';
  const unitEn = c.unit === 'working' ? 'working days' : 'days';
  switch (c.status) {
    case 'MET':
      return c.metDay === null
        ? { zh: `；已${done.zh}`, en: `; ${done.en}` }
        : { zh: `；已于 ${d(c.metDay)} ${done.zh}，按期完成`, en: `; ${done.en} on ${d(c.metDay)}, on time` };
    case 'MET_LATE':
      return {
        zh: `；已于 ${d(c.metDay)} ${done.zh}，逾期 ${lateDays(c)} 天`,
        en: `; ${done.en} on ${d(c.metDay)}, ${plural(lateDays(c), 'day')} late`,
      };
    case 'CANCELLED':
      return { zh: `；项目已于 ${d(c.endedDay)} 终止，时限取消`, en: `; the project was cancelled on ${d(c.endedDay)}, so the target is cancelled` };
    case 'WAIVED':
      return { zh: '；已豁免', en: '; waived' };
    case 'PAUSED': {
      const frozen = c.level === 'NONE' ? '' : `（暂停前已${LEVEL_ZH[c.level]}）`;
      const frozenEn = c.level === 'NONE' ? '' : ` (it was ${LEVEL_EN[c.level]} before the hold)`;
      return {
        zh: `；项目自 ${d(c.pausedSince)} 起停缓建，时限暂停，复工后按暂停${unitZh}顺延${frozen}`,
        en: `; on hold since ${d(c.pausedSince)}: the clock is paused, and on resumption the due date moves later by the paused ${unitEn}${frozenEn}`,
      };
    }
    default:
      return {
        zh: `；${d(c.warnDay)} 起黄灯，${d(c.dueDay + 1)} 起红灯，${d(c.escalateDay + 1)} 起督办`,
        en: `; warning from ${d(c.warnDay)}, overdue from ${d(c.dueDay + 1)}, escalated from ${d(c.escalateDay + 1)}`,
      };
  }
}

const LEVEL_ZH = { NONE: '', WARNING: '黄灯', OVERDUE: '红灯', ESCALATED: '督办' } as const;
const LEVEL_EN = { NONE: '', WARNING: 'at warning', OVERDUE: 'overdue', ESCALATED: 'escalated' } as const;

function calendarNote(c: ComputedClock): { zh: string; en: string } {
  if (c.missingCalendarYears.length === 0) return { zh: '', en: '' };
  const ys = c.missingCalendarYears;
  return {
    zh: `（注：${ys.join('、')} 年无法定节假日数据，按仅周末休息计算）`,
    en: ` (note: no official holiday data for ${ys.join(', ')}; weekends only were counted)`,
  };
}

function forecastText(c: ComputedClock, what: { zh: string; en: string }): { zh: string; en: string } {
  if (!c.forecast) return { zh: '', en: '' };
  const f = c.forecast;
  return {
    zh: `；预测：按后续各阶段时限（${f.via.join(' → ')}）测算，自 ${f.warnDate} 起已不足以在 ${dateOfDay(c.dueDay)} 前${what.zh}，该日起黄灯`,
    en: `; forecast: with the remaining stage targets (${f.via.join(' → ')}), ${what.en} by ${dateOfDay(c.dueDay)} no longer fits from ${f.warnDate}, so the warning starts that day`,
  };
}

const join = (...parts: { zh: string; en: string }[]) => ({ zh: parts.map((p) => p.zh).join(''), en: parts.map((p) => p.en).join('') });

/**
 * The human explanation of a clock, in Chinese and English, e.g.
 * 「签约 2024-03-01 起 90 个自然日，暂停 12 天，应于 2024-06-11 前落地」 /
 * "90 calendar days from signing on 2024-03-01, paused 12 days: landing due by 2024-06-11".
 * It changes only when the clock's facts or level thresholds change (no running counters).
 */
export function explainClock(c: ComputedClock): { zh: string; en: string } {
  const { spec } = c;
  const due = dateOfDay(c.dueDay);
  const start = dateOfDay(spec.start);
  const dur = durationText(spec.rule.duration);
  const paused = pausedText(c);
  switch (spec.rule.kind) {
    case 'SERVICE_TARGET': {
      const from = MILESTONE_WORDS[spec.fromStage!];
      const to = MILESTONE_WORDS[spec.toStage!];
      return join(
        {
          zh: `${from.zh} ${start} 起 ${dur.zh}${paused.zh}，应于 ${due} 前${to.zh}`,
          en: `${dur.en} from ${from.en} on ${start}${paused.en}: ${to.en} due by ${due}`,
        },
        calendarNote(c),
        statusText(c, { zh: to.zh, en: 'reached' }),
        forecastText(c, to),
      );
    }
    case 'PLAN_DATE': {
      const plan = spec.plan!;
      const to = MILESTONE_WORDS[spec.toStage!];
      const src = plan.sourceText?.trim();
      const grace = spec.rule.duration.value > 0;
      const head = {
        zh: `计划 ${plan.expectedDate} 前${to.zh}${src ? `（${src}）` : ''}`,
        en: `Plan: ${to.en} by ${plan.expectedDate}${src ? ` ("${src}")` : ''}`,
      };
      const tail =
        grace || c.pausedDays > 0
          ? {
              zh: `${grace ? `，宽限 ${dur.zh}` : ''}${paused.zh}，应于 ${due} 前${to.zh}`,
              en: `${grace ? `, grace ${dur.en}` : ''}${paused.en}: due by ${due}`,
            }
          : { zh: '', en: '' };
      return join(head, tail, calendarNote(c), statusText(c, { zh: to.zh, en: 'reached' }));
    }
    case 'STALE_UPDATE': {
      const n = spec.rule.duration.value;
      const which =
        spec.rule.duration.unit === 'working_days'
          ? { zh: `次月第 ${n} 个工作日`, en: `working day ${n} of the next month` }
          : { zh: `次月 ${n} 日`, en: `day ${n} of the next month` };
      const what = { zh: '报送', en: 'reported' };
      if (spec.endedByStage && (c.status === 'MET' || c.status === 'MET_LATE')) {
        const st = MILESTONE_WORDS[spec.endedByStage];
        return join(
          {
            zh: `${spec.period} 月调度进度应于 ${due}（${which.zh}）前报送；项目已于 ${dateOfDay(c.metDay!)} ${st.zh}，不再需要月调度`,
            en: `Progress report for ${spec.period} due by ${due} (${which.en}); no longer required since ${st.en} on ${dateOfDay(c.metDay!)}`,
          },
          calendarNote(c),
        );
      }
      const head = {
        zh: `${spec.period} 月调度进度应于 ${due}（${which.zh}）前报送`,
        en: `Progress report for ${spec.period} due by ${due} (${which.en})`,
      };
      if (c.status === 'PAUSED') {
        return join(head, calendarNote(c), {
          zh: `；项目自 ${dateOfDay(c.pausedSince!)} 起停缓建，暂停期间无需报送，复工当月起恢复月调度`,
          en: `; on hold since ${dateOfDay(c.pausedSince!)}: no reports are due while on hold, and monthly reporting restarts with the month of resumption`,
        });
      }
      return join(head, calendarNote(c), statusText(c, what));
    }
    case 'HOLD_REVIEW': {
      const hold = spec.hold!;
      const decided =
        hold.endedBy === 'CANCEL'
          ? { zh: '决定终止', en: 'terminated' }
          : { zh: '复工', en: 'resumed' };
      return join(
        {
          zh: `${start} 起停缓建，应在 ${dur.zh}内（${due} 前）作出复工或终止决定`,
          en: `On hold since ${start}: a decision (resume or terminate) is due within ${dur.en}, by ${due}`,
        },
        calendarNote(c),
        statusText(c, decided),
      );
    }
  }
}
