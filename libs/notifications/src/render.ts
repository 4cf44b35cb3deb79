/**
 * Renders digests and alert emails: builds a language-specific view from the data, then runs the
 * Handlebars templates in `libs/notifications/templates` (HTML with inline CSS, and plain text).
 */
import Handlebars from 'handlebars';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { STAGE_LABELS, type Stage } from '#domain';
import type { AlertEmailData, AlertItem, AlertLevel, DeskItem, DigestData, Locale, RenderedMail } from './digest.model.js';
import { fill, MESSAGES, type Messages } from './i18n.js';

/** The templates folder, found by walking up from this file (works from src, dist and the test runner). */
export function templatesDir(start = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = start; ; dir = dirname(dir)) {
    for (const candidate of [join(dir, 'templates'), join(dir, 'libs', 'notifications', 'templates')]) {
      if (existsSync(join(candidate, 'layout.html.hbs'))) return candidate;
    }
    if (dirname(dir) === dir) throw new Error(`libs/notifications/templates not found above ${start}`);
  }
}

interface Cell {
  text: string;
  href?: string;
  note?: string;
  style?: string;
}
interface Row {
  cells: Cell[];
  /** Plain-text part: links printed under the row. */
  link?: string;
  note?: string;
}
interface Section {
  title: string;
  count?: number;
  headers: string[];
  rows: Row[];
  empty: string;
  more?: string;
  moreHref?: string;
}
interface View {
  lang: string;
  subject: string;
  title: string;
  underline: string;
  greeting: string;
  intro: string;
  summary?: { label: string; value: number; color: string; background: string }[];
  quiet?: string;
  sections: Section[];
  appUrl: string;
  openAll: string;
  footer: string;
}

type Compiled = { html: Handlebars.TemplateDelegate<View>; text: Handlebars.TemplateDelegate<View> };
let compiled: Compiled | undefined;

function templates(): Compiled {
  if (compiled) return compiled;
  const dir = templatesDir();
  const read = (f: string) => readFileSync(join(dir, f), 'utf8');
  const html = Handlebars.create();
  html.registerPartial('section', read('partials/section.html.hbs'));
  const text = Handlebars.create();
  text.registerPartial('section', read('partials/section.text.hbs'));
  compiled = {
    html: html.compile<View>(read('layout.html.hbs'), { strict: false }),
    text: text.compile<View>(read('layout.text.hbs'), { noEscape: true }),
  };
  return compiled;
}

const LEVEL_STYLE: Record<AlertLevel, { color: string; background: string }> = {
  WARNING: { color: '#92400e', background: '#fef3c7' },
  OVERDUE: { color: '#991b1b', background: '#fee2e2' },
  ESCALATED: { color: '#ffffff', background: '#7f1d1d' },
};

export class Links {
  constructor(private readonly baseUrl: string) {}
  app = () => `${this.baseUrl}/`;
  project = (id: string) => `${this.baseUrl}/projects/${id}`;
  alert = (id: string) => `${this.baseUrl}/alerts/${id}`;
  alerts = (query: string) => `${this.baseUrl}/alerts?${query}`;
  projects = (query: string) => `${this.baseUrl}/projects?${query}`;
}

const stageLabel = (stage: string | null, locale: Locale) =>
  stage && stage in STAGE_LABELS ? STAGE_LABELS[stage as Stage][locale === 'en' ? 'en' : 'zh'] : (stage ?? '');
const projectName = (p: { projectNameZh: string; projectNameEn: string | null }, locale: Locale) =>
  locale === 'en' && p.projectNameEn ? `${p.projectNameEn} (${p.projectNameZh})` : p.projectNameZh;
const moreText = (t: Messages, total: number, shown: number) => (total > shown ? fill(t.more, { n: total - shown }) : undefined);

function alertRows(items: AlertItem[], t: Messages, locale: Locale, links: Links): Row[] {
  return items.map((a) => ({
    cells: [
      { text: projectName(a, locale), href: links.project(a.projectId), note: `${a.projectCode} · ${a.unitNameZh} · ${locale === 'en' ? a.explanationEn : a.explanationZh}` },
      { text: t.levels[a.level], href: links.alert(a.alertId), style: `font-weight:bold;white-space:nowrap;color:${LEVEL_STYLE[a.level].color};background:${LEVEL_STYLE[a.level].background};` },
      { text: a.daysOverdue > 0 ? fill(t.days, { n: a.daysOverdue }) : '—', style: 'white-space:nowrap;' },
      { text: a.owner ?? '—' },
    ],
    link: `${links.project(a.projectId)}  ${links.alert(a.alertId)}`,
    note: `${a.projectCode} · ${a.unitNameZh} · ${locale === 'en' ? a.explanationEn : a.explanationZh}`,
  }));
}

