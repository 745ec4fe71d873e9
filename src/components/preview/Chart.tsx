// The one chart island: line, area and bar charts drawn with recharts in the browser
// (recharts draws no SVG on the server; the figure's summary and data table carry the
// content until then). Hydrated when visible; every chart page shares this bundle.
import { useEffect, useMemo, useState } from 'react';
import { fetchAllRows, subscribeRows } from '../../live/client.ts';
import type { XYChartData } from '../../preview/types.ts';
import { upsertRows, xyFromObjects, type XYSpec } from '../../preview/xy.ts';
import { Area, AreaChart, Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export type XY = [number, number];

export interface ChartProps {
  id: string;
  lang: string;
  type: 'line' | 'bar' | 'area';
  /** x holds epoch milliseconds */
  time: boolean;
  xLabel: string;
  yLabel: string;
  /** Labels of the value fields, in order. */
  fields: string[];
  /** Per value field, the total (or only) series. */
  total?: XY[][];
  /** Grouped charts: every group id with its label, largest first. */
  groups?: { id: string; label: string }[];
  /** Data of the first groups, inline; the others are fetched from groupsUrl when chosen. */
  groupData?: Record<string, XY[][]>;
  groupsUrl?: string;
  categories?: { x: string; values: (number | null)[] }[];
  text: { show: string; total: string; top: string; loading: string; error: string };
  /** A chart of a live dataset: recomputed from the current rows, then on every pushed batch. */
  live?: LiveChart;
}

export interface LiveChart {
  slug: string;
  spec: XYSpec;
  /** Field names of the live resource, in Table Schema order. */
  fields: string[];
  /** Fields identifying a row (a push of an existing key replaces it). */
  key: string[];
  /** Status announced after each update; {time} is replaced. */
  updated: string;
}

/** Above this many rows the chart keeps the data computed at build. */
export const MAX_LIVE_ROWS = 50_000;

// Lines and bars contrast at least 3:1 with white (WCAG 1.4.11).
export const PALETTE = ['#1f4e8c', '#b34700', '#2e7d32', '#8e24aa', '#c62828', '#00695c', '#5d4037', '#3949ab'];

export default function Chart(props: ChartProps) {
  const { lang, time } = props;
  const numberFmt = useMemo(() => new Intl.NumberFormat(lang, { maximumFractionDigits: 2 }), [lang]);
  const compactFmt = useMemo(() => new Intl.NumberFormat(lang, { notation: 'compact', maximumFractionDigits: 1 }), [lang]);
  const dateFmt = useMemo(() => new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: 'UTC' }), [lang]);
  const tickDateFmt = useMemo(() => new Intl.DateTimeFormat(lang, { month: 'short', year: '2-digit', timeZone: 'UTC' }), [lang]);
  const [selected, setSelected] = useState<string>(props.groups ? 'total' : 'total');
  const [groupData, setGroupData] = useState<Record<string, XY[][]>>(props.groupData ?? {});
  const [status, setStatus] = useState<'idle' | 'loading' | 'error'>('idle');
  const [live, setLive] = useState<{ data: XYChartData; rows: number; ready: boolean; open: boolean; message: string }>();

  useEffect(() => {
    const spec = props.live;
    if (!spec) return;
    const byKey = new Map<string, Record<string, unknown>>();
    const pending: Record<string, unknown>[][] = [];
    const timeFmt = new Intl.DateTimeFormat(lang, { timeStyle: 'short' });
    let ready = false;
    let open = false;
    let stopped = false;
    const publish = (message?: string) => setLive((prev) => ({ data: xyFromObjects(spec.spec, spec.fields, byKey.values()), rows: byKey.size, ready, open, message: message ?? prev?.message ?? '' }));
    // Subscribe first, so no row pushed while the current rows load is missed (batches wait, then apply).
    const stop = subscribeRows(
      spec.slug,
      (batch) => {
        if (!ready) return void pending.push(batch.rows);
        upsertRows(byKey, batch.rows, spec.key);
        const at = batch.arrived ? new Date(batch.arrived) : new Date();
        publish(spec.updated.replace('{time}', timeFmt.format(Number.isNaN(at.getTime()) ? new Date() : at)));
      },
      {
        onStatus: (s) => {
          open = s === 'open';
          if (ready) setLive((prev) => prev && { ...prev, open });
        },
      },
    );
    fetchAllRows(spec.slug, { max: MAX_LIVE_ROWS })
      .then((rows) => {
        if (stopped) return;
        if (!rows) return stop(); // too many rows: keep the data computed at build
        upsertRows(byKey, rows, spec.key);
        for (const b of pending.splice(0)) upsertRows(byKey, b, spec.key);
        ready = true;
        publish();
      })
      .catch(() => stop());
    return () => {
      stopped = true;
      stop();
    };
  }, [props.live, lang]);

  const total = live?.data.total ?? props.total;
  const categories = live ? live.data.categories : props.categories;
  const groups = live?.data.groups ? live.data.groups.map((g) => ({ id: g.id, label: g.id })) : props.groups;
  const liveGroupData = useMemo(() => (live?.data.groups ? Object.fromEntries(live.data.groups.map((g) => [g.id, g.values])) : undefined), [live]);
  const liveAttrs = props.live
    ? {
        'data-live': live?.ready ? (live.open ? 'live' : 'loaded') : 'static',
        'data-rows': live?.rows ?? '',
        'data-points': (total ?? []).reduce((n, s) => n + s.length, 0) + (categories?.length ?? 0),
      }
    : {};
  const liveStatus = props.live ? (
    <p role="status" className="chart-live-status">
      {live?.message ?? ''}
    </p>
  ) : null;

  useEffect(() => {
    if (selected === 'total' || selected === 'top' || groupData[selected] || !props.groupsUrl) return;
    setStatus('loading');
    fetch(props.groupsUrl)
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(String(r.status)))))
      .then((all: Record<string, XY[][]>) => {
        setGroupData((d) => ({ ...all, ...d }));
        setStatus('idle');
      })
      .catch(() => setStatus('error'));
  }, [selected, groupData, props.groupsUrl]);

  const x = (v: number) => (time ? dateFmt.format(v) : numberFmt.format(v));
  const xTick = (v: number) => (time ? tickDateFmt.format(v) : compactFmt.format(v));
  const yTick = (v: number) => compactFmt.format(v);
  const tooltipValue = (v: unknown) => (typeof v === 'number' ? numberFmt.format(v) : String(v));

  if (categories) {
    const data = categories.map((c) => ({ x: c.x, ...Object.fromEntries(c.values.map((v, i) => [`v${i}`, v])) }));
    return (
      <div {...liveAttrs}>
        {liveStatus}
        <div className="chart-canvas" style={{ height: Math.max(240, data.length * 28 + 80) }}>
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={data} layout="vertical" margin={{ left: 8, right: 24, top: 8, bottom: 24 }}>
              <CartesianGrid strokeDasharray="3 3" horizontal={false} />
              <XAxis type="number" tickFormatter={yTick} label={{ value: props.yLabel, position: 'insideBottom', offset: -12 }} />
              <YAxis type="category" dataKey="x" width={150} tick={{ fontSize: 12 }} />
              <Tooltip formatter={tooltipValue} />
              <Legend verticalAlign="top" />
              {props.fields.map((f, i) => (
                <Bar key={f} dataKey={`v${i}`} name={f} fill={PALETTE[i % PALETTE.length]} isAnimationActive={false} />
              ))}
            </BarChart>
          </ResponsiveContainer>
        </div>
      </div>
    );
  }

  // Lines: one per value field (total or one group), or one per top group (first value field).
  let lines: { name: string; data: { x: number; y: number }[] }[] = [];
  const toObjects = (pts: XY[] | undefined) => (pts ?? []).map(([px, py]) => ({ x: px, y: py }));
  const labelOf = (id: string) => groups?.find((g) => g.id === id)?.label ?? id;
  const shownGroups = liveGroupData ?? groupData;
  if (selected === 'total') lines = props.fields.map((f, i) => ({ name: groups ? `${f} (${props.text.total})` : f, data: toObjects(total?.[i]) }));
  else if (selected === 'top') lines = (groups ?? []).slice(0, 5).map((g) => ({ name: `${labelOf(g.id)} · ${props.fields[0]}`, data: toObjects(shownGroups[g.id]?.[0]) }));
  else lines = props.fields.map((f, i) => ({ name: `${labelOf(selected)} · ${f}`, data: toObjects(shownGroups[selected]?.[i]) }));

  const common = { margin: { left: 8, right: 24, top: 8, bottom: 24 } };
  const axes = [
    <CartesianGrid key="grid" strokeDasharray="3 3" />,
    <XAxis
      key="x"
      dataKey="x"
      type="number"
      domain={['dataMin', 'dataMax']}
      scale={time ? 'time' : 'linear'}
      tickFormatter={xTick}
      allowDuplicatedCategory={false}
      label={{ value: props.xLabel, position: 'insideBottom', offset: -12 }}
    />,
    <YAxis key="y" tickFormatter={yTick} width={64} label={{ value: props.yLabel, angle: -90, position: 'insideLeft' }} />,
    <Tooltip key="tip" labelFormatter={(v) => x(Number(v))} formatter={tooltipValue} />,
    <Legend key="legend" verticalAlign="top" />,
  ];
  const selectId = `${props.id}-select`;
  return (
    <div {...liveAttrs}>
      {liveStatus}
      {groups && (
        <p className="chart-controls">
          <label htmlFor={selectId}>{props.text.show}</label>{' '}
          <select id={selectId} value={selected} onChange={(e) => setSelected(e.target.value)}>
            <option value="total">{props.text.total}</option>
            <option value="top">{props.text.top}</option>
            {groups.map((g) => (
              <option key={g.id} value={g.id}>
                {g.label}
              </option>
            ))}
          </select>
          <span role="status" className="chart-status">
            {status === 'loading' ? props.text.loading : status === 'error' ? props.text.error : ''}
          </span>
        </p>
      )}
      <div className="chart-canvas" style={{ height: 320 }} data-series={lines.map((l) => l.name).join('|')}>
        <ResponsiveContainer width="100%" height="100%">
          {props.type === 'area' ? (
            <AreaChart {...common}>
              {axes}
              {lines.map((l, i) => (
                <Area key={l.name} data={l.data} dataKey="y" name={l.name} stroke={PALETTE[i % PALETTE.length]} fill={PALETTE[i % PALETTE.length]} fillOpacity={0.15} isAnimationActive={false} />
              ))}
            </AreaChart>
          ) : (
            <LineChart {...common}>
              {axes}
              {lines.map((l, i) => (
                <Line key={l.name} data={l.data} dataKey="y" name={l.name} stroke={PALETTE[i % PALETTE.length]} dot={false} strokeWidth={2} isAnimationActive={false} />
              ))}
            </LineChart>
          )}
        </ResponsiveContainer>
      </div>
    </div>
  );
}
