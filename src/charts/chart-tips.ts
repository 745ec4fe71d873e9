// Interaction on the server-rendered SVG charts (line-svg.ts, BarChart.astro): a tooltip under
// the pointer, the same with the keyboard (the chart becomes focusable; arrow keys, Home and End
// move between points, the value is announced through an aria-live region), and series toggles
// on a chart's legend when it has several series. Browser only; loaded once per page by
// ChartTips.astro. Without JavaScript nothing here runs and the page is what the build wrote.
//
// The words and numbers shown are the build's own: a point's date and value are read from the
// chart's data table (`.chart-data table`, the chart's text alternative, formatted with the
// page's locale on the server), so the browser formats nothing. Positions come from the SVG:
// the vertices of each line's path, whose x gives the day (`data-x` says the plot's left and
// right edges and its first and last days).

interface Point {
  /** Row key in the data table: the ISO day of a line chart, the row index of a bar chart. */
  key: string;
  x: number;
  y: number;
  /** Index of the series (line) or 0 (bars). */
  series: number;
}

interface Chart {
  svg: SVGSVGElement;
  points: Point[];
  /** Points sorted by key, then series: what the arrow keys walk through. */
  at: number;
  tip: HTMLElement;
  live: HTMLElement;
  dot: SVGCircleElement;
}

const SVGNS = 'http://www.w3.org/2000/svg';
const charts = new WeakMap<SVGSVGElement, Chart>();
const DAY = 86_400_000;

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function linePoints(svg: SVGSVGElement): Point[] {
  const [left, right, first, last] = (svg.dataset.x ?? '').split(' ');
  const l = Number(left);
  const r = Number(right);
  const t0 = Date.parse(`${first}T00:00:00Z`);
  const t1 = Date.parse(`${last}T00:00:00Z`);
  if (!Number.isFinite(l) || !Number.isFinite(t0)) return [];
  const span = Math.max(1, Math.round((t1 - t0) / DAY));
  const points: Point[] = [];
  svg.querySelectorAll<SVGPathElement>('path.series').forEach((path, series) => {
    if (path.style.display === 'none') return;
    for (const m of (path.getAttribute('d') ?? '').matchAll(/[ML](-?[\d.]+) (-?[\d.]+)/g)) {
      const x = Number(m[1]);
      const day = Math.round(((x - l) / (r - l)) * span);
      points.push({ key: iso(t0 + day * DAY), x, y: Number(m[2]), series });
    }
  });
  return points.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.series - b.series));
}

function barPoints(svg: SVGSVGElement): Point[] {
  return [...svg.querySelectorAll<SVGRectElement>('rect')].map((rect, i) => ({
    key: String(rect.dataset.i ?? i),
    x: Number(rect.getAttribute('x')) + Number(rect.getAttribute('width')),
    y: Number(rect.getAttribute('y')) + Number(rect.getAttribute('height')) / 2,
    series: 0,
  }));
}

/** The chart's data table: a `.chart-data` sibling of the SVG. */
function tableOf(svg: SVGSVGElement): HTMLTableElement | null {
  return svg.parentElement?.querySelector<HTMLTableElement>(':scope > .chart-data table') ?? null;
}

const text = (el: Element | null | undefined) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();

