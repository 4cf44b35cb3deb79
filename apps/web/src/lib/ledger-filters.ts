import { ALL_STAGES, type Stage } from './domain';
import type { AlertLevel, Family } from '../api/types';

/** The ledger's view: every filter, the sort and the page live in the URL, so a view can be bookmarked and shared. */
export interface LedgerFilters {
  stage: Stage[];
  unitId?: string;
  clusterId?: string;
  listId?: string;
  family?: Family;
  q?: string;
  band?: InvestmentBand;
  alertLevel: (AlertLevel | 'NONE')[];
  sort: string;
  page: number;
  pageSize: number;
}

/** Investment bands the bureau reports by (万元). */
export const INVESTMENT_BANDS = {
  lt1: { min: undefined, max: '9999.99', zh: '1亿元以下', en: 'Under 100M CNY' },
  '1to5': { min: '10000', max: '49999.99', zh: '1–5亿元', en: '100–500M CNY' },
  '5to10': { min: '50000', max: '99999.99', zh: '5–10亿元', en: '500M–1bn CNY' },
  '10to50': { min: '100000', max: '499999.99', zh: '10–50亿元', en: '1–5bn CNY' },
  ge50: { min: '500000', max: undefined, zh: '50亿元以上', en: '5bn CNY and more' },
} as const;
export type InvestmentBand = keyof typeof INVESTMENT_BANDS;

const LEVELS = ['WARNING', 'OVERDUE', 'ESCALATED', 'NONE'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const DEFAULT_SORT = '-updatedAt';
export const PAGE_SIZES = [20, 50, 100] as const;

const list = (value: string | null) => (value ? value.split(',').map((s) => s.trim()).filter(Boolean) : []);
const uuid = (value: string | null) => (value && UUID.test(value) ? value : undefined);

/** Reads the view from the URL; anything unknown or malformed is dropped rather than sent to the API. */
export function parseLedgerFilters(params: URLSearchParams): LedgerFilters {
  const page = Number(params.get('page'));
  const pageSize = Number(params.get('pageSize'));
  const family = params.get('family');
  const band = params.get('band');
  return {
    stage: list(params.get('stage')).filter((s): s is Stage => (ALL_STAGES as readonly string[]).includes(s)),
    unitId: uuid(params.get('unitId')),
    clusterId: uuid(params.get('clusterId')),
    listId: uuid(params.get('listId')),
    family: family === 'INVESTMENT' || family === 'GOVERNMENT' ? family : undefined,
    q: params.get('q')?.trim().slice(0, 100) || undefined,
    band: band && band in INVESTMENT_BANDS ? (band as InvestmentBand) : undefined,
    alertLevel: list(params.get('alertLevel')).filter((l): l is AlertLevel | 'NONE' => (LEVELS as readonly string[]).includes(l)),
    sort: params.get('sort') || DEFAULT_SORT,
    page: Number.isInteger(page) && page >= 1 ? page : 1,
    pageSize: (PAGE_SIZES as readonly number[]).includes(pageSize) ? pageSize : 20,
  };
}

/** Writes the view back to URL parameters, leaving defaults out so URLs stay short. */
export function ledgerSearchParams(f: LedgerFilters): URLSearchParams {
  const p = new URLSearchParams();
  if (f.stage.length) p.set('stage', f.stage.join(','));
  if (f.unitId) p.set('unitId', f.unitId);
  if (f.clusterId) p.set('clusterId', f.clusterId);
  if (f.listId) p.set('listId', f.listId);
  if (f.family) p.set('family', f.family);
  if (f.q) p.set('q', f.q);
  if (f.band) p.set('band', f.band);
  if (f.alertLevel.length) p.set('alertLevel', f.alertLevel.join(','));
  if (f.sort !== DEFAULT_SORT) p.set('sort', f.sort);
  if (f.page !== 1) p.set('page', String(f.page));
  if (f.pageSize !== 20) p.set('pageSize', String(f.pageSize));
  return p;
}

/** The query for GET /projects (and its .xlsx export): the band becomes min/max investment. */
export function toProjectQuery(f: LedgerFilters, withPaging = true) {
  const band = f.band ? INVESTMENT_BANDS[f.band] : undefined;
  return {
    stage: f.stage,
    unitId: f.unitId,
    clusterId: f.clusterId,
    listId: f.listId,
    family: f.family,
    q: f.q,
    minInvestment: band?.min,
    maxInvestment: band?.max,
    alertLevel: f.alertLevel,
    sort: f.sort,
    ...(withPaging ? { page: f.page, pageSize: f.pageSize } : {}),
  };
}

/** Counts the filters in use (for the "n filters" badge and the reset button). */
export function activeFilterCount(f: LedgerFilters): number {
  return [f.stage.length > 0, f.unitId, f.clusterId, f.listId, f.family, f.q, f.band, f.alertLevel.length > 0].filter(Boolean).length;
}