/** Overdue investor requests or commitments: project, what, due date, days overdue, owner (and amount for commitments). */
function deskSection(title: string, items: DeskItem[] | undefined, total: number | undefined, what: string, withAmount: boolean, t: Messages, locale: Locale, links: Links): Section {
  const list = items ?? [];
  const n = total ?? list.length;
  return {
    title,
    count: n,
    headers: [t.colProject, what, t.colDue, t.colOverdue, t.colOwner, ...(withAmount ? [t.colAmount] : [])],
    rows: list.map((x) => {
      const explanation = (locale === 'en' ? x.explanationEn : x.explanationZh) ?? '';
      return {
        cells: [
          { text: projectName(x, locale), href: links.project(x.projectId), note: `${x.projectCode} · ${x.unitNameZh}` },
          { text: x.title, note: explanation || undefined },
          { text: x.dueDate, style: 'white-space:nowrap;' },
          { text: x.daysOverdue > 0 ? fill(t.days, { n: x.daysOverdue }) : '—', style: 'white-space:nowrap;' },
          { text: x.owner ?? '—' },
          ...(withAmount ? [{ text: x.amount ?? '—', style: 'text-align:right;' }] : []),
        ],
        link: links.project(x.projectId),
        note: `${x.projectCode} · ${x.title}${explanation ? ` · ${explanation}` : ''}`,
      };
    }),
    empty: t.none,
    more: moreText(t, n, list.length),
  };
}

function scopeName(d: DigestData, t: Messages, locale: Locale): string {
  if (d.scope.all) return t.allUnits;
  return locale === 'en' && d.scope.unitNameEn ? d.scope.unitNameEn : d.scope.unitNameZh;
}

/** The weekly digest of one person, in their language. */
export function renderDigest(d: DigestData, baseUrl: string, locale: Locale = d.recipient.locale): RenderedMail {
  const t = MESSAGES[locale];
  const links = new Links(baseUrl);
  const scope = scopeName(d, t, locale);
  const vars = { scope, week: d.week, from: d.firstDay, to: d.lastDay, name: d.recipient.displayName };
  const newTotal = d.newAlertCounts.WARNING + d.newAlertCounts.OVERDUE + d.newAlertCounts.ESCALATED;
  const quiet = newTotal === 0;
  const subject = fill(quiet ? t.digestSubjectQuiet : t.digestSubject, vars);
  const alertHeaders = [t.colProject, t.colLevel, t.colOverdue, t.colOwner];

  const sections: Section[] = [];
  if (!quiet) {
    sections.push({
      title: t.newAlerts,
      count: newTotal,
      headers: alertHeaders,
      rows: alertRows(d.newAlerts, t, locale, links),
      empty: t.none,
      more: moreText(t, newTotal, d.newAlerts.length),
      moreHref: newTotal > d.newAlerts.length ? links.alerts('status=OPEN') : undefined,
    });
  }
  sections.push({
    title: t.awaiting,
    count: d.awaitingTotal,
    headers: alertHeaders,
    rows: alertRows(d.awaiting, t, locale, links),
    empty: t.none,
    more: moreText(t, d.awaitingTotal, d.awaiting.length),
    moreHref: d.awaitingTotal > d.awaiting.length ? links.alerts('level=ESCALATED&status=OPEN') : undefined,
  });
  sections.push({
    title: t.progress,
    count: d.progressTotal,
    headers: [t.colProject, t.colWhat, t.colDate],
    rows: d.progress.map((p) => {
      const what =
        p.kind === 'MILESTONE'
          ? fill(t.milestone, { name: p.milestoneName ?? '' })
          : fill(
              p.transitionKind === 'HOLD' ? t.stageHold : p.transitionKind === 'RESUME' ? t.stageResume : p.transitionKind === 'CANCEL' ? t.stageCancel : p.transitionKind === 'CORRECTION' ? t.stageCorrection : t.stageChange,
              { from: stageLabel(p.fromStage, locale), to: stageLabel(p.toStage, locale) },
            );
      return {
        cells: [{ text: projectName(p, locale), href: links.project(p.projectId), note: p.projectCode }, { text: what }, { text: p.date, style: 'white-space:nowrap;' }],
        link: links.project(p.projectId),
      };
    }),
    empty: t.none,
    more: moreText(t, d.progressTotal, d.progress.length),
  });
  sections.push({
    title: fill(t.dueSoon, { from: d.dueFrom, to: d.dueTo }),
    count: d.dueSoonTotal,
    headers: [t.colProject, t.colDue, t.colDaysLeft],
    rows: d.dueSoon.map((x) => ({
      cells: [
        { text: projectName(x, locale), href: links.project(x.projectId), note: `${x.projectCode} · ${locale === 'en' ? x.explanationEn : x.explanationZh}` },
        { text: x.dueDate, style: 'white-space:nowrap;' },
        { text: fill(t.days, { n: x.daysLeft }), style: 'white-space:nowrap;' },
      ],
      link: links.project(x.projectId),
      note: `${x.projectCode} · ${locale === 'en' ? x.explanationEn : x.explanationZh}`,
    })),
    empty: t.none,
    more: moreText(t, d.dueSoonTotal, d.dueSoon.length),
  });
  sections.push({
    title: fill(t.missingReports, { period: d.reportPeriod }),
    count: d.missingReportsTotal,
    headers: [t.colProject, t.colStage],
    rows: d.missingReports.map((x) => ({
      cells: [{ text: projectName(x, locale), href: links.project(x.projectId), note: x.projectCode }, { text: stageLabel(x.stage, locale) }],
      link: links.project(x.projectId),
    })),
    empty: t.none,
    more: moreText(t, d.missingReportsTotal, d.missingReports.length),
  });
  sections.push(deskSection(fill(t.overdueRequests, { to: d.lastDay }), d.overdueRequests, d.overdueRequestsTotal, t.colRequest, false, t, locale, links));
  sections.push(deskSection(fill(t.overdueCommitments, { to: d.lastDay }), d.overdueCommitments, d.overdueCommitmentsTotal, t.colCommitment, true, t, locale, links));
  sections.push({
    title: t.funnel,
    headers: [t.colStage, t.colCount, t.colChange],
    rows: d.funnel.map((f) => {
      const change = f.count - f.previous;
      return {
        cells: [
          { text: stageLabel(f.stage, locale) },
          { text: String(f.count), style: 'text-align:right;' },
          { text: change > 0 ? `+${change}` : change < 0 ? `−${-change}` : '0', style: `text-align:right;color:${change > 0 ? '#065f46' : change < 0 ? '#991b1b' : '#6b7280'};` },
        ],
      };
    }),
    empty: t.none,
  });

  const view: View = {
    lang: locale,
    subject,
    title: subject.replace(/^【落地】|^\[Luodi\] /, ''),
    underline: '',
    greeting: fill(t.greeting, vars),
    intro: fill(t.intro, vars),
    summary: (['WARNING', 'OVERDUE', 'ESCALATED'] as AlertLevel[]).map((l) => ({ label: t.levels[l], value: d.newAlertCounts[l], ...LEVEL_STYLE[l] })),
    quiet: quiet ? t.quiet : undefined,
    sections,
    appUrl: links.app(),
    openAll: t.openAll,
    footer: t.footer,
  };
  return finish(view);
}