/** "day — series: value" in the page's words, from the table row of the point. */
function describe(c: Chart, p: Point): string {
  const table = tableOf(c.svg);
  const bar = c.svg.dataset.chart === 'bar';
  let row: HTMLTableRowElement | null | undefined;
  if (bar) row = table?.tBodies[0]?.rows[Number(p.key)];
  else row = table?.querySelector<HTMLTimeElement>(`tbody th time[datetime="${p.key}"]`)?.closest('tr');
  const heads = table?.tHead?.rows[0]?.cells;
  const several = !bar && c.svg.querySelectorAll('path.series').length > 1;
  // A group drawn by the dataset page's group picker: the table holds the totals, not its values.
  if (c.svg.closest<HTMLElement>('figure')?.dataset.group) row = undefined;
  if (row) {
    const value = text(row.cells[p.series + 1]);
    return several ? `${text(row.cells[0])} — ${text(heads?.[p.series + 1])}: ${value}` : `${text(row.cells[0])}: ${value}`;
  }
  // No table (or a chart redrawn in the page): the bar's own words, or the day alone.
  if (bar) {
    const g = c.svg.querySelectorAll('rect')[Number(p.key)]?.parentElement;
    return `${text(g?.querySelector('.bar-label'))}: ${text(g?.querySelector('.bar-value'))}`;
  }
  const when = new Intl.DateTimeFormat(document.documentElement.lang || 'en', { dateStyle: 'long', timeZone: 'UTC' });
  const day = when.format(new Date(`${p.key}T00:00:00Z`));
  // A day before a territory table's window: its value as the build wrote it, on the chart (data-v).
  const first = (c.svg.dataset.x ?? '').split(' ')[2];
  const early = c.svg.dataset.v?.split('|')[Math.round((Date.parse(`${p.key}T00:00:00Z`) - Date.parse(`${first}T00:00:00Z`)) / DAY)];
  return early ? `${day}: ${early}` : day;
}

function setup(svg: SVGSVGElement): Chart {
  let c = charts.get(svg);
  if (c) return c;
  const tip = document.createElement('div');
  tip.className = 'chart-tip';
  tip.hidden = true;
  tip.setAttribute('aria-hidden', 'true');
  const live = document.createElement('p');
  live.className = 'visually-hidden chart-tip-live';
  live.setAttribute('aria-live', 'polite');
  // After the legend, if any: the legend stays the SVG's next sibling.
  const next = svg.nextElementSibling;
  (next?.matches('ul.svg-legend') ? next : svg).after(live);
  document.body.append(tip);
  const dot = document.createElementNS(SVGNS, 'circle');
  dot.setAttribute('r', '5');
  dot.setAttribute('class', 'chart-tip-dot');
  dot.style.display = 'none';
  svg.append(dot);
  c = { svg, points: [], at: -1, tip, live, dot };
  charts.set(svg, c);
  return c;
}

function points(c: Chart): Point[] {
  c.points = c.svg.dataset.chart === 'bar' ? barPoints(c.svg) : linePoints(c.svg);
  return c.points;
}

function show(c: Chart, i: number, announce: boolean): void {
  const p = c.points[i];
  if (!p) return;
  c.at = i;
  const words = describe(c, p);
  c.tip.textContent = words;
  c.tip.hidden = false;
  c.dot.setAttribute('cx', String(p.x));
  c.dot.setAttribute('cy', String(p.y));
  c.dot.style.display = '';
  // The SVG scales with its box: from viewBox units to the page's pixels.
  const box = c.svg.getBoundingClientRect();
  const vb = c.svg.viewBox.baseVal;
  const px = box.left + window.scrollX + ((p.x - vb.x) / vb.width) * box.width;
  const py = box.top + window.scrollY + ((p.y - vb.y) / vb.height) * box.height;
  c.tip.style.left = `${Math.round(Math.min(px + 8, window.scrollX + document.documentElement.clientWidth - c.tip.offsetWidth - 4))}px`;
  c.tip.style.top = `${Math.round(py - c.tip.offsetHeight - 8)}px`;
  if (announce) c.live.textContent = words;
}

function hide(c: Chart): void {
  c.tip.hidden = true;
  c.dot.style.display = 'none';
}

function nearest(c: Chart, e: PointerEvent): number {
  const box = c.svg.getBoundingClientRect();
  const vb = c.svg.viewBox.baseVal;
  const x = vb.x + ((e.clientX - box.left) / box.width) * vb.width;
  const y = vb.y + ((e.clientY - box.top) / box.height) * vb.height;
  const bar = c.svg.dataset.chart === 'bar';
  let best = -1;
  let dist = Infinity;
  c.points.forEach((p, i) => {
    // Lines: the nearest day first, then the nearest line; bars: the row under the pointer.
    const d = bar ? Math.abs(p.y - y) : Math.abs(p.x - x) * 1000 + Math.abs(p.y - y);
    if (d < dist) [best, dist] = [i, d];
  });
  return best;
}

