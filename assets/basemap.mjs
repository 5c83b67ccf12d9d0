// The base map of the pages' maps, drawn once by `make assets`, never fetched by a page.
// Natural Earth's country shapes (npm world-atlas, TopoJSON) projected with d3-geo's
// equirectangular projection into a 960 x 480 plane, written as SVG path data per country.
// endpoint/maps.py projects the cities with the same formula:
//   x = 480 + longitude * 960 / 360,  y = 240 - latitude * 480 / 180.
// The pictures map-world.svg (1:110m) and map-zoomed.svg (1:50m) go beside OUTPUT.json, which keeps
// each polygon's path and bounding box (the tests check the projection against it).
// Usage: node assets/basemap.mjs OUTPUT.json
import { readFileSync, writeFileSync, renameSync } from "node:fs";
import { dirname, join } from "node:path";
import { geoEquirectangular, geoPath } from "d3-geo";
import { feature } from "topojson-client";

const WIDTH = 960, HEIGHT = 480;
// scale = width / 2π puts 360 degrees of longitude across the width; the centre at (0, 0).
const projection = geoEquirectangular().scale(WIDTH / (2 * Math.PI)).translate([WIDTH / 2, HEIGHT / 2]);

// Each country's polygons apart, each with its bounding box, so a page zoomed in on a few
// countries inlines only the polygons it shows (not all of Russia for a map of Norway).
function countries(file, digits) {
  const topology = JSON.parse(readFileSync(new URL(`../node_modules/world-atlas/${file}`, import.meta.url)));
  const path = geoPath(projection).digits(digits);
  const round = (v) => Number(v.toFixed(digits));
  const polygons = (g) => (g.type === "MultiPolygon" ? g.coordinates.map((c) => ({ type: "Polygon", coordinates: c }))
                                                      : g.type === "Polygon" ? [g] : []);
  return feature(topology, topology.objects.countries).features
    .map((f) => ({ id: f.id ?? "", name: f.properties.name,
                   parts: polygons(f.geometry).map((g) => ({ d: path(g) ?? "", bbox: path.bounds(g).flat().map(round) }))
                                              .filter((part) => part.d) }))
    .filter((c) => c.parts.length)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) || (a.id < b.id ? -1 : 1));
}

// A picture of the whole plane for the pages to draw under their points: every country one path
// (its polygons joined). A picture scales as a whole (vector-effect does not reach into it), so
// its borders are as thin as the zoom it is drawn at asks: the world at 1 to 6 times, the
// 1:50m picture at 8 to 24 times.
function picture(shapes, strokeWidth) {
  const paths = shapes.map((c) => `<path d="${c.parts.map((p) => p.d).join("")}"><title>${c.name.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</title></path>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}">` +
    `<g fill="#f4f1ea" stroke="#8a8a8a" stroke-width="${strokeWidth}" stroke-linejoin="round">${paths.join("")}</g></svg>\n`;
}

function write(file, text) {
  writeFileSync(file + ".tmp", text);
  renameSync(file + ".tmp", file);
}

const out = process.argv[2];
const map = {
  source: "Natural Earth (public domain) through world-atlas 2.0.2 (ISC)",
  projection: "equirectangular", width: WIDTH, height: HEIGHT,
  // 1:110m for the whole world, 1:50m where a page zooms in on a few countries.
  detail: { world: countries("countries-110m.json", 0), zoomed: countries("countries-50m.json", 1) },
};
write(out, JSON.stringify(map));
const folder = dirname(out);
write(join(folder, "map-world.svg"), picture(map.detail.world, 0.25));
write(join(folder, "map-zoomed.svg"), picture(map.detail.zoomed, 0.05));