/** One email holding every alert a person was notified of since the last batch. */
export function renderAlertEmail(d: AlertEmailData, baseUrl: string, locale: Locale = d.recipient.locale): RenderedMail {
  const t = MESSAGES[locale];
  const links = new Links(baseUrl);
  const first = d.alerts[0];
  const subject =
    d.alerts.length === 1
      ? fill(t.alertSubjectOne, { level: t.levels[first.level], project: projectName(first, locale) })
      : fill(t.alertSubject, { n: d.alerts.length, first: `${t.levels[first.level]} ${projectName(first, locale)}` });
  const counts = { WARNING: 0, OVERDUE: 0, ESCALATED: 0 } as Record<AlertLevel, number>;
  for (const a of d.alerts) counts[a.level]++;
  const view: View = {
    lang: locale,
    subject,
    title: subject.replace(/^【落地】|^\[Luodi\] /, ''),
    underline: '',
    greeting: fill(t.greeting, { name: d.recipient.displayName }),
    intro: t.alertIntro,
    summary: (['WARNING', 'OVERDUE', 'ESCALATED'] as AlertLevel[]).filter((l) => counts[l] > 0).map((l) => ({ label: t.levels[l], value: counts[l], ...LEVEL_STYLE[l] })),
    sections: [{ title: t.alertSection, count: d.alerts.length, headers: [t.colProject, t.colLevel, t.colOverdue, t.colOwner], rows: alertRows(d.alerts, t, locale, links), empty: t.none }],
    appUrl: links.alerts('status=OPEN'),
    openAll: t.openAll,
    footer: t.alertFooter,
  };
  return finish(view);
}

function finish(view: View): RenderedMail {
  const tpl = templates();
  view.underline = '='.repeat(Math.min(60, [...view.title].reduce((n, ch) => n + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0)));
  const text = tpl.text(view).replace(/\n{3,}/g, '\n\n').trim() + '\n';
  return { subject: view.subject, html: tpl.html(view), text };
}