const selector = 'svg.svg-chart[data-chart="line"], svg.svg-chart[data-chart="bar"]';

function init(svg: SVGSVGElement): void {
  if (svg.dataset.tips) return;
  svg.dataset.tips = '1';
  svg.setAttribute('tabindex', '0');
}

function legendToggles(chart: SVGSVGElement): void {
  const legend = chart.nextElementSibling;
  if (!legend?.matches('ul.svg-legend') || legend.querySelector('button')) return;
  legend.querySelectorAll('li').forEach((li, i) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'series-toggle';
    button.setAttribute('aria-pressed', 'true');
    button.append(...li.childNodes);
    li.append(button);
    button.addEventListener('click', () => {
      const on = button.getAttribute('aria-pressed') !== 'true';
      // Keep one series on: a chart with none would be empty.
      if (!on && legend.querySelectorAll('[aria-pressed="true"]').length === 1) return;
      button.setAttribute('aria-pressed', String(on));
      // The chart as it is now (the group picker may have redrawn it).
      let svg = legend.previousElementSibling;
      while (svg && !(svg instanceof SVGSVGElement)) svg = svg.previousElementSibling;
      if (!svg) return;
      svg.querySelectorAll<SVGElement>(`[data-s="${i}"]`).forEach((el) => (el.style.display = on ? '' : 'none'));
      const c = charts.get(svg);
      if (c) hide(c);
    });
  });
}

function start(): void {
  document.querySelectorAll<SVGSVGElement>(selector).forEach((svg) => {
    init(svg);
    if (svg.dataset.chart === 'line' && svg.querySelectorAll('path.series').length > 1) legendToggles(svg);
  });
  // A chart redrawn in the page (group picker, live chart) is focusable again.
  new MutationObserver(() => document.querySelectorAll<SVGSVGElement>(selector).forEach(init)).observe(document.body, { childList: true, subtree: true });
  // Delegated, so that a chart redrawn in the page keeps working.
  // pointerdown too: a tap on a touch screen moves no pointer.
  const point = (e: PointerEvent) => {
    const svg = (e.target as Element | null)?.closest?.<SVGSVGElement>(selector);
    if (!svg) return;
    init(svg);
    const c = setup(svg);
    points(c);
    show(c, nearest(c, e), false);
  };
  document.addEventListener('pointermove', point);
  document.addEventListener('pointerdown', point);
  document.addEventListener(
    'pointerleave',
    (e) => {
      // Only when leaving the chart itself, not one of its lines.
      const svg = e.target instanceof SVGSVGElement && e.target.matches(selector) ? e.target : undefined;
      const c = svg && charts.get(svg);
      if (c && document.activeElement !== svg) hide(c);
    },
    true,
  );
  document.addEventListener('focusin', (e) => {
    const svg = (e.target as Element | null)?.closest?.<SVGSVGElement>(selector);
    if (!svg) return;
    const c = setup(svg);
    const list = points(c);
    show(c, c.at >= 0 && c.at < list.length ? c.at : list.length - 1, true);
  });
  document.addEventListener('focusout', (e) => {
    const svg = (e.target as Element | null)?.closest?.<SVGSVGElement>(selector);
    const c = svg && charts.get(svg);
    if (c) hide(c);
  });
  document.addEventListener('keydown', (e) => {
    const svg = (e.target as Element | null)?.closest?.<SVGSVGElement>(selector);
    const c = svg && charts.get(svg);
    if (!c) return;
    const list = points(c);
    const last = list.length - 1;
    const step: Record<string, number> = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
    let i: number;
    if (e.key === 'Home') i = 0;
    else if (e.key === 'End') i = last;
    else if (e.key === 'Escape') return hide(c);
    else if (step[e.key]) i = Math.max(0, Math.min(last, (c.at < 0 ? last : c.at) + step[e.key]!));
    else return;
    e.preventDefault();
    show(c, i, true);
  });
}

start();
